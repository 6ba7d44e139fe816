"""The database: migrations from empty and twice, transactions, the outbox table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.database import MIGRATIONS, Database, migration_files, open_database
from db.outbox import LEASE, OutboxRepository
from db.postgres import PG_MIGRATIONS
from tests.harness import START
from tutorat.shards import Shards

ROOT = Path(__file__).resolve().parents[1]


async def test_migrations_run_from_empty_and_twice(store_url):
    async with open_database(store_url) as db:
        assert await db.version() == 0
        applied = await db.migrate()
        assert applied == [n for n, _ in migration_files()]
        assert await db.version() == applied[-1]
        assert {"cohorts", "learners", "activity", "outbox", "meta"} <= set(await db.tables())
    async with open_database(store_url) as db:  # a restart: nothing left to apply
        assert await db.migrate() == []
        if db.backend == "sqlite":
            assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
            assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1


def test_every_sqlite_migration_has_its_postgresql_twin():
    """A migration added for SQLite alone would leave PostgreSQL installs behind."""
    sqlite = [path.name for _, path in migration_files(MIGRATIONS)]
    assert [path.name for _, path in migration_files(PG_MIGRATIONS)] == sqlite


async def test_postgresql_columns_have_postgresql_types(pg_url):
    async with open_database(pg_url) as db:
        await db.migrate()
        rows = await db.fetchall(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        )
    types = {(r["table_name"], r["column_name"]): r["data_type"] for r in rows}
    assert types["outbox", "next_attempt_at"] == "timestamp with time zone"
    assert types["activity", "day"] == "date"
    assert types["cohorts", "id"] == types["cohorts", "guild_id"] == "bigint"
    assert not [
        k for k, v in types.items() if k[1].endswith("_at") and v != "timestamp with time zone"
    ]


async def test_a_failed_migration_leaves_the_version_unchanged(store_url, tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "002_broken.sql").write_text(
        "CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);"
    )
    async with open_database(store_url) as db:
        with pytest.raises(Exception, match="already exists"):
            await db.migrate(folder)
        assert await db.version() == 1
        assert "b" not in await db.tables()


async def test_a_transaction_rolls_back_on_error(store_url):
    async with open_database(store_url) as db:
        await db.migrate()
        with pytest.raises(RuntimeError):
            async with db.transaction():
                await db.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert await db.fetchone("SELECT * FROM meta") is None


async def test_the_same_outbox_key_is_recorded_once(store_url):
    async with open_database(store_url) as db:
        await db.migrate()
        outbox = OutboxRepository(db)
        assert await outbox.add(
            "cohort:1:presence:2027-01-12", {"content": "a"}, START, channel_id=5
        )
        assert not await outbox.add(
            "cohort:1:presence:2027-01-12", {"content": "b"}, START, channel_id=5
        )
        due = await outbox.due(START)
        assert [item.payload["content"] for item in due] == ["a"]


async def test_concurrent_tasks_never_share_a_transaction(store_url):
    """A task's failed transaction rolls back its own writes only, never another task's."""
    import asyncio

    async with open_database(store_url) as db:
        await db.migrate()
        started = asyncio.Event()

        async def failing():
            with pytest.raises(RuntimeError):
                async with db.transaction():
                    await db.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                    started.set()
                    await asyncio.sleep(0.05)  # the other task tries to write meanwhile
                    raise RuntimeError("boom")

        async def writer():
            await started.wait()
            async with db.transaction():
                await db.execute("INSERT INTO meta (key, value) VALUES ('b', '2')")
            await db.execute("INSERT INTO meta (key, value) VALUES ('c', '3')")

        await asyncio.gather(failing(), writer())
        rows = await db.fetchall("SELECT key FROM meta ORDER BY key")
        assert [r["key"] for r in rows] == ["b", "c"]


async def test_a_second_process_on_the_same_sqlite_file_is_refused(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "t.db"
    async with Database(path):
        other = subprocess.run(  # noqa: ASYNC221 - a second process, waited for
            [
                sys.executable,
                "-c",
                "import asyncio, sys; from db.database import Database;"
                " asyncio.run(Database(sys.argv[1]).open())",
                str(path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode != 0
        assert "déjà utilisée par un autre processus du bot" in other.stderr
    async with Database(path) as db:  # closed: the file is free again
        await db.migrate()


async def test_outbox_claims_take_an_item_once_and_only_this_process_guilds(store_url):
    shards = Shards(2, frozenset({1}))
    ours, theirs = 1 << 22, 2 << 22  # (id >> 22) % 2: shard 1, shard 0
    async with open_database(store_url) as db:
        await db.migrate()
        mine, everyone = OutboxRepository(db, shards), OutboxRepository(db)
        for n, guild in enumerate((ours, theirs, ours)):
            await everyone.add(f"k{n}", {"content": str(n)}, START, guild_id=guild, channel_id=5)
        claimed = await mine.claim(START)
        assert [i.key for i in claimed] == ["k0", "k2"]
        assert await mine.claim(START) == []  # taken: a second flush does not get them
        assert [i.key for i in await everyone.claim(START)] == ["k1"]
        # a process that died holding k0 and k2: they come back once the lease is over
        later = await mine.claim(START + LEASE)
        assert [i.key for i in later] == ["k0", "k2"]
        assert await mine.next_attempt() == START + 2 * LEASE


async def test_two_postgresql_claims_at_once_never_take_the_same_item(pg_url):
    import asyncio

    async with open_database(pg_url) as one, open_database(pg_url) as two:
        await one.migrate()
        first, second = OutboxRepository(one), OutboxRepository(two)
        for n in range(40):
            await first.add(f"k{n}", {"content": str(n)}, START, guild_id=1, channel_id=5)
        got = await asyncio.gather(*(repo.claim(START, 5) for repo in [first, second] * 4))
    keys = [item.key for batch in got for item in batch]
    assert len(keys) == len(set(keys)) == 40


async def test_writes_count_what_changed_something_and_each_transaction_again(store_url):
    """What the web view keeps a page until (DeskPages.version), on both backends."""
    async with open_database(store_url) as db:
        await db.migrate()
        start = db.writes
        await db.execute("UPDATE cohorts SET name = 'x' WHERE id = -1")  # nothing changed
        assert db.writes == start
        await db.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        assert db.writes == start + 1
        assert await db.insert("INSERT INTO meta (key, value) VALUES ('k2', 'v')") is not None
        assert db.writes == start + 2
        async with db.transaction():
            await db.execute("UPDATE meta SET value = 'w' WHERE key = 'k'")
            during = db.writes
        assert during == start + 3 and db.writes == start + 4  # once more at its end
        async with db.transaction():
            await db.fetchall("SELECT * FROM meta")
        assert db.writes == start + 4  # a transaction that wrote nothing changes nothing
        # by table: what the web view's rows read is not read again for counts of activity
        besides = db.writes_besides(("meta",))
        await db.execute("INSERT INTO meta (key, value) VALUES ('k3', 'v')")
        assert db.writes_besides(("meta",)) == besides
        async with db.transaction():
            await db.execute("UPDATE meta SET value = 'x' WHERE key = 'k3'")
            await db.execute("UPDATE cohorts SET name = 'y' WHERE id = -1")  # nothing
        assert db.writes_besides(("meta",)) == besides
        async with db.transaction():
            await db.execute("DELETE FROM meta WHERE key = 'k3'")
            await db.execute(
                "INSERT INTO cohorts (guild_id, name, tz, kickoff_at, created_at)"
                " VALUES (1, 'c', 'Europe/Paris', ?, ?)",
                ("2026-01-05T08:00:00+00:00",) * 2,
            )
            during = db.writes_besides(("meta",))
        assert during == besides + 1 and db.writes_besides(("meta",)) == besides + 2


async def _transcript(db) -> list:
    """What a repository sees of the database, through each of its methods."""
    seen = [await db.migrate() != [], await db.version()]
    seen.append(await db.insert("INSERT INTO meta (key, value) VALUES ('a', '1')"))
    seen.append(
        await db.insert("INSERT INTO meta (key, value) VALUES ('a', '2') ON CONFLICT DO NOTHING")
    )
    seen.append(await db.execute("UPDATE meta SET value = '3' WHERE key = 'a'"))
    seen.append(await db.execute("UPDATE meta SET value = '3' WHERE key = 'none'"))
    await db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [("b", "4"), ("c", "5")])
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute("DELETE FROM meta WHERE key = 'b'")
            raise RuntimeError("rolled back")
    with pytest.raises(sqlite3.IntegrityError):
        await db.execute("INSERT INTO meta (key, value) VALUES ('c', '6')")
    async with db.transaction():
        await db.execute("DELETE FROM meta WHERE key = 'c'")
    seen.append([tuple(r) for r in await db.fetchall("SELECT key, value FROM meta ORDER BY key")])
    seen.append((await db.fetchone("SELECT value FROM meta WHERE key = 'a'"))["value"])
    seen.append(await db.fetchone("SELECT value FROM meta WHERE key = 'none'"))
    seen.append((db.writes, dict(db.by_table)))
    return seen


async def test_the_replays_sqlite_on_its_own_thread_answers_as_aiosqlite(tmp_path):
    """`bot.py replay` runs SQLite on the caller's thread (db/inline.py): every method of the
    store gives the same there, errors and counted writes included."""
    found = []
    for inline in (False, True):
        async with open_database(tmp_path / f"{inline}.db", inline=inline) as db:
            assert db.inline is inline
            found.append(await _transcript(db))
    assert found[0] == found[1]
    assert found[0][-4] == [("a", "3"), ("b", "4")]


async def test_a_write_about_learners_is_counted_against_them_alone(store_url):
    """A repository says whom a write is about: a page of another learner is kept (web view),
    on both backends; a write that does not say counts for everyone, in and out of a
    transaction, and one that changed nothing counts for no one."""
    async with open_database(store_url) as db:
        await db.migrate()
        start = db.writes
        unplaced = db.unplaced_besides(())
        await db.execute("INSERT INTO meta (key, value) VALUES ('a', 'v')", about=7)
        assert db.last_about(7) == start + 1 and db.last_about(8) == 0
        assert db.unplaced_besides(()) == unplaced and db.about_since(start) == {7}
        await db.execute("UPDATE meta SET value = 'w' WHERE key = 'none'", about=8)
        assert db.last_about(8) == 0  # nothing changed
        await db.executemany(
            "INSERT INTO meta (key, value) VALUES (?, 'v')", [("b",), ("c",)], about={8, 9}
        )
        assert db.about_since(start + 1) == {8, 9} and db.about_since(start) == {7, 8, 9}
        assert db.about_since(start, besides=("meta",)) == set()
        async with db.transaction():
            assert await db.insert("INSERT INTO meta (key, value) VALUES ('d', 'v')", about=9)
            during = db.last_about(9)
        assert db.last_about(9) == during + 1 == db.writes  # again at the transaction's end
        assert db.last_about(7) == start + 1 and db.unplaced_besides(()) == unplaced
        async with db.transaction():
            await db.execute("UPDATE meta SET value = 'x' WHERE key = 'a'", about=7)
            await db.execute("UPDATE meta SET value = 'x' WHERE key = 'b'")  # not said
        assert db.unplaced_besides(()) == unplaced + 2  # the write, and its transaction's end
        # their write; the end counts for everyone, as the write that did not say
        assert db.last_about(7) == db.writes - 2 and db.about_since(db.writes - 2) == set()
