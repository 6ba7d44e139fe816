"""SQLite on the calling thread, for a batch that runs alone (`bot.py replay`): the same
statements through the same `Database`, without aiosqlite's trip to its own thread and back
for each of them. A replay of a large presentation runs some 135 000 short statements one
after the other, and nothing waits beside them: those trips, not SQLite, were most of the
time it spent in the database. The bot itself keeps aiosqlite, so that a slow statement
never holds up the gateway.

Only what `Database` uses of an aiosqlite connection is here, with the same names."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any


class Cursor:
    """A finished statement: how many rows it changed, the row it inserted, what it read."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchall(self) -> list:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class Statement:
    """`connection.execute(...)`, run at once: awaited, or used with `async with` (closed
    after), as aiosqlite allows."""

    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor

    def __await__(self):
        return self._done().__await__()

    async def _done(self) -> Cursor:
        return self._cursor

    async def __aenter__(self) -> Cursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


class InlineConnection:
    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw

    @property
    def in_transaction(self) -> bool:
        return self._raw.in_transaction

    @property
    def row_factory(self) -> Any:
        return self._raw.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._raw.row_factory = factory

    def execute(self, sql: str, params: Iterable | dict = ()) -> Statement:
        return Statement(Cursor(self._raw.execute(sql, params)))

    async def execute_fetchall(self, sql: str, params: Iterable | dict = ()) -> list:
        return self._raw.execute(sql, params).fetchall()

    async def executemany(self, sql: str, rows: Iterable) -> None:
        self._raw.executemany(sql, rows)

    async def executescript(self, script: str) -> None:
        self._raw.executescript(script)

    async def close(self) -> None:
        self._raw.close()


async def connect(path: str) -> InlineConnection:
    """Like `aiosqlite.connect(path, isolation_level=None)`: transactions are the caller's."""
    return InlineConnection(sqlite3.connect(path, isolation_level=None))
