"""End-to-end helpers for the tests (the running bot itself comes from sandbox.harness)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sandbox.harness import START, Running, Scene, config_for

__all__ = ["START", "Running", "Scene", "config_for", "eventually", "reaches", "table_text"]


async def eventually(predicate, timeout: float = 5.0):
    """Wait for something the bot does asynchronously (a gateway event handled)."""
    async with asyncio.timeout(timeout):
        while not (result := predicate()):  # noqa: ASYNC110 - polling state the bot updates
            await asyncio.sleep(0.01)
        return result


async def reaches(read, wanted, timeout: float = 5.0):
    """Wait until an async read (of the database, say) gives `wanted`; the last value read."""
    async with asyncio.timeout(timeout):
        while (found := await read()) != wanted:  # noqa: ASYNC110 - the bot's own pace
            await asyncio.sleep(0.01)
        return found


async def table_text(db_path: Path | str) -> str:
    """Every value of every table, as text: to prove what is not stored (either backend)."""
    from db.database import is_postgres, open_database

    if is_postgres(str(db_path)):
        async with open_database(str(db_path), pool_size=1) as db:
            rows = [
                repr(tuple(row))
                for table in await db.tables()
                for row in await db.fetchall(f'SELECT * FROM "{table}"')  # noqa: S608
            ]
        return "\n".join(rows)
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = [repr(row) for t in tables for row in conn.execute(f"SELECT * FROM {t}")]
    finally:
        conn.close()
    return "\n".join(rows)
