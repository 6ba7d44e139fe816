"""/plateforme end to end, through discord.py and the sandbox: a learner links their account and
a tutor confirms it; a tutor imports a roster and an activity report; the cohort's LRS (a real
one) is polled on the schedule; the learner sees, exports and erases what came from it."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, datetime, timedelta

import pytest

from sandbox import lrs
from sandbox.people import Mention, Upload
from sources.xapi import XapiSource
from tests.cohort_steps import (
    cohort_of,
    configure,
    create_cohort,
    enrol,
    is_ephemeral,
    plain,
    reply_text,
)
from tests.test_kickoff import eventually_learner
from tutorat.models import ActivityKind, Place
from tutorat.reporting import digest_lines
from tutorat.texts import text


def statement(email: str, when: datetime, verb: str = "completed") -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": f"mailto:{email}"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": "https://lms.example.org/mod/quiz/view.php?id=3"},
        "timestamp": when.isoformat(),
    }


async def platform_counts(bot, scene, user: int) -> dict:
    counts = await bot.services.activity.store.for_user(scene.guild_id, user)
    return {(c.day, c.kind): c.count for c in counts if c.place is Place.PLATFORM}


@pytest.fixture
async def cohort(running, scene):
    await configure(scene)
    await create_cohort(scene)
    found = await cohort_of(running.bot, scene)
    return found


async def tutor(scene, cohort, *path, **options):
    return await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "plateforme", *path, options=options
    )


@pytest.fixture
async def learning_locker(tmp_path):
    try:
        server = await lrs.start("learning-locker", tmp_path / "ll")
    except lrs.LrsMissing as exc:
        pytest.fail(str(exc))
    yield server
    await server.stop()


async def test_a_declared_link_counts_nothing_until_a_tutor_confirms_it_and_can_be_removed(
    running, scene, sandbox, cohort, learning_locker
):
    bot = running.bot
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(bot, cohort.id, lea)
    said = await scene.people.command(
        lea, cohort.channel_id, "plateforme", "lier", options={"compte": "Lea@Example.org"}
    )
    assert is_ephemeral(said) and "rien de la plateforme ne vous est attribué" in reply_text(said)
    mine = await scene.people.command(lea, cohort.channel_id, "plateforme", "moncompte")
    assert "lea@example.org" in reply_text(mine) and "en attente" in reply_text(mine)

    bot.services.platform.sources = {
        "xapi": XapiSource(learning_locker.endpoint, lrs.USERNAME, lrs.PASSWORD)
    }
    connected = await tutor(scene, cohort, "connecter", cohorte=cohort.name, source="xapi")
    assert "connectée" in reply_text(connected)
    now = bot.clock.now()
    await learning_locker.add([statement("lea@example.org", now) for _ in range(3)])
    # the schedule polls the LRS; nothing is Léa's before a tutor confirms
    await bot.advance_to(now + timedelta(minutes=31))
    assert await platform_counts(bot, scene, lea) == {}
    await bot.get_cog("Delivery").flush_now()
    told = [m["content"] for m in sandbox.messages_in(cohort.tutors_channel_id)]
    assert any("a indiqué son compte sur la plateforme" in m for m in told)

    confirmed = await tutor(
        scene, cohort, "confirmer", cohorte=cohort.name, apprenant=Mention("user", lea)
    )
    assert "attribuées : 3." in reply_text(confirmed)
    assert await platform_counts(bot, scene, lea) == {(now.date(), ActivityKind.COMPLETED): 3}
    listed = await tutor(scene, cohort, "liens", cohorte=cohort.name)
    assert f"<@{lea}>" in reply_text(listed) and "✅" in reply_text(listed)
    state = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "etat", options={"nom": cohort.name}
    )
    fields = {f["name"]: f["value"] for f in state.original["embeds"][0]["fields"]}
    assert plain(fields["Plateforme de cours"]) == "Liés à leur compte : 1 sur 1 ; à confirmer : 0"
    digest = await bot.services.reports.digest_of(cohort, 1)
    assert "Plateforme : 1 sur 1 liés à leur compte." in plain(" ".join(digest_lines(digest, "fr")))

    # polled again (the overlap reads the same statements): still three
    polled = await tutor(scene, cohort, "relever", cohorte=cohort.name)
    assert "Déclarations nouvelles : 0 ;" in reply_text(polled)
    assert await platform_counts(bot, scene, lea) == {(now.date(), ActivityKind.COMPLETED): 3}

    removed = await scene.people.command(lea, cohort.channel_id, "plateforme", "delier")
    assert "Lien retiré" in reply_text(removed)
    assert await bot.services.platform.links(cohort) == []


async def test_a_learner_sees_exports_and_erases_their_platform_data(
    running, scene, sandbox, cohort
):
    bot = running.bot
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(bot, cohort.id, lea)
    roster = b"discord,email\nlea,lea@example.org\n"
    await tutor(scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("l.csv", roster))
    report = b"email,date,count,kind\nlea@example.org,2027-01-12,4,viewed\n"
    await tutor(scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("r.csv", report))
    exported = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "exporter")
    attachment = exported.original["attachments"][0]
    data = json.loads(sandbox.files[int(attachment["id"])])["data"]
    assert {"day": "2027-01-12", "place": "platform", "kind": "viewed", "count": 4} in data[
        "activity"
    ]
    seen = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "voir")
    assert "lea@example.org" in reply_text(seen)
    # the tutors' cohort export counts it too, in the week it was done
    csv_answer = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "export", options={"nom": cohort.name}
    )
    raw = sandbox.files[int(csv_answer.original["attachments"][0]["id"])].decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(raw), delimiter=";")
    week1 = next(x for x in rows if x["apprenant"] == "lea" and x["semaine"] == "1")
    assert week1["dont_plateforme"] == "4" and int(week1["actions"]) >= 4
    assert week1["compte_plateforme"] == "mbox:lea@example.org"  # the account beside the name
    assert data["platform_links"][0]["account"] == "mbox:lea@example.org"

    ask = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "effacer")
    button = ask.original["components"][0]["components"][0]["custom_id"]
    await scene.people.click(lea, ask.original, button)
    assert await platform_counts(bot, scene, lea) == {}
    assert await bot.services.platform.links(cohort) == []


async def test_a_roster_and_a_report_are_imported_once_and_a_bad_row_imports_nothing(
    running, scene, sandbox, cohort
):
    bot = running.bot
    lea = await enrol(scene, cohort, "lea")
    noe = await enrol(scene, cohort, "noe")
    await eventually_learner(bot, cohort.id, noe)
    report = (
        b"email;date;count;kind\n"
        b"lea@example.org;2027-01-05;4;viewed\n"
        b"noe@example.org;2027-01-05;2;submitted\n"
    )
    first = await tutor(
        scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("r.csv", report)
    )
    assert "Lignes : 2 ; actions nouvelles : 6" in reply_text(first)
    assert sandbox.cdn_downloads  # the bot read the upload from the CDN
    # nobody is linked yet: the counts wait
    assert await platform_counts(bot, scene, lea) == {}

    roster = f"discord,email\nlea,lea@example.org\n{noe},noe@example.org\n".encode()
    linked = await tutor(
        scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("l.csv", roster)
    )
    assert "Comptes liés : 2 ; actions déjà relevées qui leur sont attribuées : 6" in reply_text(
        linked
    )
    again = await tutor(
        scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("r.csv", report)
    )
    assert "actions nouvelles : 0" in reply_text(again)
    assert await platform_counts(bot, scene, lea) == {(date(2027, 1, 5), ActivityKind.VIEWED): 4}
    assert await platform_counts(bot, scene, noe) == {(date(2027, 1, 5), ActivityKind.SUBMITTED): 2}

    bad = report + b"lea@example.org;05/01/2027;1;viewed\n"
    refused = await tutor(
        scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("b.csv", bad)
    )
    assert is_ephemeral(refused)
    assert "ligne 4, colonne « date »" in reply_text(refused)
    assert "Rien n'a été importé" in reply_text(refused)
    assert await platform_counts(bot, scene, lea) == {(date(2027, 1, 5), ActivityKind.VIEWED): 4}


async def test_a_learner_cannot_import_or_confirm(running, scene, cohort):
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(running.bot, cohort.id, lea)
    answer = await scene.people.command(
        lea,
        cohort.channel_id,
        "plateforme",
        "importer",
        options={"cohorte": cohort.name, "fichier": Upload("r.csv", b"email,date,count\n")},
    )
    assert is_ephemeral(answer) and text("platform.imported_activity", "fr")[:10] not in reply_text(
        answer
    )
    assert await running.bot.services.platform.links(cohort) == []


async def test_a_platform_assignment_becomes_a_checkpoint_the_learner_sees_done(
    running, scene, cohort
):
    from sources.moodle import MoodleSource
    from tests.moodle_course import Assignment, Course, Submission, User
    from tests.moodle_standin import TOKEN, MoodleStandIn

    bot = running.bot
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(bot, cohort.id, lea)
    roster = b"discord,email\nlea,lea@example.org\n"
    await tutor(scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("l.csv", roster))
    now = int(bot.clock.now().timestamp())
    course = Course(7, "Statistiques", "STAT1", now)
    course.users = [User(31, "Léa", "L", "lea@example.org", now - 3600, now - 3600, now - 3600)]
    course.assignments = [Assignment(4, 9, "Devoir 1 : statistiques descriptives", now + 4 * 86400)]
    course.submissions = [Submission(1, 4, 31, now - 600, now - 600, text="ma copie")]
    moodle = await MoodleStandIn(course).start(lrs.free_port())
    try:
        bot.services.platform.sources = {"moodle": MoodleSource(moodle.url, TOKEN)}
        await tutor(scene, cohort, "connecter", cohorte=cohort.name, source="moodle", cours="7")
        polled = await tutor(scene, cohort, "relever", cohorte=cohort.name)
        assert "Relevé fait" in reply_text(polled)
    finally:
        await moodle.stop()
    listed = await scene.people.command(lea, cohort.channel_id, "jalon", "liste")
    assert "Devoir 1 : statistiques descriptives" in reply_text(listed)
    choices = await scene.people.autocomplete(
        lea, cohort.channel_id, "jalon", "fait", options={"jalon": ""}, focused="jalon"
    )
    assert choices == []  # declared done by the submission on the platform


async def test_help_says_how_to_link_and_how_long_data_is_kept(running, scene):
    answer = await scene.people.command(scene.tutor_id, scene.cohort_channel_id, "aide")
    shown = reply_text(answer)
    assert "/plateforme lier" in shown
    assert "effacé 365 jours après la fin de votre cohorte" in shown
    english = await scene.people.command(
        scene.tutor_id, scene.cohort_channel_id, "aide", locale="en-US"
    )
    assert "erased 365 days after your cohort ends" in reply_text(english)


async def test_platform_work_keeps_a_learner_quiet_on_discord_from_an_alarm_until_it_stops(
    running, scene, sandbox, learning_locker
):
    from tests.test_warning import paris, prompts_to, quiet_learner, text_of

    bot = running.bot
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    roster = b"discord,email\nlea,lea@example.org\n"
    await tutor(scene, cohort, "importer", cohorte=cohort.name, fichier=Upload("l.csv", roster))
    bot.services.platform.sources = {
        "xapi": XapiSource(learning_locker.endpoint, lrs.USERNAME, lrs.PASSWORD)
    }
    bot.services.platform.interval_minutes = 360  # four polls a day are enough here
    await tutor(scene, cohort, "connecter", cohorte=cohort.name, source="xapi")
    # silent on Discord from the 13th; on the platform every day until the 15th
    await learning_locker.add(
        [statement("lea@example.org", paris(f"2027-01-{d}T10:00"), "viewed") for d in (13, 14, 15)]
    )
    await bot.advance_to(paris("2027-01-20T08:05"))
    assert prompts_to(sandbox, scene.tutor_id) == []  # seven days quiet on Discord: no alarm
    await bot.advance_to(paris("2027-02-05T08:05"))
    assert prompts_to(sandbox, scene.tutor_id) == []  # 20 days quiet everywhere: not yet
    await bot.advance_to(paris("2027-02-06T08:05"))  # 21 (16 January-5 February), no deadline
    assert prompts_to(sandbox, scene.tutor_id) == []  # a Saturday: the case waits for Monday
    await bot.advance_to(paris("2027-02-08T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    assert "ni sur Discord ni sur la plateforme" in text_of(prompt)
