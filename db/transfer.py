"""`python bot.py migrate-to postgresql://...`: an install that outgrows SQLite moves, whole.

The SQLite file is brought to the latest migration, the PostgreSQL database gets the same
schema (its own migrations), then every table is copied in one transaction, ids included
(identities moved past the highest id), and every table's row count is compared. A target that
already holds rows is refused: nothing is merged, nothing overwritten.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

import asyncpg

from db.database import Database, is_postgres
from db.postgres import PostgresDatabase

BATCH = 5_000


class TransferError(Exception):
    """Why the copy was refused or did not match; one line, in French and English."""


async def _sqlite_tables(source: Database) -> list[str]:
    """In creation order, so a table comes after the tables it references."""
    rows = await source.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    )
    return [row["name"] for row in rows]


async def count(db, table: str) -> int:
    row = await db.fetchone(f'SELECT COUNT(*) AS n FROM "{table}"')  # noqa: S608 - schema names
    return int(row["n"])


async def copy_database(source: Database, target: PostgresDatabase) -> dict[str, int]:
    """Copy every table; return the rows per table (verified equal on both sides)."""
    await source.migrate()
    await target.migrate()
    tables = await _sqlite_tables(source)
    missing = set(tables) - set(await target.tables())
    if missing:
        raise TransferError(
            f"tables absentes de PostgreSQL / tables missing on PostgreSQL: {sorted(missing)}"
        )
    held = {t: n for t in tables if (n := await count(target, t))}
    if held:
        raise TransferError(
            "la base PostgreSQL n'est pas vide, rien n'a été copié / the PostgreSQL database is"
            f" not empty, nothing was copied: {held}"
        )
    copied: dict[str, int] = {}
    async with target.transaction():
        for table in tables:
            columns = [r["name"] for r in await source.fetchall(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            rows = await source.fetchall(f'SELECT {names} FROM "{table}"')  # noqa: S608
            try:
                for start in range(0, len(rows), BATCH):
                    batch = [tuple(r) for r in rows[start : start + BATCH]]
                    await target.executemany(insert, batch)
            except (asyncpg.PostgresError, asyncpg.DataError, ValueError) as exc:
                raise TransferError(
                    f"{table} : PostgreSQL refuse une ligne, rien n'a été copié / PostgreSQL"
                    f" refuses a row, nothing was copied: {exc}"
                ) from None
            if "id" in columns and rows:
                await target.fetchone(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f' (SELECT MAX(id) FROM "{table}"))'  # noqa: S608
                )
            copied[table] = len(rows)
        for table in tables:
            there = await count(target, table)
            if there != copied[table]:
                raise TransferError(
                    f"{table} : lignes dans SQLite {copied[table]}, dans PostgreSQL {there}"
                    f" / {table}: rows in SQLite {copied[table]}, in PostgreSQL {there}"
                )
    return copied


async def migrate_to_command(source, target_url: str, environ: Mapping[str, str]) -> int:
    """source: the configured DatabaseTarget (must be SQLite)."""
    if source.backend != "sqlite":
        print(
            "migrate-to copie une base SQLite ; la configuration en désigne une autre",
            file=sys.stderr,
        )
        return 2
    if not os.path.exists(source.url):  # noqa: ASYNC240 - once, before any I/O
        print(f"migrate-to : pas de base SQLite à {source.url}", file=sys.stderr)
        return 2
    if not is_postgres(target_url):
        print("migrate-to attend une adresse postgresql://…", file=sys.stderr)
        return 2
    password = urlsplit(target_url).password or environ.get("TUTORAT_DATABASE_PASSWORD")
    try:
        async with (
            Database(source.url) as sqlite,
            PostgresDatabase(target_url, password=password) as pg,
        ):
            copied = await copy_database(sqlite, pg)
    except TransferError as exc:
        print(f"migrate-to refusé — {exc}", file=sys.stderr)
        return 1
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"migrate-to : PostgreSQL injoignable / unreachable — {exc}", file=sys.stderr)
        return 1
    total = sum(copied.values())
    print(
        f"lignes copiées : {total}, tables : {len(copied)}, comptes vérifiés"
        f" / rows copied: {total}, tables: {len(copied)}, counts verified"
    )
    for table, n in copied.items():
        print(f"  {table}: {n}")
    return 0
