"""python bot.py backup FILE / restore FILE: a copy of the database while the bot runs, and
that copy put back into an empty database, every table's row count checked.

SQLite: the online backup API (sqlite3's `backup`) copies the file page by page beside the
running bot; the copy is a SQLite file whose counts the restore compares with. PostgreSQL:
`pg_dump --format=custom` inside a snapshot whose row counts are written beside the dump
(FILE.counts.json), then `pg_restore --single-transaction` into an empty database.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from db.database import is_postgres


class BackupError(RuntimeError):
    """Said in one sentence, French then English."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# SQLite ----------------------------------------------------------------------------------


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {t: conn.execute(f"SELECT COUNT(*) FROM {_quoted(t)}").fetchone()[0] for t in tables}  # noqa: S608


def sqlite_backup(source: str, target: Path) -> dict[str, int]:
    """Copy the live file into `target` (written whole, then moved into place)."""
    if not Path(source).exists():
        raise BackupError(f"{source} n'existe pas / does not exist")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst, pages=1024)  # steps of 4 MB: the bot's writes go on between them
        counts = sqlite_counts(dst)
    os.replace(partial, target)
    return counts


def sqlite_restore(backup: Path, target: str) -> dict[str, int]:
    """The backup into `target`, which must be missing or empty; the counts compared."""
    with contextlib.closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as src:
        try:
            wanted = sqlite_counts(src)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{backup} n'est pas une sauvegarde SQLite / not a backup") from exc
        if Path(target).exists():
            with contextlib.closing(sqlite3.connect(target)) as existing:
                if sqlite_counts(existing):
                    raise BackupError(
                        f"{target} n'est pas vide : la restauration se fait dans une base vide"
                        f" (déplacez l'ancienne) / {target} is not empty"
                    )
        with contextlib.closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            found = sqlite_counts(dst)
    _compare(wanted, found)
    return found


# PostgreSQL ------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, name).exists():
            return str(Path(folder, name))
    raise BackupError(
        f"{name} est introuvable : installez les outils clients de PostgreSQL"
        f" (paquet postgresql-client) / {name} not found"
    )


def _plain(url: str) -> str:
    """The URL without its password (given to the tools through PGPASSWORD)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _env(url: str, password: str | None) -> dict[str, str]:
    env = dict(os.environ)
    secret = password or urlsplit(url).password
    if secret:
        env["PGPASSWORD"] = secret
    return env


async def pg_counts(conn: asyncpg.Connection) -> dict[str, int]:
    tables = await conn.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return {
        t["table_name"]: await conn.fetchval(f"SELECT COUNT(*) FROM {_quoted(t['table_name'])}")  # noqa: S608
        for t in tables
    }


async def pg_backup(url: str, password: str | None, target: Path) -> dict[str, int]:
    """pg_dump within one snapshot, whose counts go to FILE.counts.json."""
    conn = await asyncpg.connect(url, password=password)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            counts = await pg_counts(conn)
            done = await asyncio.to_thread(
                subprocess.run,
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--file",
                    str(target),
                    _plain(url),
                ],
                env=_env(url, password),
                capture_output=True,
                text=True,
            )
    finally:
        await conn.close()
    if done.returncode != 0:
        raise BackupError(f"pg_dump a échoué / failed: {done.stderr.strip()[-400:]}")
    counts_file(target).write_text(json.dumps(counts, indent=1, sort_keys=True), encoding="utf-8")
    return counts


def counts_file(dump: Path) -> Path:
    return dump.with_name(dump.name + ".counts.json")


async def pg_restore(dump: Path, url: str, password: str | None) -> dict[str, int]:
    manifest = counts_file(dump)
    if not manifest.exists():
        raise BackupError(
            f"{manifest} manque : il accompagne chaque sauvegarde PostgreSQL faite par"
            " bot.py backup (les nombres de lignes à retrouver) / the counts file is missing"
        )
    wanted = json.loads(manifest.read_text(encoding="utf-8"))
    conn = await asyncpg.connect(url, password=password)
    try:
        if await pg_counts(conn):
            raise BackupError(
                "la base cible n'est pas vide : la restauration se fait dans une base vide"
                " / the target database is not empty"
            )
        done = await asyncio.to_thread(
            subprocess.run,
            [
                _tool("pg_restore"),
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--dbname",
                _plain(url),
                str(dump),
            ],
            env=_env(url, password),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore a échoué / failed: {done.stderr.strip()[-400:]}")
        found = await pg_counts(conn)
    finally:
        await conn.close()
    _compare(wanted, found)
    return found


# both ------------------------------------------------------------------------------------


def _compare(wanted: dict[str, int], found: dict[str, int]) -> None:
    differ = [
        f"{t}: {wanted.get(t)} -> {found.get(t)}"
        for t in sorted(wanted.keys() | found.keys())
        if wanted.get(t) != found.get(t)
    ]
    if differ:
        raise BackupError(
            "la base restaurée ne compte pas les mêmes lignes que la sauvegarde"
            f" / row counts differ: {'; '.join(differ)}"
        )


async def backup(url: str, password: str | None, target: Path) -> dict[str, int]:
    if is_postgres(url):
        return await pg_backup(url, password, target)
    return await asyncio.to_thread(sqlite_backup, url, target)


async def restore(source: Path, url: str, password: str | None) -> dict[str, int]:
    if not await asyncio.to_thread(source.exists):
        raise BackupError(f"{source} n'existe pas / does not exist")
    if is_postgres(url):
        return await pg_restore(source, url, password)
    return await asyncio.to_thread(sqlite_restore, source, url)


def summary(counts: dict[str, int]) -> str:
    return f"{len(counts)} tables, {sum(counts.values())} lignes / rows"
