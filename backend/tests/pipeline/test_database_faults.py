"""A database fault (a connection terminated, a server restarting) is transient: a job is
handed to the sweeper instead of failing as `internal`, and a request answers 503, not 500
(issue 27: connection terminations failed a document with `internal` and uploads with 500)."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
from fastapi import FastAPI

from app.api.errors import install_error_handlers
from app.errors import ErrorCode, error_code, is_database_fault, is_transient
from tests import files
from tests.pipeline.helpers import (
    active_job,
    create_document,
    create_user,
    fail_once,
    process,
    status,
    terminated_query_error,
)


async def test_a_terminated_connection_is_a_transient_database_fault(pg_dsn) -> None:
    exc = await terminated_query_error(pg_dsn)
    assert is_database_fault(exc) and is_transient(exc)
    assert error_code(exc) is not ErrorCode.INTERNAL

    async def unique_violation() -> Exception:
        conn = await asyncpg.connect(pg_dsn)
        try:
            await conn.execute("create temp table t (x int primary key)")
            await conn.execute("insert into t values (1)")
            await conn.execute("insert into t values (1)")
        except Exception as err:
            return err
        finally:
            await conn.close()
        raise AssertionError("no error")

    assert not is_database_fault(await unique_violation())  # a bug stays a bug


async def test_a_request_that_meets_a_database_fault_answers_503(pg_dsn) -> None:
    app = FastAPI()
    install_error_handlers(app)
    fault = await terminated_query_error(pg_dsn)

    @app.get("/boom")
    async def boom() -> None:
        raise fault

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as client:
        answer = await client.get("/boom")
    assert answer.status_code == 503, answer.text
    assert "try again" in answer.json()["detail"] and answer.headers["Retry-After"]


async def test_a_database_fault_during_ocr_hands_the_job_back_instead_of_failing_it(
    pipeline, runtime, db, monkeypatch, pg_dsn
) -> None:
    user_id = await create_user(db)
    doc_id = await create_document(runtime, user_id, files.bill_pdf())
    job = await active_job(runtime, doc_id)
    fault = await terminated_query_error(pg_dsn)
    fail_once(monkeypatch, "record_progress", fault, about=[doc_id])
    try:
        await process(pipeline, doc_id)
    except Exception as exc:
        assert exc is fault or is_database_fault(exc)
    assert await status(db, doc_id) != "failed"
    row = await db.fetchrow(
        "select state, lease_expires_at <= now() as expired, error_code from document_jobs"
        " where id = $1",
        job.id,
    )
    assert row["error_code"] is None
    assert row["state"] != "failed"


async def test_a_query_on_a_connection_already_seen_closed_is_a_database_fault(pg_dsn) -> None:
    """The other order of the same fault: the termination notice is read before the next query
    is sent (common on a busy machine), and asyncpg raises InterfaceError("connection is
    closed") without sending it. Misuse of a connection stays a bug."""
    victim = await asyncpg.connect(pg_dsn)
    killer = await asyncpg.connect(pg_dsn)
    try:
        await killer.execute("select pg_terminate_backend($1)", victim.get_server_pid())
    finally:
        await killer.close()
    for _ in range(200):  # until asyncpg has read the notice and marked the connection closed
        if victim.is_closed():
            break
        await asyncio.sleep(0.05)
    assert victim.is_closed()
    try:
        await victim.fetchval("select 1")
    except Exception as exc:
        closed = exc
    else:
        raise AssertionError("a closed connection answered")
    finally:
        victim.terminate()
    assert isinstance(closed, asyncpg.InterfaceError), repr(closed)
    assert is_database_fault(closed) and is_transient(closed)
    assert not is_database_fault(asyncpg.InterfaceError("cannot use Connection.transaction()"))
