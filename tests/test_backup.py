"""bot.py backup / restore on both backends, and upgrades from the previous release.

The database is one that has lived: the Paris cohort's trace (33 learners, nine weeks of
activity, pulses, cases and posts) replayed by `bot.py replay`, of the size of the demo's six
weeks. The previous release is commit 0f28102 (git archive): its own bot.py builds the
database that the current migrations then carry forward.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import backup
from db.database import Database, MigrationFailed, open_database

ROOT = Path(__file__).resolve().parents[1]
TRACE = ROOT / "tests" / "traces" / "cohort_paris.jsonl"
PREVIOUS = "0f28102"  # the release before this one


def latest() -> int:
    return max(int(p.name[:3]) for p in (ROOT / "db/migrations").glob("[0-9][0-9][0-9]_*.sql"))


def env_without_database() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DISCORD_TOKEN")}


async def bot_py(*args: str, cwd: Path = ROOT, config: Path | None = None) -> tuple[int, str]:
    """python bot.py ... as a coordinator runs it; (exit code, what it printed)."""
    argv = [sys.executable, str(cwd / "bot.py")]
    if config is not None:
        argv += ["--config", str(config)]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        *args,
        cwd=cwd,
        env=env_without_database(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 300)
    return proc.returncode, out.decode()


def config_at(folder: Path, url: str) -> Path:
    path = folder / f"config-{abs(hash(url))}.toml"
    path.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return path


async def lived(url: str, cwd: Path = ROOT) -> None:
    code, out = await bot_py("replay", str(TRACE), "--database", url, cwd=cwd)
    assert code == 0, out


async def counts_of(url: str) -> dict[str, int]:
    async with open_database(url, pool_size=1) as db:
        return {
            t: (await db.fetchone(f'SELECT COUNT(*) AS n FROM "{t}"'))["n"]  # noqa: S608
            for t in await db.tables()
        }


async def test_sqlite_backup_while_the_bot_writes_then_restore_into_an_empty_file(tmp_path):
    live = tmp_path / "tutorat.db"
    await lived(str(live))
    before = await counts_of(str(live))
    assert before["activity"] > 3000 and before["pulse_answers"] > 200
    saved = tmp_path / "sauvegarde.db"
    async with Database(live) as db:  # the bot's own store holds the file, and writes
        writing = asyncio.Event()

        async def write() -> None:
            n = 0
            while True:
                n += 1
                await db.execute("INSERT INTO meta (key, value) VALUES (?, 'x')", (f"w{n}",))
                writing.set()
                await asyncio.sleep(0)

        writer = asyncio.create_task(write())
        await writing.wait()
        code, out = await bot_py("backup", str(saved), config=config_at(tmp_path, str(live)))
        writer.cancel()
    assert code == 0, out
    assert "sauvegarde / backup" in out and f"{len(before)} tables" in out
    with sqlite3.connect(saved) as conn:
        in_backup = backup.sqlite_counts(conn)
    assert {k: v for k, v in in_backup.items() if k != "meta"} == {
        k: v for k, v in before.items() if k != "meta"
    }
    assert in_backup["meta"] > before["meta"]  # taken while the writes went on

    restored = tmp_path / "neuve.db"
    code, out = await bot_py("restore", str(saved), config=config_at(tmp_path, str(restored)))
    assert code == 0, out
    assert "restauré / restored" in out and out.strip().endswith("ok")
    assert await counts_of(str(restored)) == in_backup
    with sqlite3.connect(restored) as conn, sqlite3.connect(saved) as copy:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == copy.execute("PRAGMA user_version").fetchone()[0] == latest()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # a second restore onto the restored database: refused, nothing touched
    code, out = await bot_py("restore", str(saved), config=config_at(tmp_path, str(restored)))
    assert code == 2 and "n'est pas vide" in out
    assert await counts_of(str(restored)) == in_backup


async def test_postgresql_backup_while_writes_go_on_then_restore_into_an_empty_database(
    pg_server, tmp_path
):
    live = await pg_server.create_database("live")
    await lived(live)
    before = await counts_of(live)
    dump = tmp_path / "tutorat.dump"
    async with open_database(live, pool_size=1) as db:
        writing = asyncio.Event()

        async def write() -> None:
            n = 0
            while True:
                n += 1
                await db.execute("INSERT INTO meta (key, value) VALUES (?, 'x')", (f"w{n}",))
                writing.set()
                await asyncio.sleep(0.005)

        writer = asyncio.create_task(write())
        await writing.wait()
        code, out = await bot_py("backup", str(dump), config=config_at(tmp_path, live))
        writer.cancel()
    assert code == 0, out
    assert backup.counts_file(dump).exists()
    empty = await pg_server.create_database("restored")
    code, out = await bot_py("restore", str(dump), config=config_at(tmp_path, empty))
    assert code == 0, out
    after = await counts_of(empty)
    assert {k: v for k, v in after.items() if k != "meta"} == {
        k: v for k, v in before.items() if k != "meta"
    }
    assert after["meta"] >= before["meta"]  # the snapshot's count, checked by restore itself
    async with open_database(empty, pool_size=1) as db:
        assert await db.version() == latest()
    code, out = await bot_py("restore", str(dump), config=config_at(tmp_path, empty))
    assert code == 2 and "n'est pas vide" in out


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory) -> Path:
    """The previous release's files (git archive), to run its own bot.py."""
    folder = tmp_path_factory.mktemp("previous")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS], capture_output=True, check=False
    )
    if archive.returncode != 0:
        pytest.fail(
            f"the previous release ({PREVIOUS}) cannot be read from git: {archive.stderr!r}",
            pytrace=False,
        )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_database_made_by_the_previous_release_is_carried_forward(
    backend, previous_release, request, tmp_path
):
    if backend == "sqlite":
        made = str(tmp_path / "ancienne.db")
    else:
        made = await request.getfixturevalue("pg_server").create_database("old")
    await lived(made, cwd=previous_release)  # the old bot.py, its migrations
    before = await counts_of(made)
    async with open_database(made, pool_size=1) as db:
        old_version = await db.version()
        await db.migrate()  # the current migrations, forward
        assert await db.version() >= old_version
        assert await db.version() == latest()
    after = await counts_of(made)
    assert {t: after[t] for t in before} == before  # every row kept


