"""Moodle's web services, against a stand-in answering as the documentation says: last course
access, completions and submissions counted once; assignments with a due date become
checkpoints and a submission declares them done; an invalid token is an outage, told once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot import build_services
from db.database import Database
from sandbox import lrs
from sources.moodle import MoodleSource
from tests.moodle_standin import TOKEN, MoodleStandIn
from tutorat.config import Config
from tutorat.models import ActivityKind, Place

GUILD, LEA, NOE = 10, 101, 102
NOW = datetime(2026, 1, 12, 10, 0, tzinfo=UTC)


@pytest.fixture
async def moodle():
    server = await MoodleStandIn().start(lrs.free_port())
    yield server
    await server.stop()


@pytest.fixture
async def world(tmp_path, moodle):
    db = Database(tmp_path / "t.db")
    await db.open()
    await db.migrate()
    services = build_services(db, Config())
    cohort = await services.cohorts.create(
        GUILD, "Stats", "Europe/Paris", NOW - timedelta(days=7), None, NOW, tutors_channel_id=77
    )
    for user, email in ((LEA, "lea@example.org"), (NOE, "noe@example.org")):
        await services.cohorts.join(cohort.id, user, NOW - timedelta(days=7))
        await services.platform.store.link(cohort.id, user, f"mbox:{email}", "roster", NOW, 1)
    services.platform.sources = {"moodle": MoodleSource(moodle.url, TOKEN, timeout=5)}
    await services.platform.connect(cohort, "moodle", "7")
    yield services, cohort, db
    await db.close()


async def counts(services, user: int) -> dict:
    found = await services.activity.store.for_user(GUILD, user)
    return {(c.day, c.kind): c.count for c in found if c.place is Place.PLATFORM}


async def test_access_completions_and_submissions_are_counted_once(world):
    services, cohort, _ = world
    await services.platform.poll(cohort, NOW)
    await services.platform.poll(cohort, NOW + timedelta(minutes=30))  # the same answers again
    assert await counts(services, LEA) == {
        (date(2026, 1, 12), ActivityKind.LOGGED_IN): 1,
        (date(2026, 1, 11), ActivityKind.COMPLETED): 1,
        (date(2026, 1, 12), ActivityKind.COMPLETED): 1,
        (date(2026, 1, 12), ActivityKind.SUBMITTED): 1,
    }
    assert await counts(services, NOE) == {}  # never came: nothing (and no access at 0)


async def test_an_assignment_with_a_due_date_becomes_a_checkpoint_a_submission_declares_done(
    world,
):
    services, cohort, _ = world
    await services.platform.poll(cohort, NOW)
    checkpoints = await services.presence.checkpoints.of_cohort(cohort.id)
    assert [(c.name, c.due_at) for c in checkpoints] == [
        ("Devoir 1 : statistiques descriptives", datetime(2026, 1, 16, 19, 0, tzinfo=UTC))
    ]  # the forum has no due date: not a checkpoint
    done = await services.presence.checkpoints.done_by(cohort.id, LEA)
    assert done == {checkpoints[0].id: False}  # done, on time
    assert await services.presence.checkpoints.done_by(cohort.id, NOE) == {}
    await services.platform.poll(cohort, NOW + timedelta(hours=1))
    assert len(await services.presence.checkpoints.of_cohort(cohort.id)) == 1


async def test_an_invalid_token_answered_with_http_200_is_an_outage_told_once(world, moodle):
    services, cohort, db = world
    services.platform.sources = {"moodle": MoodleSource(moodle.url, "not-the-token", timeout=5)}
    for minutes in (0, 30):
        await services.platform.poll(cohort, NOW + timedelta(minutes=minutes))
    (state,) = await services.platform.state(cohort)
    assert state.failure == "auth"
    rows = await db.fetchall("SELECT payload FROM outbox WHERE key LIKE 'platform-down%'")
    assert len(rows) == 1 and "not-the-token" not in rows[0]["payload"]
    assert all(call["wstoken"] for call in moodle.calls)  # the token went in the body
    assert await counts(services, LEA) == {}
