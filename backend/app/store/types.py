"""The connection types store functions accept, for the type checker.

asyncpg hands out `PoolConnectionProxy` objects from a pool and plain `Connection`s from
`connect()`; both run the same queries. At run time these names are only annotations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import asyncpg
    from asyncpg.pool import PoolConnectionProxy

    # One connection, e.g. inside a transaction.
    Connection: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]
    # A connection, or the pool (a single statement on any free connection).
    Conn: TypeAlias = Connection | asyncpg.Pool[asyncpg.Record]
else:
    Connection = Conn = object
