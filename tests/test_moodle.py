"""Moodle's web services as a real Moodle 4.5 answers them (the stand-in holds the recorded
course, tests/test_moodle_standin.py holds the stand-in to the recordings): the assignments
asked with includenotenrolledcourses=1, warnings told rather than taken for "no assignments",
a late submission declared late and a draft not at all, the learners' written work never
kept, an account matched whichever way it was typed, each day's last access seen by the
schedule, a poll bounded (a few calls at once, a deadline, resumed where it stopped)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from bot import build_services
from db.database import Database
from sandbox import lrs
from sources.moodle import MoodleSource
from tests.cohort_steps import plain
from tests.moodle_course import Course, User, generated
from tests.moodle_standin import DOCUMENTED, NEEDED, TOKEN, MoodleStandIn
from tutorat.config import Config
from tutorat.models import ActivityKind, Place
from tutorat.platform import SourceError, account_key
from tutorat.platform_service import failure_text
from tutorat.schedule import fire_times

GUILD = 10
STU1, STU2, STU3, STU5 = 101, 102, 103, 105  # Discord ids of Moodle users 4, 5, 6, 9
NOW = datetime.fromtimestamp(1796524632, UTC)  # when the course was recorded
ZONE = "Europe/Paris"


def day(seconds: int):
    return datetime.fromtimestamp(seconds, UTC).astimezone(_zone()).date()


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo(ZONE)


@pytest.fixture
async def moodle():
    server = await MoodleStandIn().start(lrs.free_port())
    yield server
    await server.stop()


async def make_world(tmp_path, moodle, links: dict[int, str]):
    db = Database(tmp_path / "t.db")
    await db.open()
    await db.migrate()
    services = build_services(db, Config())
    cohort = await services.cohorts.create(
        GUILD, "Tests", ZONE, NOW - timedelta(days=14), None, NOW, tutors_channel_id=77
    )
    for user in (STU1, STU2, STU3, STU5):
        await services.cohorts.join(cohort.id, user, NOW - timedelta(days=14))
    for user, account in links.items():
        key = account_key(account)  # as a roster or /plateforme lier writes it
        await services.platform.store.link(cohort.id, user, key, "roster", NOW, 1)
    services.platform.sources = {"moodle": MoodleSource(moodle.url, TOKEN, timeout=5)}
    services.platform.share = 1.0  # no pause between pages: not what is tested here
    await services.platform.connect(cohort, "moodle", "2", 900)
    return services, cohort, db


@pytest.fixture
async def world(tmp_path, moodle):
    links = {
        STU1: "4",  # a bare Moodle id
        STU2: "moodle:5",
        STU3: f"{moodle.url}/|6",  # the site's own form, typed with a trailing slash
        STU5: "EMAIL_OF_USER_9@example.invalid",
    }
    services, cohort, db = await make_world(tmp_path, moodle, links)
    yield services, cohort, db
    await db.close()


async def counts(services, user: int) -> dict:
    found = await services.activity.store.for_user(GUILD, user)
    return {(c.day, c.kind): c.count for c in found if c.place is Place.PLATFORM}


async def test_assignments_are_asked_for_a_course_the_service_user_is_not_enrolled_in(
    world, moodle
):
    services, cohort, _ = world
    await services.platform.poll(cohort, NOW)
    asked = [c for c in moodle.calls if c["wsfunction"] == "mod_assign_get_assignments"]
    assert asked and all(
        c["courseids[0]"] == "2" and c["includenotenrolledcourses"] == "1" for c in asked
    )
    checkpoints = await services.presence.checkpoints.of_cohort(cohort.id)
    assert sorted((c.name, c.due_at) for c in checkpoints) == [
        ("Essay 0", datetime.fromtimestamp(1796265432, UTC)),
        ("Essay 1", datetime.fromtimestamp(1797128926, UTC)),
    ]  # the journal has no due date: not a checkpoint
    by_name = {c.name: c.id for c in checkpoints}
    done = services.presence.checkpoints.done_by
    assert await done(cohort.id, STU1) == {by_name["Essay 0"]: False, by_name["Essay 1"]: False}
    assert await done(cohort.id, STU5) == {by_name["Essay 0"]: True}  # submitted late
    assert await done(cohort.id, STU2) == {by_name["Essay 1"]: False}  # Essay 0 a draft only
    (state,) = await services.platform.state(cohort)
    assert state.failure is None and state.progress is None


async def test_warnings_are_told_never_taken_for_a_course_without_assignments(moodle):
    moodle.capabilities = DOCUMENTED | {"webservice/rest:use"}  # as the old README asked
    source = MoodleSource(moodle.url, TOKEN, timeout=5)
    with pytest.raises(SourceError) as caught:
        await source.checkpoints("2")
    told = plain(failure_text(caught.value, "fr"))
    assert told == (
        "Moodle ne donne pas tout pour mod_assign_get_assignments (« No access rights in course"
        " context Course or activity not accessible. ») : il manque sans doute au rôle du"
        " service web la capacité moodle/course:view ; rien n'est conclu de cette réponse"
        " incomplète."
    )


async def test_access_completions_and_submissions_are_counted_once(world):
    services, cohort, _ = world
    await services.platform.poll(cohort, NOW)
    await services.platform.poll(cohort, NOW + timedelta(minutes=30))  # the same answers
    assert await counts(services, STU1) == {
        (day(1796513832), ActivityKind.LOGGED_IN): 1,
        (day(1796006232), ActivityKind.COMPLETED): 1,
        (day(1796179032), ActivityKind.COMPLETED): 1,
        (day(1796092632), ActivityKind.COMPLETED): 1,
        (day(1796524127), ActivityKind.SUBMITTED): 1,
        (day(1796179032), ActivityKind.SUBMITTED): 1,
    }
    # student3 unticked a manual completion (state 0, a time kept): not a completion
    assert await counts(services, STU3) == {
        (day(1796168232), ActivityKind.LOGGED_IN): 1,
        (day(1796351832), ActivityKind.SUBMITTED): 1,
    }


async def test_the_learners_written_work_is_never_kept(world, tmp_path, moodle):
    services, cohort, db = world
    source = services.platform.sources["moodle"]
    records = [r async for page in source.statements(None, "2") for r in page]
    assert records and "Essay by" not in repr(records) and "text by" not in repr(records)
    await services.platform.poll(cohort, NOW)
    await db.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("t.db*"))
    assert b"student" not in stored and b"Essay by" not in stored
    await db.open()


@pytest.mark.parametrize(
    "typed",
    ["4", "moodle:4", "Moodle:4", "EMAIL_OF_USER_4@example.invalid", "{url}|4", "{url}/|4"],
)
@pytest.mark.parametrize("emails_shown", [True, False])
async def test_an_account_typed_any_way_matches_whatever_the_site_returns(
    tmp_path, moodle, typed, emails_shown
):
    if not emails_shown:
        moodle.capabilities.discard("moodle/course:useremail")
    account = typed.format(url=moodle.url)
    services, cohort, db = await make_world(tmp_path, moodle, {})
    try:
        # polled before anyone is linked: the counts wait, then go to whoever is linked
        await services.platform.poll(cohort, NOW)
        assert await counts(services, STU1) == {}
        roster = f"discord,compte\n{STU1},{account}\n".encode()
        await services.platform.import_csv(cohort, roster, {str(STU1): STU1}, 1, NOW)
        await services.platform.poll(cohort, NOW + timedelta(minutes=30))
        found = await counts(services, STU1)
        if typed.startswith("EMAIL") and not emails_shown:
            assert found == {}  # nothing names the email: /plateforme connecter says so
        else:
            assert found[(day(1796513832), ActivityKind.LOGGED_IN)] == 1
            assert sum(found.values()) == 6
    finally:
        await db.close()


# what the tutor is told of each error Moodle 4.5 answered ----------------------------------

TOLD = {
    "invalidtoken": "Moodle refuse le jeton du bot (« Invalid token - token not found ») : "
    "vérifiez TUTORAT_MOODLE_TOKEN et que le jeton n'a pas expiré ; le bot réessaiera à chaque "
    "relevé.",
    "no-token": "Moodle refuse le jeton du bot (« Invalid token - token not found »)",
    "course-999.enrolled_users": "Moodle ne trouve pas le cours (« Can't find data record in "
    "database table course. ») : vérifiez l'identifiant donné à /plateforme connecter.",
    "course-abc.get_assignments": "Moodle a refusé mod_assign_get_assignments (« Invalid "
    "parameter value detected ») ; le bot réessaiera au prochain relevé.",
    "missing-courseid.enrolled_users": "Moodle a refusé core_enrol_get_enrolled_users "
    "(« Invalid parameter value detected »)",
    "unexpected-param.enrolled_users": "Moodle a refusé core_enrol_get_enrolled_users",
    "courseids-scalar.get_assignments": "Moodle a refusé mod_assign_get_assignments",
    "includenot-true.get_assignments": "Moodle a refusé mod_assign_get_assignments",
    "includenot-True.get_assignments": "Moodle a refusé mod_assign_get_assignments",
    "submissions-empty": "Moodle a refusé mod_assign_get_submissions",
    "completion-user-999": "Moodle a refusé core_completion_get_activities_completion_status "
    "(« Invalid user »)",
    "no-format.enrolled_users": "La plateforme de cours ne répond pas comme prévu (réponse "
    "illisible).",
    "no-format.invalidtoken": "(réponse illisible)",
    "unknown-function": "La fonction core_nonexistent_function n'existe pas sur ce Moodle (« "
    "Can't find data record in database table external_functions. ») : le bot attend Moodle "
    "4.5 ou plus récent.",
    "readme-caps-no-rest-use.enrolled_users": "Moodle refuse la fonction "
    "core_enrol_get_enrolled_users (« Access control exception ») : ajoutez-la au service "
    "externe du bot et vérifiez que son rôle a webservice/rest:use ; le bot réessaiera à "
    "chaque relevé.",
    "function-not-in-service.completion": "Moodle refuse la fonction "
    "core_completion_get_activities_completion_status (« Access control exception »)",
    "readme-caps.enrolled_users": "Le compte du service web n'a pas accès au cours (« You "
    "cannot execute functions in the course context (course id:2). The context error message "
    "was: Course or activity not accessible. ») : donnez à son rôle moodle/course:view, car il "
    "n'est inscrit à aucun cours ; le bot réessaiera à chaque relevé.",
    "readme-caps.completion": "Le compte du service web n'a pas accès au cours (« Course or "
    "activity not accessible. »)",
    "readme-caps.get_assignments": "Moodle ne donne pas tout pour mod_assign_get_assignments "
    "(« User is not enrolled or does not have requested capability ») : il manque sans doute "
    "au rôle du service web la capacité moodle/course:view",
    "readme-caps.get_assignments.includenotenrolledcourses": "la capacité moodle/course:view",
    "readme-caps.get_submissions": "Moodle ne donne pas tout pour mod_assign_get_submissions "
    "(« No access rights in module context ») : il manque sans doute au rôle du service web "
    "la capacité mod/assign:viewgrades",
    "readme-caps+course-view.enrolled_users": "Il manque au rôle du service web la capacité "
    "moodle/course:viewparticipants, nécessaire à core_enrol_get_enrolled_users (« Sorry, but "
    "you do not currently have permissions to do that (View participants). ») : ajoutez-la "
    "dans l'administration de Moodle ; le bot réessaiera à chaque relevé.",
    "readme-caps+course-view.completion": "la capacité report/progress:view, nécessaire à "
    "core_completion_get_activities_completion_status",
    "maintenance-mode.enrolled_users": "Moodle est indisponible pour l'instant (« Test Moodle "
    "under maintenance The site is undergoing maintenance and is currently not available ») : "
    "ce n'est pas un refus ; le bot réessaiera au prochain relevé, sans rien perdre.",
    "database-down.enrolled_users": "Moodle est indisponible pour l'instant (« Error: Database "
    "connection failed It is possible that the database is overloaded or otherwise not "
    "running properly. The site administrator should also check that the database details "
    "have been correctly specified in config.php ») : ce n'est pas un refus",
    "site-maintenance-setting.enrolled_users": "Moodle est indisponible pour l'instant (« The "
    "site is undergoing maintenance and is currently not available ») : ce n'est pas un refus",
}
ANSWERED = {  # recorded answers that are not errors: nothing to tell
    "get-method.enrolled_users",
    "completion-user-notenrolled",
    "submissions-unknown-assignment",
    "courseids-brackets.get_assignments",
}


def error_cases() -> list[dict]:
    import json

    from tests.moodle_standin import RECORDED

    return json.loads((RECORDED / "errors" / "_index.json").read_text())


def test_every_recorded_error_case_has_what_the_tutor_is_told():
    assert {case["name"] for case in error_cases()} == set(TOLD) | ANSWERED


@pytest.mark.parametrize("case", error_cases(), ids=lambda case: case["name"])
async def test_each_recorded_error_reaches_the_tutor_as_one_french_sentence(case):
    """The recorded answer itself (status, type, body) replayed to the client."""
    from aiohttp import web

    from tests.moodle_standin import RECORDED

    body = (RECORDED / "errors" / case["file"]).read_bytes()

    async def replay(request):
        return web.Response(
            status=case["http_status"], body=body, headers={"Content-Type": case["content_type"]}
        )

    app = web.Application()
    app.router.add_route("*", "/webservice/rest/server.php", replay)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = lrs.free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        source = MoodleSource(f"http://127.0.0.1:{port}", TOKEN, timeout=5)
        params = {
            k: v
            for k, v in case["params"].items()
            if k not in ("wstoken", "wsfunction", "moodlewsrestformat")
        }
        async with aiohttp.ClientSession() as session:
            try:
                await source.call(session, case["params"]["wsfunction"], **params)
            except SourceError as exc:
                told = plain(failure_text(exc, "fr"))
            else:
                told = None
    finally:
        await runner.cleanup()
    if case["name"] in ANSWERED:
        assert told is None
    else:
        assert TOLD[case["name"]] in told and told.endswith(".")
        assert TOKEN not in told and "<" not in told


async def test_moodle_down_is_an_outage_told_once_not_a_refusal(world, moodle):
    services, cohort, db = world
    moodle.database_down = True
    for minutes in (0, 30):
        await services.platform.poll(cohort, NOW + timedelta(minutes=minutes))
    (state,) = await services.platform.state(cohort)
    assert state.failure == "unavailable"
    rows = await db.fetchall("SELECT payload FROM outbox WHERE key LIKE 'platform-down%'")
    assert len(rows) == 1 and "ce n'est pas un refus" in rows[0]["payload"]
    moodle.database_down = False
    await services.platform.poll(cohort, NOW + timedelta(hours=1))
    (state,) = await services.platform.state(cohort)
    assert state.failure is None and await counts(services, STU1)


async def test_a_missing_capability_is_told_to_the_tutor_who_connected_the_source(world, moodle):
    services, cohort, db = world
    moodle.capabilities.discard("report/progress:view")
    await services.platform.poll(cohort, NOW)
    rows = await db.fetchall("SELECT payload FROM outbox WHERE key LIKE 'platform-down%'")
    assert len(rows) == 1
    assert (
        "<@900> Il manque au rôle du service web la capacité report/progress:view"
        in (rows[0]["payload"])
    )
    # what could be read was: the last accesses and the assignments
    assert (day(1796513832), ActivityKind.LOGGED_IN) in await counts(services, STU1)
    assert len(await services.presence.checkpoints.of_cohort(cohort.id)) == 2


# only the last access: the schedule sees each day's ---------------------------------------


async def test_each_days_last_access_is_seen_by_the_polls_even_across_midnight(tmp_path, moodle):
    course = Course(2, "Intro to Testing", "TEST101")
    learner = User(4, "Stu1", "Dent", "EMAIL_OF_USER_4@example.invalid")
    course.users = [learner]
    moodle.course = course
    services, cohort, db = await make_world(tmp_path, moodle, {STU1: "4"})
    try:
        [job] = services.platform.jobs_for(cohort)
        start = datetime(2026, 12, 7, tzinfo=_zone())
        # seven days running, at various hours; the 10th at 23:50 and the 11th at 00:10
        visits = [
            start.replace(day=7, hour=9),
            start.replace(day=8, hour=18, minute=5),
            start.replace(day=9, hour=7, minute=55),
            start.replace(day=10, hour=12),
            start.replace(day=10, hour=23, minute=50),
            start.replace(day=11, hour=0, minute=10),
            start.replace(day=12, hour=21),
            start.replace(day=13, hour=14),
        ]
        for when in fire_times(job.trigger, start, start + timedelta(days=7)):
            past = [v for v in visits if v <= when]
            if past:
                seen = int(past[-1].timestamp())
                learner.lastaccess = learner.lastcourseaccess = seen
            await services.platform.poll(cohort, when)
        found = await counts(services, STU1)
        days = sorted(d for d, kind in found if kind is ActivityKind.LOGGED_IN)
        assert [d.day for d in days] == [7, 8, 9, 10, 11, 12, 13]
    finally:
        await db.close()


# bounded polls --------------------------------------------------------------------------


async def test_a_poll_makes_a_few_calls_at_once_stops_at_its_deadline_and_resumes(tmp_path):
    moodle = await MoodleStandIn(generated(200, course_id=2), latency=0.05).start(lrs.free_port())
    try:
        services, cohort, db = await make_world(tmp_path, moodle, {})
        services.platform.deadline = 1.0
        first = await services.platform.poll(cohort, NOW)
        (state,) = await services.platform.state(cohort)
        assert state.progress is not None and state.failure is None  # cut short, not failed
        asked = [
            c["userid"]
            for c in moodle.calls
            if c["wsfunction"] == "core_completion_get_activities_completion_status"
        ]
        assert 0 < len(asked) < 200 and 1 < moodle.most_in_flight <= 4
        moodle.calls.clear()
        services.platform.deadline = 600
        second = await services.platform.poll(cohort, NOW + timedelta(minutes=30))
        again = [
            c["userid"]
            for c in moodle.calls
            if c["wsfunction"] == "core_completion_get_activities_completion_status"
        ]
        assert min(int(u) for u in again) > int(state.progress)  # resumed after the mark
        assert len(set(asked) | set(again)) == 200
        (state,) = await services.platform.state(cohort)
        assert state.progress is None
        assert first.waiting + second.waiting >= 200  # every learner's completion came
        await db.close()
    finally:
        await moodle.stop()


async def test_the_roles_capabilities_the_readme_asks_for_are_enough(moodle):
    moodle.capabilities = set(NEEDED)
    check = await MoodleSource(moodle.url, TOKEN, timeout=5).check("2")
    assert check.problems == [] and (check.learners, check.assignments, check.emails) == (
        6,
        3,
        True,
    )


def test_an_assignment_moodle_grades_with_nothing_is_a_formative_checkpoint():
    from sources.moodle import assignment_weight

    assert assignment_weight({"id": 1, "grade": 0}) == 0.0  # grade type « None »
    assert assignment_weight({"id": 2, "grade": 100}) is None  # graded: weight not said here
    assert assignment_weight({"id": 3, "grade": -2}) is None  # a scale
    assert assignment_weight({"id": 4}) is None