async def test_a_failing_migration_leaves_the_database_as_it_was_and_stops_start_up(
    sandbox, tmp_path, previous_release
):
    """An administrator made a table by hand that a later migration creates: that migration
    fails, is rolled back whole, and the bot does not start, saying why."""
    made = tmp_path / "tutorat.db"
    with sqlite3.connect(made) as conn:
        for path in sorted((previous_release / "db/migrations").glob("00[1-7]_*.sql")):
            conn.executescript(
                f"BEGIN;{path.read_text()};PRAGMA user_version = {path.name[:3]};COMMIT;"
            )
        conn.execute("CREATE TABLE platform_sources (made_by_hand INTEGER)")
    before = await counts_of(str(made))
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{made}"\n[discord]\napi_base = "{sandbox.api_base}"\n'
        f'gateway = "{sandbox.gateway_url}"\n',
        encoding="utf-8",
    )
    argv = [sys.executable, str(ROOT / "bot.py"), "--config", str(config)]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        cwd=ROOT,
        env={**env_without_database(), "DISCORD_TOKEN": sandbox.token},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    said = err.decode()
    assert proc.returncode == 2, said
    assert "la migration 008_platform.sql a échoué" in said
    assert "la base reste à la migration 007, sans changement" in said
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        columns = [r[1] for r in conn.execute("PRAGMA table_info(platform_sources)")]
        assert columns == ["made_by_hand"]  # as it was
        assert conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'platform_links'"
        ).fetchone() == (0,)  # nothing of 008 is left
    assert await counts_of(str(made)) == before


async def test_postgresql_a_failing_migration_is_rolled_back_whole(pg_url):
    async with open_database(pg_url, pool_size=1) as db:
        await db.execute("CREATE TABLE platform_sources (made_by_hand integer)")
        with pytest.raises(MigrationFailed) as caught:
            await db.migrate()
        assert "008_platform.sql a échoué" in str(caught.value)
        assert await db.version() == 7
        assert "platform_links" not in await db.tables()
