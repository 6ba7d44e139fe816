"""The database away and back: a sentence instead of "interaction failed", counts kept and
written once, nothing sent twice. (The whole week under outages: reliability/outage.py, its
short form in test_reliability.py.)"""

from __future__ import annotations

import sqlite3
import time
from contextlib import asynccontextmanager
from datetime import date, datetime

import asyncpg
import pytest

from db.unavailable import unavailable
from reliability.outage import SqliteLocked
from tutorat.activity import ActivityBuffer
from tutorat.errors import DatabaseUnavailable
from tutorat.models import ActivityKind, OutboxStatus, Place

NOW = datetime.fromisoformat("2027-01-12T09:00:00+01:00")


def sqlite_error(code: int, message: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


def test_driver_errors_meaning_the_database_is_away_and_the_others():
    assert unavailable(sqlite_error(5, "database is locked"))
    assert unavailable(sqlite_error(13, "database or disk is full"))
    assert unavailable(sqlite_error(8, "attempt to write a readonly database"))
    assert unavailable(sqlite_error(778, "disk I/O error"))  # SQLITE_IOERR_WRITE
    assert not unavailable(sqlite_error(1, "no such table: nope"))  # a bug, not an outage
    assert not unavailable(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert unavailable(ConnectionRefusedError(111, "refused"))
    assert unavailable(asyncpg.exceptions.AdminShutdownError("terminating connection"))
    assert unavailable(asyncpg.exceptions.CannotConnectNowError("starting up"))
    assert unavailable(asyncpg.exceptions.ConnectionDoesNotExistError("closed"))
    assert unavailable(asyncpg.exceptions.DiskFullError("no space"))
    assert not unavailable(asyncpg.exceptions.UndefinedTableError("nope"))
    assert not unavailable(ValueError("x"))


async def test_a_store_raises_the_domain_error_and_says_so(tmp_path):
    from db.database import Database

    told = []
    async with Database(tmp_path / "t.db") as db:
        await db.migrate()
        db.on_unavailable = lambda: told.append(1)
        locked = SqliteLocked(tmp_path / "t.db")
        await locked.take()
        try:
            began = time.monotonic()
            with pytest.raises(DatabaseUnavailable) as caught:
                await db.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
            assert time.monotonic() - began < 3.0
        finally:
            await locked.give()
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
        assert told == [1]
        await db.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")  # back
        async with db.transaction():  # no transaction was left open by the failure
            await db.execute("UPDATE meta SET value = 'w' WHERE key = 'k'")
        assert (await db.fetchone("SELECT value FROM meta WHERE key = 'k'"))["value"] == "w"


async def test_a_learner_whose_click_cannot_be_stored_gets_one_sentence_in_their_language(
    running, scene, sandbox
):
    from reliability.common import bot_posts, configure, create_cohort, enrol, text_of

    bot = running.bot
    await configure(scene)
    await create_cohort(scene)
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    await bot.advance_to(datetime.fromisoformat("2027-01-11T09:05:00+01:00"))
    kickoff = next(m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m))
    lea = await enrol(scene, bot, cohort, "lea")
    locked = SqliteLocked(running.db_path)
    await locked.take()
    try:
        said = {}
        for locale in ("fr", "en-US"):
            began = time.monotonic()
            clicked = await scene.people.click(
                lea, kickoff, f"tutorat:start:{cohort.id}", locale=locale
            )
            assert time.monotonic() - began < 3.0
            [response] = clicked.responses
            assert response["data"]["flags"] & 64  # only the learner sees it
            said[locale] = response["data"]["content"]
    finally:
        await locked.give()
    assert said["fr"].startswith("Je ne peux rien enregistrer pour l'instant")
    assert "réessayez dans quelques minutes" in said["fr"]
    assert said["en-US"].startswith("I cannot save anything right now")
    assert bot.outage.down_now
    await bot.advance_to(datetime.fromisoformat("2027-01-11T09:10:00+01:00"))
    assert not bot.outage.down_now and bot.outage.episodes == 1
    clicked = await scene.people.click(lea, kickoff, f"tutorat:start:{cohort.id}")
    assert clicked.responses[0]["type"] == 9  # back: the goals form opens


def test_the_counts_kept_in_memory_are_bounded_and_what_is_dropped_is_counted():
    buffer = ActivityBuffer(limit=2)
    day = date(2027, 1, 12)
    for user in (1, 2, 1, 3, 3):
        buffer.add_day(10, user, day, Place.COHORT, ActivityKind.MESSAGE, 1)
    assert len(buffer) == 2 and buffer.lost == 2  # learner 3 came when two totals waited
    assert sorted(c.count for c in buffer.drain()) == [1, 2]


async def test_a_batch_whose_commit_landed_unseen_is_not_added_twice(store_services):
    """The connection cut just after COMMIT: the bot saw an error, the database has the
    counts; the next flush finds the batch's mark and adds nothing."""
    activity = store_services.activity
    store = activity.store
    real_once = store.once
    cut = [True]

    @asynccontextmanager
    async def once_then_cut(name):
        async with real_once(name) as new:
            yield new
        if cut.pop() if cut else False:
            raise DatabaseUnavailable("connection lost after COMMIT")

    store.once = once_then_cut
    activity.buffer.add_day(10, 7, date(2027, 1, 12), Place.COHORT, ActivityKind.MESSAGE, 3)
    with pytest.raises(DatabaseUnavailable):
        await activity.flush()
    activity.buffer.add_day(10, 7, date(2027, 1, 12), Place.COHORT, ActivityKind.MESSAGE, 2)
    await activity.flush()  # the unsure batch (found written), then the new counts
    [count] = await store.for_user(10, 7)
    assert count.count == 5
    assert activity.unwritten is None and len(activity.buffer) == 0


async def test_a_post_sent_while_its_mark_could_not_be_written_is_not_sent_again(
    store_services,
):
    outbox = store_services.outbox
    store = outbox.store
    await outbox.post("k:1", {"content": "bonjour"}, NOW, guild_id=1, channel_id=2)
    sends = []

    class Sender:
        async def send(self, item):
            sends.append(item.key)
            return 99

    real_mark = store.mark_sent
    failing = [True]

    async def mark_sent(item_id, message_id, now):
        if failing:
            failing.pop()
            raise DatabaseUnavailable("away")
        await real_mark(item_id, message_id, now)

    store.mark_sent = mark_sent
    with pytest.raises(DatabaseUnavailable):
        await outbox.flush(Sender(), NOW)
    report = await outbox.flush(Sender(), NOW.replace(hour=23))  # past the claim's lease
    assert sends == ["k:1"] and report.sent == 0
    item = await store.get("k:1")
    assert item.status is OutboxStatus.SENT and item.message_id == 99


async def test_the_real_scheduler_keeps_a_run_that_met_the_outage_and_the_watch_runs_it(
    running, scene, sandbox
):
    """Without a virtual clock's stepping: APScheduler's callback meets a locked file, the
    run is kept, the watch's probe finds the database back and runs it at its own time."""
    from reliability.common import configure, create_cohort

    bot = running.bot
    await configure(scene)
    await create_cohort(scene)
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    await bot.advance_to(datetime.fromisoformat("2027-01-12T08:59:00+01:00"))
    [presence] = [j for j in await bot.jobs() if j.id == f"presence:{cohort.id}"]
    bot.clock.set(datetime.fromisoformat("2027-01-12T09:00:00+01:00"))
    key = f"cohort:{cohort.id}:presence:2027-01-12"
    locked = SqliteLocked(running.db_path)
    await locked.take()
    try:
        await bot._run_job(presence)  # what APScheduler calls
        assert [(at, job.id) for at, job in bot.outage.missed] == [
            (datetime.fromisoformat("2027-01-12T09:00:00+01:00"), presence.id)
        ]
        assert not await bot.get_cog("Outage").check(bot.clock.now())  # still away
    finally:
        await locked.give()
    bot.clock.set(datetime.fromisoformat("2027-01-12T09:07:00+01:00"))
    assert await bot.get_cog("Outage").check(bot.clock.now())  # back: the run is made
    assert not bot.outage.missed and bot.outage.episodes == 1
    await bot.get_cog("Delivery").flush_now()
    item = await bot.services.outbox.store.get(key)
    assert item is not None and item.status is OutboxStatus.SENT
    posted = [m for m in sandbox.messages_in(cohort.channel_id) if m["id"] == str(item.message_id)]
    assert len(posted) == 1


async def test_a_help_message_during_an_outage_is_still_told_apart_tutor_or_learner():
    """Counting only: the settings last read answer while the database is away; nothing is
    authorised that way (`require` still reads the store)."""
    from tutorat.models import GuildSettings
    from tutorat.team import Standing, Team

    class Settings:
        away = False

        async def get(self, guild_id):
            if self.away:
                raise DatabaseUnavailable("away")
            return GuildSettings(guild_id=guild_id, tutor_role_id=5)

    store = Settings()
    team = Team(store)
    assert await team.counted_as_team(1, Standing(frozenset({5})))
    store.away = True
    assert await team.counted_as_team(1, Standing(frozenset({5})))  # the tutor, still
    assert not await team.counted_as_team(1, Standing(frozenset({9})))  # a learner
    with pytest.raises(DatabaseUnavailable):
        await team.counted_as_team(2, Standing(frozenset({5})))  # never read: not guessed
    with pytest.raises(DatabaseUnavailable):
        await team.require(1, Standing(frozenset({5})))
