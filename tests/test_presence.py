"""Daily presence on a virtual clock: two cohorts in two time zones over three weeks, once per
open day at local time, with queued messages, checkpoints, duty, breaks; faults and restarts
change nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sandbox.people import Mention
from tests.cohort_steps import configure, is_ephemeral, plain, reply_text
from tests.harness import eventually
from tests.test_kickoff import bot_posts, text_of
from tutorat.models import OutboxStatus

PARIS, MONTREAL = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")
MESSAGES = "/channels/{channel_id}/messages"


async def new_cohort(scene, bot, name, tz, ends="2027-01-29"):
    await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "creer",
        options={"nom": name, "demarrage": "2027-01-11 09:00", "fuseau": tz, "fin": ends},
    )
    return await bot.services.cohorts.cohorts.by_name(scene.guild_id, name)


async def tutor(scene, *path, **options):
    return await scene.people.command(scene.tutor_id, scene.help_channel_id, *path, options=options)


def presence_posts(sandbox, cohort) -> list[dict]:
    return [m for m in bot_posts(sandbox, cohort.channel_id) if "Semaine" in text_of(m)]


async def test_presence_once_per_open_day_in_each_zone_through_faults_and_restarts(
    running_on_both, scene, sandbox
):
    running = running_on_both  # on SQLite and on PostgreSQL
    await configure(scene)
    bot = running.bot
    paris = await new_cohort(scene, bot, "Paris", "Europe/Paris")
    montreal = await new_cohort(scene, bot, "Montréal", "America/Montreal")

    opened = await tutor(scene, "presence", "programmer", cohorte="Paris")
    form = opened.responses[0]["data"]["custom_id"]
    queued = await scene.people.submit(
        scene.tutor_id,
        scene.help_channel_id,
        form,
        {"day": "2027-01-13", "body": "Webinaire de méthodologie à 18 h, lien dans #infos"},
    )
    assert "Message programmé pour le mercredi 13 janvier" in reply_text(queued)
    await tutor(
        scene, "jalon", "ajouter", cohorte="Paris", nom="Devoir 1", echeance="2027-01-15 18:00"
    )
    await tutor(
        scene,
        "presence",
        "permanence",
        cohorte="Paris",
        jour="2027-01-12",
        tuteur=Mention("user", scene.tutor_id),
    )
    paused = await tutor(
        scene, "cohorte", "pause", nom="Montréal", debut="2027-01-18", fin="2027-01-22"
    )
    assert "Pause du lundi 18 janvier au vendredi 22 janvier" in reply_text(paused)

    def paris_at(text):
        return datetime.fromisoformat(text).replace(tzinfo=PARIS)

    await bot.advance_to(paris_at("2027-01-12T08:59"))  # just before Tuesday's post
    bot = await running.restart()
    sandbox.fail("POST", MESSAGES, 503)  # Tuesday's post meets a 5xx: sent 30 s later
    await bot.advance_to(paris_at("2027-01-13T08:00"))
    sandbox.fail("POST", MESSAGES, 429, retry_after=300)  # Wednesday's: a long rate limit
    await bot.advance_to(paris_at("2027-01-13T09:01"))
    bot = await running.restart()  # recorded, not yet sent: restarted in between
    await bot.advance_to(paris_at("2027-01-14T12:00"))
    await sandbox.gateway.drop()
    await eventually(lambda: sandbox.gateway.resumes == 1, timeout=10)
    await bot.advance_to(paris_at("2027-01-20T10:00"))  # mid-week
    bot = await running.restart()
    await bot.advance_to(paris_at("2027-02-05T12:00"))  # a week past the end

    statuses = [r.status for r in sandbox.requests_to("POST", MESSAGES)]
    assert 503 in statuses and 429 in statuses  # the faults did happen

    weekdays = [
        date(2027, 1, 11) + timedelta(days=d)
        for d in range(19)
        if (date(2027, 1, 11) + timedelta(days=d)).weekday() < 5
    ]
    for cohort, zone, days in (
        (paris, PARIS, weekdays),
        (
            montreal,
            MONTREAL,
            [d for d in weekdays if not date(2027, 1, 18) <= d <= date(2027, 1, 22)],
        ),
    ):
        posts = presence_posts(sandbox, cohort)
        titles = [p["embeds"][0]["title"] for p in posts]
        assert len(titles) == len(set(titles)) == len(days), " | ".join(sorted(titles))
        for day in days:
            item = await bot.services.outbox.store.get(f"cohort:{cohort.id}:presence:{day}")
            assert item.status is OutboxStatus.SENT
            assert item.created_at == datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
    by_day = {
        p["embeds"][0]["title"].split(" — ")[1]: text_of(p) for p in presence_posts(sandbox, paris)
    }
    assert "Webinaire de méthodologie" in by_day["mercredi 13 janvier"]
    assert f"De permanence aujourd'hui : <@{scene.tutor_id}>" in by_day["mardi 12 janvier"]
    assert "Dans 3 jours : « Devoir 1 »" in by_day["mardi 12 janvier"]
    assert "Demain : « Devoir 1 »" in by_day["jeudi 14 janvier"]
    assert "Aujourd'hui : « Devoir 1 »" in by_day["vendredi 15 janvier"]
    assert "Devoir 1" not in by_day["mercredi 13 janvier"]
    assert all("Conseil du jour" in str(p["embeds"]) for p in presence_posts(sandbox, paris))


async def test_a_checkpoint_is_declared_by_button_or_command_late_is_recorded(
    running, scene, sandbox
):
    await configure(scene)
    bot = running.bot
    cohort = await new_cohort(scene, bot, "Paris", "Europe/Paris")
    await tutor(
        scene, "jalon", "ajouter", cohorte="Paris", nom="Devoir 1", echeance="2027-01-15 18:00"
    )
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    noe = await scene.people.join(scene.guild_id, "noe", [cohort.role_id])
    for user in (lea, noe):
        await bot.services.cohorts.join(cohort.id, user, bot.clock.now())
    await bot.advance_to(datetime(2027, 1, 15, 9, 5, tzinfo=PARIS))
    post = presence_posts(sandbox, cohort)[-1]
    button = post["components"][0]["components"][0]
    assert plain(button["label"]) == "Fait : Devoir 1"
    bot = await running.restart()
    done = await scene.people.click(lea, post, button["custom_id"])
    assert is_ephemeral(done) and "Bravo ! « Devoir 1 » est noté comme fait." in reply_text(done)
    again = await scene.people.click(lea, post, button["custom_id"])
    assert "était déjà noté" in reply_text(again)

    await bot.advance_to(datetime(2027, 1, 16, 10, tzinfo=PARIS))
    choices = await scene.people.autocomplete(
        noe, cohort.channel_id, "jalon", "fait", options={"jalon": "dev"}, focused="jalon"
    )
    assert [c["name"] for c in choices] == ["Devoir 1"]
    late = await scene.people.command(
        noe, cohort.channel_id, "jalon", "fait", options={"jalon": choices[0]["value"]}
    )
    assert "après l'échéance" in reply_text(late)
    checkpoints = bot.services.presence.checkpoints
    assert await checkpoints.done_by(cohort.id, lea) == {button_id(button): False}
    assert await checkpoints.done_by(cohort.id, noe) == {button_id(button): True}
    forged = await scene.people.command(
        noe, cohort.channel_id, "jalon", "fait", options={"jalon": "99:99"}
    )
    assert "Ce jalon n'existe pas dans votre cohorte" in reply_text(forged)


def button_id(button: dict) -> int:
    return int(button["custom_id"].rsplit(":", 1)[1])


async def test_wrong_dates_in_routine_commands_get_a_sentence(running, scene):
    await configure(scene)
    await new_cohort(scene, running.bot, "Paris", "Europe/Paris")
    cases = [
        (
            ("cohorte", "pause"),
            {"nom": "Paris", "debut": "2027-02-10", "fin": "2027-02-01"},
            "La fin de la pause vient avant son début",
        ),
        (
            ("jalon", "ajouter"),
            {"cohorte": "Paris", "nom": "X", "echeance": "2026-01-01 10:00"},
            "est déjà passée",
        ),
        (
            ("presence", "permanence"),
            {"cohorte": "Paris", "jour": "demain", "tuteur": Mention("user", scene.tutor_id)},
            "n'est pas une date lisible",
        ),
        (
            ("presence", "retirer"),
            {"cohorte": "Paris", "numero": 42},
            "Aucun message programmé n° 42",
        ),
    ]
    for path, options, sentence in cases:
        answer = await tutor(scene, *path, **options)
        assert is_ephemeral(answer) and sentence in reply_text(answer), (path, reply_text(answer))


async def test_a_presence_post_missed_while_down_is_caught_up_once(running, scene, sandbox):
    await configure(scene)
    cohort = await new_cohort(scene, running.bot, "Paris", "Europe/Paris")
    await running.bot.advance_to(datetime(2027, 1, 12, 8, 0, tzinfo=PARIS))
    await running.stop()
    running.clock.set(datetime(2027, 1, 12, 11, 30, tzinfo=PARIS))  # down at 09:00
    bot = await running.start()
    await sandbox.wait_for(lambda: len(presence_posts(sandbox, cohort)) == 2)
    await bot.advance_to(datetime(2027, 1, 12, 20, 0, tzinfo=PARIS))
    await bot.catch_up()
    titles = [p["embeds"][0]["title"] for p in presence_posts(sandbox, cohort)]
    assert titles == ["Paris — lundi 11 janvier", "Paris — mardi 12 janvier"]


async def test_tutors_list_and_remove_queued_messages(running, scene, sandbox):
    await configure(scene)
    cohort = await new_cohort(scene, running.bot, "Paris", "Europe/Paris")
    for day, body in (("2027-01-12", "Rappel : forum ouvert"), ("13/01/2027", "Quiz surprise")):
        opened = await tutor(scene, "presence", "programmer", cohorte="Paris")
        await scene.people.submit(
            scene.tutor_id,
            scene.help_channel_id,
            opened.responses[0]["data"]["custom_id"],
            {"day": day, "body": body},
        )
    listing = reply_text(await tutor(scene, "presence", "liste", cohorte="Paris"))
    assert "mardi 12 janvier : Rappel : forum ouvert" in listing
    assert "mercredi 13 janvier : Quiz surprise" in listing
    number = int(listing.split("**n° ")[2].split("**")[0])
    removed = await tutor(scene, "presence", "retirer", cohorte="Paris", numero=number)
    assert "Message retiré" in reply_text(removed)
    await running.bot.advance_to(datetime(2027, 1, 13, 12, 0, tzinfo=PARIS))
    posts = {p["embeds"][0]["title"]: text_of(p) for p in presence_posts(sandbox, cohort)}
    assert "Rappel : forum ouvert" in posts["Paris — mardi 12 janvier"]
    assert "Quiz surprise" not in posts["Paris — mercredi 13 janvier"]
    learner = await scene.people.join(scene.guild_id, "lea")
    refused = await scene.people.command(
        learner, cohort.channel_id, "presence", "liste", options={"cohorte": "Paris"}
    )
    assert "réservée à l'équipe tutorale" in reply_text(refused)
