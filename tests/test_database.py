"""The database: migrations from empty and twice, transactions, the outbox table."""

from __future__ import annotations

import pytest

from db.database import Database, migration_files
from db.outbox import OutboxRepository
from tests.harness import START


async def test_migrations_run_from_empty_and_twice(tmp_path):
    path = tmp_path / "t.db"
    async with Database(path) as db:
        assert await db.version() == 0
        applied = await db.migrate()
        assert applied == [n for n, _ in migration_files()]
        assert await db.version() == applied[-1]
        tables = {
            r["name"]
            for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {"cohorts", "learners", "activity", "outbox", "meta"} <= tables
    async with Database(path) as db:  # a restart: nothing left to apply
        assert await db.migrate() == []
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1


async def test_a_failed_migration_leaves_the_version_unchanged(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "002_broken.sql").write_text("CREATE TABLE b (x INTEGER); CREATE TABLE a (y);")
    async with Database(tmp_path / "t.db") as db:
        with pytest.raises(Exception, match="already exists"):
            await db.migrate(folder)
        assert await db.version() == 1
        assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 'b'") is None


async def test_a_transaction_rolls_back_on_error(tmp_path):
    async with Database(tmp_path / "t.db") as db:
        await db.migrate()
        with pytest.raises(RuntimeError):
            async with db.transaction():
                await db.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert await db.fetchone("SELECT * FROM meta") is None


async def test_the_same_outbox_key_is_recorded_once(tmp_path):
    async with Database(tmp_path / "t.db") as db:
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


async def test_concurrent_tasks_never_share_a_transaction(tmp_path):
    """A task's failed transaction rolls back its own writes only, never another task's."""
    import asyncio

    async with Database(tmp_path / "t.db") as db:
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
