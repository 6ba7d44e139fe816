"""The xAPI client and the polling service against real LRS servers (Ralph, Learning Locker's
xapi-statements), started here on free loopback ports: paging, `since` with an overlap, dedup
across a restart, late statements, verbs mapped, 401, 5xx, malformed answers, an LRS down."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from aiohttp import web

from bot import build_services
from db.database import Database
from sandbox import lrs
from sources.xapi import XapiSource
from tutorat.config import Config
from tutorat.models import ActivityKind, Place

GUILD, LEA, NOE = 10, 101, 102
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "viewed": "http://id.tincanapi.com/verb/viewed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "unknown": "http://example.org/verbs/bookmarked",
}


def statement(email: str, verb: str, when: datetime) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{email}"},
        "verb": {"id": VERBS[verb]},
        "object": {"objectType": "Activity", "id": "https://lms.example.org/course/7/quiz/1"},
        "timestamp": when.isoformat().replace("+00:00", "Z"),
    }


@pytest.fixture(params=["ralph", "learning-locker"])
async def server(request, tmp_path):
    try:
        running = await lrs.start(request.param, tmp_path / request.param)
    except lrs.LrsMissing as exc:
        pytest.fail(str(exc))
    yield running
    await running.stop()


class World:
    def __init__(self, db, services, cohort) -> None:
        self.db, self.services, self.cohort = db, services, cohort

    async def platform_counts(self, user: int) -> dict:
        counts = await self.services.activity.store.for_user(GUILD, user)
        return {(c.day, c.kind): c.count for c in counts if c.place is Place.PLATFORM}

    def connect(self, endpoint: str, password: str = lrs.PASSWORD, page_size: int = 10) -> None:
        source = XapiSource(endpoint, lrs.USERNAME, password, page_size=page_size, timeout=5)
        self.services.platform.sources = {"xapi": source}


async def open_world(path, cohort=None) -> World:
    db = Database(path)
    await db.open()
    await db.migrate()
    services = build_services(db, Config())
    if cohort is None:
        cohort = await services.cohorts.create(
            GUILD,
            "Stats",
            "Europe/Paris",
            NOW - timedelta(days=14),
            None,
            NOW,
            tutors_channel_id=77,
        )
    return World(db, services, cohort)


@pytest.fixture
async def world(tmp_path):
    w = await open_world(tmp_path / "t.db")
    for user, email in ((LEA, "lea@example.org"), (NOE, "noe@example.org")):
        await w.services.cohorts.join(w.cohort.id, user, NOW)
        await w.services.platform.store.link(w.cohort.id, user, f"mbox:{email}", "roster", NOW, 1)
    await w.services.platform.store.set_source(w.cohort.id, "xapi", "")
    yield w
    await w.db.close()


async def test_pages_are_followed_verbs_mapped_and_a_restart_counts_nothing_twice(
    server, world, tmp_path
):
    day = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
    batch = [
        statement("lea@example.org", "completed", day + timedelta(minutes=i)) for i in range(12)
    ]
    batch += [statement("lea@example.org", "viewed", day) for _ in range(9)]
    batch += [
        statement("noe@example.org", "unknown", day),
        statement("zoe@example.org", "viewed", day),
    ]
    await server.add(batch)
    world.connect(server.endpoint, page_size=10)

    report = await world.services.platform.poll(world.cohort, NOW)

    assert (report.read, report.new, report.attributed, report.waiting) == (23, 23, 22, 1)
    assert await world.platform_counts(LEA) == {
        (date(2027, 1, 5), ActivityKind.COMPLETED): 12,
        (date(2027, 1, 5), ActivityKind.VIEWED): 9,
    }
    assert await world.platform_counts(NOE) == {(date(2027, 1, 5), ActivityKind.OTHER): 1}
    # the bot restarts: a new service on the same database reads the overlap again
    await world.db.close()
    again = await open_world(tmp_path / "t.db", world.cohort)
    again.connect(server.endpoint, page_size=10)
    report = await again.services.platform.poll(world.cohort, NOW + timedelta(minutes=30))
    assert report.new == 0 and report.duplicates == report.read
    assert (await again.platform_counts(LEA))[(date(2027, 1, 5), ActivityKind.COMPLETED)] == 12
    world.db = again.db


async def test_a_statement_stored_late_inside_the_overlap_is_counted_once(server, world):
    first = statement("lea@example.org", "answered", datetime.now(UTC) - timedelta(minutes=5))
    await server.add([first])
    world.connect(server.endpoint)
    await world.services.platform.poll(world.cohort, NOW)
    # Moodle's cron sends a batch late: its time is before the last statement read
    late = statement("lea@example.org", "answered", datetime.now(UTC) - timedelta(minutes=50))
    await server.add([late])
    report = await world.services.platform.poll(world.cohort, NOW + timedelta(minutes=30))
    assert report.new == 1 and report.duplicates >= 1
    counts = await world.platform_counts(LEA)
    assert sum(n for (_, kind), n in counts.items() if kind is ActivityKind.ANSWERED) == 2


async def test_wrong_credentials_tell_the_tutors_once_and_keep_the_cursor(server, world, caplog):
    caplog.set_level("DEBUG")
    await server.add([statement("lea@example.org", "viewed", datetime.now(UTC))])
    world.connect(server.endpoint, password="wrong-s3cret")
    for minutes in (0, 30, 60):
        report = await world.services.platform.poll(world.cohort, NOW + timedelta(minutes=minutes))
        assert report.read == 0
    rows = await world.db.fetchall(
        "SELECT key, payload FROM outbox WHERE key LIKE 'platform-down%'"
    )
    assert len(rows) == 1 and "wrong-s3cret" not in rows[0]["payload"]
    assert "could not be read: auth" in caplog.text  # logged, without the credentials
    assert "wrong-s3cret" not in caplog.text and lrs.PASSWORD not in caplog.text
    assert "wrong-s3cret" not in repr(world.services.platform.sources["xapi"])
    (state,) = await world.services.platform.state(world.cohort)
    assert state.failure == "auth" and state.cursor is None
    # the right password: it catches up, and the outage is over
    world.connect(server.endpoint)
    report = await world.services.platform.poll(world.cohort, NOW + timedelta(minutes=90))
    assert report.new == 1
    (state,) = await world.services.platform.state(world.cohort)
    assert state.failing_since is None and state.cursor is not None


@pytest.fixture
async def faulty():
    """An HTTP server answering what an LRS in trouble answers: 503, or a page that is not
    xAPI. (Faults a real LRS cannot be asked to produce; the protocol itself is tested above.)"""
    answers: list = []

    async def handle(request: web.Request) -> web.Response:
        answer = answers.pop(0) if answers else web.Response(status=503)
        if answer == "slow":
            await asyncio.sleep(2)
            return web.json_response({"statements": []})
        return answer

    app = web.Application()
    app.router.add_get("/xAPI/statements", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = lrs.free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}/xAPI", answers
    await runner.cleanup()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (web.Response(status=503), "server"),
        (web.Response(text="<html>maintenance</html>"), "malformed"),
        (web.json_response({"statements": "none"}), "malformed"),
    ],
)
async def test_server_errors_and_malformed_pages_are_an_outage_not_a_crash(
    world, faulty, answer, reason
):
    endpoint, answers = faulty
    answers.append(answer)
    world.connect(endpoint)
    await world.services.platform.poll(world.cohort, NOW)
    (state,) = await world.services.platform.state(world.cohort)
    assert state.failure == reason and state.failing_since == NOW


async def test_an_lrs_too_slow_to_answer_is_an_outage(world, faulty):
    endpoint, answers = faulty
    answers.append("slow")
    world.services.platform.sources = {
        "xapi": XapiSource(endpoint, lrs.USERNAME, lrs.PASSWORD, timeout=0.3)
    }
    await world.services.platform.poll(world.cohort, NOW)
    (state,) = await world.services.platform.state(world.cohort)
    assert state.failure == "down"


async def test_an_lrs_that_is_down_is_an_outage(world):
    world.connect(f"http://127.0.0.1:{lrs.free_port()}/xAPI")
    await world.services.platform.poll(world.cohort, NOW)
    (state,) = await world.services.platform.state(world.cohort)
    assert state.failure == "down"


async def test_malformed_statements_are_skipped_and_the_rest_counted(world):
    ok = statement("lea@example.org", "viewed", NOW)
    report = await world.services.platform.ingest(world.cohort, [ok, {"id": "x"}, "junk"])
    assert (report.new, report.malformed) == (1, 2)


async def test_statements_stored_in_the_same_second_as_the_last_poll_are_not_missed(server, world):
    """Learning Locker leaves out what was stored in the very second `since` names: with no
    overlap at all, the poll still reads a second back (found by the demo, lost days)."""
    world.services.platform.overlap = timedelta(0)
    world.connect(server.endpoint)
    total = 0
    for minutes in range(4):
        await server.add([statement("lea@example.org", "viewed", datetime.now(UTC))])
        total += (
            await world.services.platform.poll(world.cohort, NOW + timedelta(minutes=minutes))
        ).new
    assert total == 4
