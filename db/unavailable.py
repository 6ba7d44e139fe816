"""Which driver errors mean "the database is not there right now" rather than a bug: the
server stopped or restarting, its connections cut, the SQLite file read-only or locked by
another process, the disk full. The stores turn them into tutorat.errors.DatabaseUnavailable,
which the bot answers with a sentence and retries its own work after."""

from __future__ import annotations

import sqlite3

import asyncpg

# SQLite's primary result codes: BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN
SQLITE_CODES = frozenset({5, 6, 8, 10, 13, 14})
POSTGRES_ERRORS = (
    asyncpg.PostgresConnectionError,  # class 08: connection gone or refused
    asyncpg.exceptions.OperatorInterventionError,  # class 57: shutting down, starting up
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: disk full, too many connections
    OSError,  # refused, reset, timed out
)


def unavailable(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in SQLITE_CODES
    if isinstance(error, asyncpg.InterfaceError):
        return "connection" in str(error) and "closed" in str(error)
    if isinstance(error, asyncpg.exceptions.InternalClientError):
        # a connection caught by the server's goodbye (57P01) while a query starts on it
        return "cannot switch to state" in str(error)
    return isinstance(error, POSTGRES_ERRORS)
