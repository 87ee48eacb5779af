"""One list of what a browser may read of a document, and three places that must agree with it:
the column grants to `authenticated`, the NOTIFY payload, and the API's Document schema."""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg

from app.api.schemas import ChangedRow, Document
from app.domain import DOCUMENT_PUBLIC_COLUMNS
from tests.pipeline.helpers import create_user

PUBLIC = set(DOCUMENT_PUBLIC_COLUMNS)


async def test_the_grants_to_browsers_are_exactly_the_public_columns(db):
    granted = {
        r["column_name"]
        for r in await db.fetch(
            """select column_name from information_schema.column_privileges
           where table_schema = 'public' and table_name = 'documents'
             and grantee = 'authenticated' and privilege_type = 'SELECT'"""
        )
    }
    assert granted == PUBLIC
    assert set(await db.fetchval("select public.document_public_columns()")) == PUBLIC


def test_the_api_document_is_the_public_columns_less_the_owner():
    assert set(Document.model_fields) == PUBLIC - {"user_id"}
    assert set(ChangedRow.model_fields) == PUBLIC  # what the change feed may carry


async def test_the_change_feed_payload_carries_only_public_columns(db, pg_dsn):
    owner = await create_user(db)
    payloads: asyncio.Queue[dict] = asyncio.Queue()
    listener = await asyncpg.connect(pg_dsn)
    try:
        await listener.add_listener(
            "document_changes", lambda *args: payloads.put_nowait(json.loads(args[-1]))
        )
        doc_id = uuid.uuid4()
        await db.execute(
            """insert into documents (id, user_id, filename, file_path, mime_type,
                                      file_size_bytes, sha256)
               values ($1, $2, 'a.pdf', 'secret/path.pdf', 'application/pdf', 1, 'abc')""",
            doc_id,
            owner,
        )
        while (event := await asyncio.wait_for(payloads.get(), 10))["id"] != str(doc_id):
            pass
        assert set(event["new"]) == PUBLIC
        assert "secret/path.pdf" not in json.dumps(event)
        await db.execute("delete from documents where id = $1", doc_id)
    finally:
        await listener.close()
