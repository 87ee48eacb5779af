"""The asyncpg pool and schema setup (Supabase-compatibility bootstrap, then migrations)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import asyncpg

from app.config import Settings
from app.store.types import Connection

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[3]
MIGRATIONS_DIR = REPO_ROOT / "supabase" / "migrations"
BOOTSTRAP_SQL = Path(__file__).with_name("supabase_compat.sql")


async def _init_connection(conn: Connection) -> None:
    # jsonb in and out as Python objects, so no call site has to json.dumps by hand. In binary
    # format (a version byte, then the text): a jsonb column inside a composite (the whole
    # `documents` row `commit_upload` returns carries `facts`) can only be decoded in binary.
    await conn.set_type_codec(
        "jsonb",
        encoder=_jsonb_encode,
        decoder=_jsonb_decode,
        schema="pg_catalog",
        format="binary",
    )


def _jsonb_encode(value: object) -> bytes:
    return b"\x01" + json.dumps(value).encode()


def _jsonb_decode(data: bytes) -> object:
    return json.loads(data[1:])


# The job pool on a cluster this process started (local mode) runs behind the requests:
# - its server processes get a lower CPU priority: an OCR result costs PostgreSQL tens of ms
#   of CPU (parsing the text for search), which must not delay the uploads being acknowledged
#   on the same cores. The OCR workers run at 19; these stay ahead of them.
# - its commits do not wait for the disk (`synchronous_commit = off`): a crash of the machine
#   can lose the last fraction of a second of job progress, which recovery redoes (the job's
#   lease runs out and it runs again), but never an upload — uploads commit on the request
#   pool and wait for the flush. Fewer flushes leave the disk to the uploads' own.
BACKGROUND_NICE = 10


async def _keep_session(conn: Connection) -> None:
    """Released connections skip asyncpg's default reset (`pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`): a round trip on every release, on the caller's path (an upload
    waited for it before its 202). Our pooled sessions carry no state to reset: no session
    `SET`, no `LISTEN` (the change feed has its own connection), no cursors held, and the one
    session advisory lock (migrations) is released explicitly. An open transaction is still
    rolled back by asyncpg itself before this is called."""


async def _init_background_connection(conn: Connection) -> None:
    await _init_connection(conn)
    pid = conn.get_server_pid()
    try:  # lower only: a server started at a lower priority than this stays there
        os.setpriority(
            os.PRIO_PROCESS, pid, max(BACKGROUND_NICE, os.getpriority(os.PRIO_PROCESS, pid))
        )
    except OSError as exc:  # not ours to renice (another user's cluster): run as it is
        log.debug("could not lower the priority of database process %d: %s", pid, exc)


async def create_pool(
    dsn: str, settings: Settings, *, size: int | None = None, background: bool = False
) -> asyncpg.Pool:
    """`background`: the job pipeline's pool on the local cluster this process started: lower
    CPU priority (`BACKGROUND_NICE`) and commits that do not wait for the disk (see above)."""
    kwargs: dict = {}
    if settings.database_disable_prepared_statements:
        kwargs["statement_cache_size"] = 0  # PgBouncer transaction mode (Supabase port 6543)
    if background:
        kwargs["server_settings"] = {"synchronous_commit": "off"}
    return await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=size or settings.database_pool_size,
        init=_init_background_connection if background else _init_connection,
        reset=_keep_session,
        command_timeout=30,
        timeout=10,
        **kwargs,
    )


async def apply_schema(conn: Connection, migrations_dir: Path = MIGRATIONS_DIR) -> list[str]:
    """Bootstrap what a hosted Supabase already has, then apply pending migrations in order.

    An advisory lock makes concurrent API processes take turns; each migration runs in its own
    transaction together with its bookkeeping row, so a crash never leaves one half-applied.
    """
    applied_now: list[str] = []
    await conn.execute("select pg_advisory_lock(727274)")
    try:
        await conn.execute(BOOTSTRAP_SQL.read_text())
        done = {
            r["version"]
            for r in await conn.fetch("select version from supabase_migrations.schema_migrations")
        }
        for path in sorted(migrations_dir.glob("*.sql")):  # noqa: ASYNC240 - start-up, a few small files
            version, _, name = path.stem.partition("_")
            if version in done:
                continue
            async with conn.transaction():
                await conn.execute(path.read_text())
                await conn.execute(
                    "insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)",
                    version,
                    name,
                )
            applied_now.append(path.name)
            log.info("applied migration %s", path.name)
    finally:
        await conn.execute("select pg_advisory_unlock(727274)")
    return applied_now


async def is_hosted_supabase(conn: Connection) -> bool:
    """A real Supabase project has its own `supabase_admin` role; ours never does."""
    return bool(
        await conn.fetchval("select exists (select from pg_roles where rolname = 'supabase_admin')")
    )


async def ping(pool: asyncpg.Pool) -> None:
    await pool.fetchval("select 1")
