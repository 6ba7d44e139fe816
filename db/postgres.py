"""The same store on PostgreSQL (asyncpg): a pool, the same transaction() and statements.

Repositories call fetchall/fetchone/execute/insert/executemany with SQLite's SQL; db.dialect
translates it. Within one process, transactions take turns as on SQLite (the same lock, so a
repository's "read, then write" reasoning holds); between processes, PostgreSQL's own locks and
`FOR UPDATE SKIP LOCKED` do the work.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from db import dialect
from db.database import MIGRATIONS, About, MigrationFailed, TakingTurns, migration_files

log = logging.getLogger(__name__)
PG_MIGRATIONS = MIGRATIONS / "postgresql"
MIGRATION_LOCK = 7_362_019  # pg_advisory_xact_lock key: one process migrates at a time


async def _prepare(conn: asyncpg.Connection) -> None:
    """Instants and days travel as the text the repositories already read and write."""
    await conn.execute("SET TIME ZONE 'UTC'; SET datestyle = 'ISO, YMD'")
    # The bot's reads are index lookups on a small, cached working set; the default cost of a
    # random read (4, spinning disks) made the planner read a guild's whole activity table for
    # each cohort's scan (make bench: 9.4x a plain SELECT at 100 000 learners instead of <= 5x).
    await conn.execute("SET random_page_cost = 1.1")
    await conn.set_type_codec(
        "timestamptz",
        schema="pg_catalog",
        encoder=dialect.encode_instant,
        decoder=dialect.decode_instant,
        format="text",
    )
    await conn.set_type_codec(
        "date",
        schema="pg_catalog",
        encoder=dialect.encode_day,
        decoder=str,
        format="text",
    )
    await conn.set_type_codec(
        "numeric", schema="pg_catalog", encoder=str, decoder=dialect.decode_number, format="text"
    )


class PostgresDatabase(TakingTurns):
    backend = "postgresql"
    # claims (db/outbox.py) skip the rows another process is taking at that moment
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, *, password: str | None = None, pool_size: int = 4) -> None:
        super().__init__()
        self.url, self.password, self.pool_size = url, password, pool_size
        self._pool: asyncpg.Pool | None = None
        self._tx: contextvars.ContextVar = contextvars.ContextVar("tx", default=None)
        self._with_id: set[str] | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not open")
        return self._pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.url,
            password=self.password,
            min_size=1,
            max_size=self.pool_size,
            init=_prepare,
            statement_cache_size=256,
            timeout=2.0,  # a connection not made in 2 s is an outage (answered within 3 s)
        )

    async def _lost(self) -> None:
        """The server went away (stopped, restarted, connections killed): every connection
        of the pool is replaced at its next use, so the pool reconnects by itself."""
        if self._pool is not None:
            await self._pool.expire_connections()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def __aenter__(self) -> PostgresDatabase:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _current(self) -> asyncpg.Connection | None:
        return self._tx.get() if self._owner is asyncio.current_task() else None

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """The task's transaction connection, or one from the pool for a single statement."""
        conn = self._current()
        if conn is not None:
            yield conn
            return
        async with self._guarded(), self.pool.acquire() as conn:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """BEGIN ... COMMIT, or ROLLBACK on error; a nested call in the same task joins."""
        task = asyncio.current_task()
        if self._owner is task:
            yield self._tx.get()
            return
        async with self._lock, self._guarded(), self.pool.acquire() as conn:
            self._owner = task
            token = self._tx.set(conn)
            try:
                async with conn.transaction():
                    yield conn
            finally:
                self._tx.reset(token)
                self._owner = None
                self._transaction_over()

    # migrations ----------------------------------------------------------------------------

    async def version(self) -> int:
        async with self.connection() as conn:
            exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
            if not exists:
                return 0
            return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    async def migrate(self, folder: Path = PG_MIGRATIONS) -> list[int]:
        """Apply the migrations newer than schema_version, each in its own transaction with its
        version row: all or nothing. Two processes starting together take turns."""
        applied = []
        for number, path in migration_files(folder):
            script = path.read_text(encoding="utf-8")
            try:
                async with self.pool.acquire() as conn, conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY,"
                        " applied_at timestamptz NOT NULL DEFAULT now())"
                    )
                    done = await conn.fetchval(
                        "SELECT COALESCE(MAX(version), 0) FROM schema_version"
                    )
                    if number <= done:
                        continue
                    await conn.execute(script)
                    await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", number)
            except asyncpg.PostgresError as error:
                raise MigrationFailed(path, await self.version(), error) from error
            log.info("migration %03d applied (%s, PostgreSQL)", number, path.name)
            applied.append(number)
        self._with_id = None
        return applied

    async def tables(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT table_name AS name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            " AND table_name != 'schema_version' ORDER BY table_name"
        )
        return [row["name"] for row in rows]

    def day_of(self, column: str) -> str:
        return dialect.day_of(column, self.backend)

    # statements ----------------------------------------------------------------------------

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[asyncpg.Record]:
        text, args = dialect.to_postgres(sql, params)
        async with self.connection() as conn:
            return await conn.fetch(text, *args)

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> asyncpg.Record | None:
        text, args = dialect.to_postgres(sql, params)
        async with self.connection() as conn:
            return await conn.fetchrow(text, *args)

    async def execute(self, sql: str, params: tuple | dict = (), *, about: About = None) -> int:
        text, args = dialect.to_postgres(sql, params)
        async with self._writing(), self.connection() as conn:
            changed = dialect.changed_rows(await conn.execute(text, *args))
        self._changed(changed, sql, about)
        return changed

    async def insert(
        self, sql: str, params: tuple | dict = (), *, about: About = None
    ) -> int | None:
        """Run one INSERT; the new row's id (RETURNING id where the table has one), or None
        when nothing was inserted."""
        text, args = dialect.to_postgres(sql, params)
        table = dialect.inserted_table(sql)
        async with self._writing(), self.connection() as conn:
            if table is not None and table in await self._tables_with_id(conn):
                found = await conn.fetchval(text + " RETURNING id", *args)
            else:
                found = 1 if dialect.changed_rows(await conn.execute(text, *args)) == 1 else None
        self._changed(found is not None, sql, about)
        return found

    async def executemany(self, sql: str, rows: list[tuple], *, about: About = None) -> None:
        text, _ = dialect.to_postgres(sql, ())
        async with self._writing(), self.connection() as conn:
            await conn.executemany(text, [list(row) for row in rows])
        self._changed(len(rows), sql, about)

    async def _tables_with_id(self, conn: asyncpg.Connection) -> set[str]:
        if self._with_id is None:
            rows = await conn.fetch(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = 'id'"
            )
            self._with_id = {row["table_name"] for row in rows}
        return self._with_id
