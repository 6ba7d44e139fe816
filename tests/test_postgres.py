"""PostgreSQL as the store: the same replays as on SQLite, line for line, and migrate-to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db.database import Database, open_database
from db.transfer import _sqlite_tables

ROOT = Path(__file__).resolve().parents[1]
TRACES = Path(__file__).parent / "traces"
SYNTHETIC = sorted(p.name for p in TRACES.glob("*.jsonl"))


def bot(*argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bot.py", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "", **env},
    )


def summary_line(result: subprocess.CompletedProcess) -> str:
    return next(x for x in result.stderr.splitlines() if x.startswith("replay "))


def both(*runs: tuple[str, ...]) -> list[subprocess.CompletedProcess]:
    """Several bot.py runs side by side (each one is single-threaded)."""
    started = [
        (
            argv,
            subprocess.Popen(
                [sys.executable, "bot.py", *argv],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={"PATH": ""},
            ),
        )
        for argv in runs
    ]
    done = []
    for argv, process in started:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(argv, process.returncode, out, err))
    return done


@pytest.mark.parametrize("trace", SYNTHETIC)
async def test_a_replay_on_postgresql_gives_the_same_prompts_as_on_sqlite(trace, pg_url):
    on_sqlite, on_pg = both(
        ("replay", str(TRACES / trace)), ("replay", str(TRACES / trace), "--database", pg_url)
    )
    assert on_sqlite.returncode == 0, on_sqlite.stderr
    assert on_pg.returncode == 0, on_pg.stderr
    assert on_sqlite.stdout.splitlines(), "the trace gives prompts"
    assert on_pg.stdout.splitlines() == on_sqlite.stdout.splitlines()
    assert summary_line(on_pg) == summary_line(on_sqlite)


async def rows_of(db, table: str) -> list[tuple]:
    rows = await db.fetchall(f'SELECT * FROM "{table}"')  # noqa: S608 - schema names
    return sorted((tuple(r) for r in rows), key=repr)


async def test_migrate_to_copies_every_row_and_refuses_a_second_time(tmp_path, pg_server):
    sqlite = tmp_path / "tutorat.db"
    replayed = bot("replay", str(TRACES / "cohort_paris.jsonl"), "--database", str(sqlite))
    assert replayed.returncode == 0, replayed.stderr
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{sqlite}"\n', encoding="utf-8")
    target = await pg_server.create_database()

    moved = bot("--config", str(config), "migrate-to", target)
    assert moved.returncode == 0, moved.stderr
    assert "comptes vérifiés" in moved.stdout

    async with Database(sqlite) as source, open_database(target) as pg:
        tables = await _sqlite_tables(source)
        assert {"cohorts", "learners", "activity", "outbox", "cases"} <= set(tables)
        assert sum([len(await rows_of(source, t)) for t in tables]) > 1000
        for table in tables:  # the same values, read back through the same repositories' API
            assert await rows_of(pg, table) == await rows_of(source, table), table
        # ids keep growing after the copied ones
        new_id = await pg.insert(
            "INSERT INTO meta (key, value) VALUES ('moved', 'yes')"
        ) and await pg.insert(
            "INSERT INTO cohorts (guild_id, name, tz, kickoff_at, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (7, "après", "Europe/Paris", "2027-03-01T08:00:00+00:00", "2027-03-01T08:00:00+00:00"),
        )
        assert new_id > max(r[0] for r in await rows_of(source, "cohorts"))

    again = bot("--config", str(config), "migrate-to", target)
    assert again.returncode == 1
    assert "n'est pas vide" in again.stderr and "not empty" in again.stderr


async def test_health_says_whether_the_database_answers(tmp_path, pg_url):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    async with open_database(pg_url) as db:
        await db.migrate()
    healthy = bot("--config", str(config), "health")
    assert healthy.returncode == 0, healthy.stderr
    assert healthy.stdout.startswith("ok: PostgreSQL (") and ", migration " in healthy.stdout
    config.write_text('[database]\nurl = "postgresql://tutorat@127.0.0.1:9/none"\n')
    down = bot("--config", str(config), "health")
    assert down.returncode == 1 and "database unreachable" in down.stderr


def test_deployment_files_take_secrets_from_the_environment():
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert "${DISCORD_TOKEN:?" in compose and "${POSTGRES_PASSWORD:?" in compose
    assert "healthcheck" in compose and "pgdata:" in compose
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "HEALTHCHECK" in docker and "USER tutorat" in docker and "TOKEN=" not in docker
    unit = (ROOT / "deploy" / "tutorat.service").read_text(encoding="utf-8")
    assert "EnvironmentFile=/etc/tutorat.env" in unit and "check-config" in unit


async def test_migrate_to_refuses_a_row_postgresql_rejects_and_copies_nothing(tmp_path, pg_url):
    from db.transfer import TransferError, copy_database

    async with Database(tmp_path / "odd.db") as source, open_database(pg_url) as target:
        await source.migrate()
        await source.execute("INSERT INTO meta (key, value) VALUES ('a', 'b')")
        await source.execute(  # SQLite took an instant PostgreSQL cannot read
            "INSERT INTO cohorts (id, guild_id, name, tz, kickoff_at, created_at)"
            " VALUES (1, 1, 'c', 'Europe/Paris', '2027-01-11T08:00:00+00:00', 'x')"
        )
        with pytest.raises(TransferError, match="cohorts : PostgreSQL refuse une ligne"):
            await copy_database(source, target)
        assert await target.fetchone("SELECT * FROM meta") is None  # all or nothing


def test_a_machine_without_postgresql_fails_the_run_with_a_sentence(monkeypatch):
    import sandbox.postgres as pg

    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    with pytest.raises(pg.PostgresUnavailable, match="apt-get install -y postgresql"):
        pg.PostgresServer()
