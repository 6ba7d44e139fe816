"""One aiosqlite connection, numbered migrations, and a transaction() context manager."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from db import dialect, inline
from db.dialect import written_table
from db.unavailable import unavailable
from tutorat.errors import DatabaseUnavailable

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
_NUMBERED = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
About = int | Collection[int] | None  # whom a write is about (see TakingTurns)


def migration_files(folder: Path = MIGRATIONS) -> list[tuple[int, Path]]:
    found = []
    for path in folder.iterdir():
        match = _NUMBERED.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [number for number, _ in found]
    # numbers are reserved per change, so one may land before a lower one: unique, from 001
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] != 1):
        raise RuntimeError(f"migrations must be numbered 001, 002, ... once each: {numbers}")
    return found


class DatabaseInUse(RuntimeError):
    """A second bot process on the same SQLite file."""


class MigrationFailed(RuntimeError):
    """A migration that did not apply: rolled back whole, start-up stops saying so."""

    def __init__(self, path: Path, version: int, error: Exception) -> None:
        super().__init__(
            f"la migration {path.name} a échoué ({type(error).__name__}: {error}) ; elle est"
            f" annulée en entier et la base reste à la migration {version:03d}, sans changement."
            " Restaurez une sauvegarde ou corrigez la cause, puis relancez"
            f" / migration {path.name} failed and was rolled back: the database is still at"
            f" migration {version:03d}"
        )


class TakingTurns:
    """Within one process, transactions take turns (one task's at a time, a nested call in the
    same task joins it), and a single write outside a transaction waits for the current one:
    the same on both backends, so a repository's "read, then write" holds on both."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task | None = None
        # told each time the database is found unreachable (the bot's outage watch)
        self.on_unavailable: Callable[[], None] | None = None
        # writes that changed something, in this process: what was read before may differ now
        # (the web view keeps a page until then). Counted again when a transaction ends, so
        # that what was read during it, committed or rolled back, is not kept either. Also
        # counted by table, so that a reader can tell which writes concern it, and by learner
        # when the repository said whom the write was about (`about`): a page about another
        # learner is then kept.
        self.writes = 0
        self.by_table: Counter[str] = Counter()
        self.unplaced: Counter[str] = Counter()  # by table, the writes about nobody said
        # learner -> table -> `writes` at the last write about them there; the learners
        # written about last come last
        self.placed: dict[int, dict[str, int]] = {}
        # table -> the learners the transaction's writes there were about (None: not said)
        self._written_in_transaction: dict[str, set[int] | None] = {}

    def writes_besides(self, tables: Collection[str]) -> int:
        """The writes that changed something in another table than these (and the ends of
        the transactions that did)."""
        return sum(n for table, n in self.by_table.items() if table not in tables)

    def unplaced_besides(self, tables: Collection[str]) -> int:
        """The same, of the writes that did not say which learners they were about."""
        return sum(n for table, n in self.unplaced.items() if table not in tables)

    def last_about(self, user_id: int, besides: Collection[str] = ()) -> int:
        """`writes` at the last write about this learner in another table than these (0:
        none in this process)."""
        tables = self.placed.get(user_id, {})
        return max((n for table, n in tables.items() if table not in besides), default=0)

    def about_since(self, writes: int, besides: Collection[str] = ()) -> set[int]:
        """The learners written about since `writes` was this number, in other tables."""
        found = set()
        for user_id in reversed(self.placed):
            tables = self.placed[user_id]
            if max(tables.values()) <= writes:
                break  # written about before, and so are all those before them
            if any(n > writes for table, n in tables.items() if table not in besides):
                found.add(user_id)
        return found

    def _place(self, about: set[int], table: str) -> None:
        for user_id in about:
            tables = self.placed.pop(user_id, {})
            tables[table] = self.writes
            self.placed[user_id] = tables

    def _changed(self, rows: int, sql: str, about: int | Collection[int] | None = None) -> None:
        if not rows:
            return
        table = written_table(sql)
        whom = None if about is None else {about} if isinstance(about, int) else set(about)
        self.writes += 1
        self.by_table[table] += 1
        if whom is None:
            self.unplaced[table] += 1
        else:
            self._place(whom, table)
        if self._owner is asyncio.current_task():
            known = self._written_in_transaction.get(table, set())
            if whom is None or known is None:
                self._written_in_transaction[table] = None
            else:
                self._written_in_transaction[table] = known | whom

    def _transaction_over(self) -> None:
        if self._written_in_transaction:
            self.writes += 1
            for table, whom in self._written_in_transaction.items():
                self.by_table[table] += 1
                if whom is None:
                    self.unplaced[table] += 1
                else:
                    self._place(whom, table)
            self._written_in_transaction = {}

    @asynccontextmanager
    async def _guarded(self) -> AsyncIterator[None]:
        """A driver's "not there right now" (db/unavailable.py) -> DatabaseUnavailable."""
        try:
            yield
        except DatabaseUnavailable:
            raise
        except Exception as error:
            if not unavailable(error):
                raise
            await self._lost()
            if self.on_unavailable is not None:
                self.on_unavailable()
            raise DatabaseUnavailable(f"{type(error).__name__}: {error}") from error

    async def _lost(self) -> None:
        """After an outage's error: let go of what may be broken (PostgreSQL's connections)."""

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """A single write outside a transaction must not slip into another task's one."""
        if self._owner is asyncio.current_task():
            yield
            return
        async with self._lock:
            yield


