"""A throwaway PostgreSQL for `scripts/test-db.sh`: start, migrate, stop.

Tiny on purpose: it reuses the backend's own `LocalPostgres` and `apply_schema`, so pgTAP runs
against exactly the schema the API would create (Supabase-compatibility bootstrap, then
`supabase/migrations/*.sql`). Run with the backend's environment:

    cd backend && uv run --frozen python ../scripts/db_cluster.py start <dir>    # prints the DSN
    cd backend && uv run --frozen python ../scripts/db_cluster.py migrate <dsn>  # prints applied
    cd backend && uv run --frozen python ../scripts/db_cluster.py stop <dir>
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import asyncpg  # noqa: E402

from app.store.database import apply_schema  # noqa: E402
from app.store.local_postgres import LocalPostgres  # noqa: E402


async def _migrate(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return await apply_schema(conn)
    finally:
        await conn.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "migrate", "stop"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, arg = argv
    if command == "start":
        print(LocalPostgres(Path(arg)).start())
    elif command == "migrate":
        for name in asyncio.run(_migrate(arg)):
            print(name)
    else:
        cluster = LocalPostgres(Path(arg))
        # Another process started it; this one is asked explicitly to stop it.
        cluster.stop(force=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
