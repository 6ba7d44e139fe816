"""The scan's recent activity (tutorat/recent.py), read once and told of every write: what it
holds is what a fresh read of the store gives, after counts of every kind, days leaving the
window, an erasure, retention and a platform batch that does not land."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bot import build_services
from db.database import open_database
from tutorat.config import Config
from tutorat.models import ActivityCount, ActivityKind, Place
from tutorat.recent import RecentActivity

GUILD, LEA, NOE = 10, 101, 102
START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
END = START + timedelta(days=120)
PLACES = (Place.COHORT, Place.PAIR, Place.HELP, Place.PLATFORM)
KINDS = (ActivityKind.MESSAGE, ActivityKind.PEER_REPLY, ActivityKind.REACTION,
         ActivityKind.VIEWED)  # fmt: skip


def held(window) -> tuple[dict, dict]:
    return {u: days for u, days in window.days.items() if days.total}, window.before


async def fresh(services, cohort, users: set[int], since: date):
    """What the store says, read afresh."""
    return await RecentActivity(services.cases.store, keep=False).read(
        GUILD, cohort.id, users, since
    )


async def cohort_of(services, *learners):
    cohort = await services.cohorts.create(GUILD, "Stats", "Europe/Paris", START, END, START)
    for user in learners:
        await services.cohorts.join(cohort.id, user, START)
    return cohort


def record(services, user: int, day: date, place: Place, kind: ActivityKind, n: int) -> None:
    services.activity.buffer.add_day(GUILD, user, day, place, kind, n)


async def test_the_window_kept_is_what_the_store_holds_day_after_day(store_url):
    rng = random.Random(14)
    async with open_database(store_url) as db:
        await db.migrate()
        services = build_services(db, Config())
        cohort = await cohort_of(services, LEA, NOE)
        users = {LEA, NOE}
        recent = services.cases.recent
        for step in range(40):
            since = START.date() + timedelta(days=step)
            for _ in range(rng.randrange(6)):  # some late, before the window's first day
                day = since + timedelta(days=rng.randrange(-12, 10))
                record(services, rng.choice([LEA, NOE]), day, rng.choice(PLACES),
                       rng.choice(KINDS), rng.randrange(1, 5))  # fmt: skip
            await services.activity.flush()
            kept = await recent.read(GUILD, cohort.id, users, since)
            assert held(kept) == held(await fresh(services, cohort, users, since)), step
        assert recent.windows  # it was kept, not read again each time
        assert any(kept.days[u].total for u in users) and kept.before


async def test_an_erased_learner_who_comes_back_starts_with_nothing(store_url):
    async with open_database(store_url) as db:
        await db.migrate()
        services = build_services(db, Config())
        cohort = await cohort_of(services, LEA, NOE)
        since = START.date()
        record(services, LEA, since + timedelta(days=1), Place.COHORT, ActivityKind.MESSAGE, 3)
        record(services, LEA, since - timedelta(days=3), Place.PLATFORM, ActivityKind.VIEWED, 2)
        await services.activity.flush()
        recent = services.cases.recent
        window = await recent.read(GUILD, cohort.id, {LEA, NOE}, since)
        assert window.days[LEA].total and window.before[LEA]

        await services.rights.erase(GUILD, LEA, START)
        await services.cohorts.join(cohort.id, LEA, START + timedelta(days=2))
        window = await recent.read(GUILD, cohort.id, {LEA, NOE}, since)
        assert window.days[LEA].total == {} and LEA not in window.before


async def test_retention_leaves_nothing_of_the_erased_learners_in_the_window(tmp_path):
    async with open_database(tmp_path / "t.db") as db:
        await db.migrate()
        services = build_services(db, Config())
        cohort = await cohort_of(services, LEA)
        record(services, LEA, START.date(), Place.COHORT, ActivityKind.MESSAGE, 3)
        await services.activity.flush()
        recent = services.cases.recent
        assert (await recent.read(GUILD, cohort.id, {LEA}, START.date())).days[LEA].total

        assert await services.retention.run(END + timedelta(days=400)) == 1
        await services.cohorts.join(cohort.id, LEA, END)  # back, after the erasure
        assert (await recent.read(GUILD, cohort.id, {LEA}, START.date())).days[LEA].total == {}


async def test_a_platform_batch_that_does_not_land_is_read_again(tmp_path):
    async with open_database(tmp_path / "t.db") as db:
        await db.migrate()
        services = build_services(db, Config())
        cohort = await cohort_of(services, LEA)
        recent = services.cases.recent
        await recent.read(GUILD, cohort.id, {LEA}, START.date())
        with pytest.raises(RuntimeError):
            async with services.activity.flushing_in(db.transaction()) as flush:
                record(services, LEA, START.date(), Place.PLATFORM, ActivityKind.VIEWED, 4)
                await flush()
                raise RuntimeError("the page after the counts fails")
        assert recent.windows == {}
        window = await recent.read(GUILD, cohort.id, {LEA}, START.date())
        assert window.days[LEA].total == {}  # what was rolled back is not counted


async def test_a_window_read_while_counts_are_written_is_read_again(tmp_path):
    async with open_database(tmp_path / "t.db") as db:
        await db.migrate()
        services = build_services(db, Config())
        cohort = await cohort_of(services, LEA)
        recent, day = services.cases.recent, START.date()
        counts = [ActivityCount(GUILD, LEA, day, Place.COHORT, ActivityKind.MESSAGE, 2)]
        async with recent.adding(counts):
            await services.activity.store.add_counts(counts)  # in the store, not yet told
            await recent.read(GUILD, cohort.id, {LEA}, day)
        window = await recent.read(GUILD, cohort.id, {LEA}, day)
        assert window.days[LEA].total == {day: 2}  # counted once


async def test_a_platform_batch_and_a_flush_of_the_gateways_counts_never_wait_for_each_other(
    tmp_path,
):
    """A platform poll writes its counts in its own transaction while the gateway's counts
    are flushed: each takes the flush's turn, then the transaction, so neither waits forever
    for what the other holds (found by make bench: a poll under a flood never ended)."""
    import asyncio

    async with open_database(tmp_path / "t.db") as db:
        await db.migrate()
        services = build_services(db, Config())
        await cohort_of(services, LEA, NOE)
        activity = services.activity
        entered, go = asyncio.Event(), asyncio.Event()

        async def platform_batch():
            async with activity.flushing_in(db.transaction()) as flush:
                entered.set()
                await go.wait()  # the gateway's flush starts meanwhile
                record(services, LEA, START.date(), Place.PLATFORM, ActivityKind.VIEWED, 4)
                await flush()

        batch = asyncio.create_task(platform_batch())
        await entered.wait()
        record(services, NOE, START.date(), Place.COHORT, ActivityKind.MESSAGE, 2)
        gateway = asyncio.create_task(activity.flush())
        for _ in range(5):
            await asyncio.sleep(0)  # the gateway's flush goes as far as it can
        go.set()
        await asyncio.wait_for(asyncio.gather(batch, gateway), timeout=10)
        rows = await db.fetchall("SELECT user_id, SUM(count) AS n FROM activity GROUP BY user_id")
        assert {r["user_id"]: r["n"] for r in rows} == {LEA: 4, NOE: 2}