class Database(TakingTurns):
    """The bot's store on SQLite. Repositories take it and run their SQL through it; the same
    statements run on PostgreSQL through db.postgres.PostgresDatabase (see db/dialect.py)."""

    backend = "sqlite"
    skip_locked = ""  # one process per file: nothing to skip (see PostgresDatabase)

    def __init__(self, path: str | Path, *, inline: bool = False) -> None:
        self.path = str(path)
        self.inline = inline  # SQLite on the caller's thread: a batch alone (db/inline.py)
        self._conn: aiosqlite.Connection | None = None
        self._held = None  # the open lock file while the database is open
        # One connection serves every task (gateway handlers, the outbox worker, jobs): a
        # transaction belongs to one task at a time, and others' writes wait for it.
        super().__init__()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        if self.path != ":memory:":
            self._hold_file()
        if self.inline:
            self._conn = await inline.connect(self.path)
        else:
            self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA foreign_keys = ON")
        # a file locked by another process (a backup tool) fails a write after 1.5 s, not more:
        # the person behind an interaction is answered within Discord's 3 s either way
        await self._conn.execute("PRAGMA busy_timeout = 1500")
        if self.path != ":memory:":
            await self._conn.execute("PRAGMA journal_mode = WAL")
            await self._conn.execute("PRAGMA synchronous = NORMAL")

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
        if self._held is not None:
            self._held.close()  # the lock goes with the file descriptor
            self._held = None

    def _hold_file(self) -> None:
        """SQLite serves one bot process: a second one on the same file stops, saying so.
        (An exclusive lock on a file beside the database; the kernel drops it if we die.)"""
        held = open(self.path + ".lock", "a+b")  # noqa: SIM115 - kept open while the db is
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held.close()
            raise DatabaseInUse(
                f"{self.path} est déjà utilisée par un autre processus du bot : SQLite n'en sert"
                " qu'un ; pour plusieurs processus, passez à PostgreSQL (bot.py migrate-to)"
                f" / {self.path} is already used by another bot process"
            ) from None
        self._held = held

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error. A nested call in the same task
        joins the outer transaction; another task waits until it is over."""
        task = asyncio.current_task()
        if self._owner is task:
            yield self.conn
            return
        async with self._lock:
            self._owner = task
            try:
                async with self._guarded():
                    if self.conn.in_transaction:  # left open by a failed COMMIT or ROLLBACK
                        await self._rollback()
                    await self.conn.execute("BEGIN IMMEDIATE")
                    try:
                        yield self.conn
                        await self.conn.execute("COMMIT")
                    except BaseException:
                        await self._rollback()
                        raise
            finally:
                self._owner = None
                self._transaction_over()

    async def _rollback(self) -> None:
        """ROLLBACK if a transaction is open (SQLite ends some itself on a full disk or an I/O
        error); a failure to roll back leaves the error that caused it to be told."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                await self.conn.execute("ROLLBACK")

    async def version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def migrate(self, folder: Path = MIGRATIONS) -> list[int]:
        """Apply the migrations newer than PRAGMA user_version, in order; return those applied."""
        current = await self.version()
        applied = []
        for number, path in migration_files(folder):
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            # One transaction per migration, the version bump inside it: all or nothing.
            try:
                await self.conn.executescript(
                    f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except Exception as error:
                if self.conn.in_transaction:
                    await self.conn.execute("ROLLBACK")
                raise MigrationFailed(path, await self.version(), error) from error
            log.info("migration %03d applied (%s)", number, path.name)
            applied.append(number)
        return applied

    async def tables(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        return [row["name"] for row in rows]

    def day_of(self, column: str) -> str:
        return dialect.day_of(column, self.backend)

    # one trip to aiosqlite's thread a read (execute and fetch together), not three
    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        async with self._guarded():
            return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        async with self._guarded():
            rows = await self.conn.execute_fetchall(sql, params)
        return rows[0] if rows else None

    # `about`: the learners (user ids) whose rows the write may change, when the repository
    # knows them all; None, it does not say (every page is read again)

    async def execute(self, sql: str, params: tuple | dict = (), *, about: About = None) -> int:
        """Run one statement; return how many rows it changed."""
        async with self._guarded(), self._writing(), self.conn.execute(sql, params) as cursor:
            self._changed(cursor.rowcount, sql, about)
            return cursor.rowcount

    async def insert(
        self, sql: str, params: tuple | dict = (), *, about: About = None
    ) -> int | None:
        """Run one INSERT; return the new row's id, or None when nothing was inserted."""
        async with self._guarded(), self._writing(), self.conn.execute(sql, params) as cursor:
            self._changed(cursor.rowcount, sql, about)
            return cursor.lastrowid if cursor.rowcount == 1 else None

    async def executemany(self, sql: str, rows: list[tuple], *, about: About = None) -> None:
        async with self._guarded(), self._writing():
            await self.conn.executemany(sql, rows)
        self._changed(len(rows), sql, about)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_database(
    url: str | Path, *, password: str | None = None, pool_size: int = 4, inline: bool = False
):
    """A SQLite path (the default) or a postgresql:// URL -> the store for it (not yet open).
    `inline`: SQLite on the caller's thread, for a batch that runs alone (db/inline.py)."""
    if is_postgres(str(url)):
        from db.postgres import PostgresDatabase

        return PostgresDatabase(str(url), password=password, pool_size=pool_size)
    return Database(url, inline=inline)
