"""A learner's first days, end to end on a virtual clock: welcome, reminders, kick-off post,
« Je démarre » (also after a restart), personal goals, and the D+3 reminder."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox.harness import enrolment_done
from tests.cohort_steps import (
    cohort_of,
    configure,
    create_cohort,
    enrol,
    is_ephemeral,
    plain,
    reply_text,
)
from tests.harness import eventually

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def bot_posts(sandbox, channel_id: int) -> list[dict]:
    return [m for m in sandbox.messages_in(channel_id) if m["author"].get("bot")]


async def start_with_goals(scene, sandbox, cohort, user: int) -> None:
    """The learner clicks « Je démarre » and gives their goals (to pass, 4 hours a week)."""
    await scene.people.click(user, kickoff_post(sandbox, cohort), f"tutorat:start:{cohort.id}")
    await scene.people.submit(
        user,
        cohort.channel_id,
        f"tutorat:goals:{cohort.id}",
        {"aim": "Réussir", "hours": "4", "obstacles": ""},
    )


def kickoff_post(sandbox, cohort) -> dict:
    """The kick-off post: the one with the cohort's « Je démarre » button, in any language."""
    start = f"tutorat:start:{cohort.id}"
    return next(
        m
        for m in bot_posts(sandbox, cohort.channel_id)
        for row in m.get("components") or []
        for item in row.get("components") or []
        if item.get("custom_id") == start
    )


def text_of(message: dict) -> str:
    embeds = " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "")
        for e in message.get("embeds") or []
    )
    return plain((message.get("content") or "") + " " + embeds)


async def ready_cohort(running, scene):
    await configure(scene)
    await create_cohort(scene)
    return await cohort_of(running.bot, scene)


async def enrolled(running, scene, cohort, name):
    user_id = await enrol(scene, cohort, name)
    bot = running.bot
    await eventually_learner(bot, cohort.id, user_id)
    await bot.get_cog("Delivery").flush_now()
    return user_id


async def eventually_learner(bot, cohort_id, user_id):
    await enrolment_done(bot, cohort_id, user_id)


async def test_a_learner_given_the_role_is_welcomed_by_dm(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    lea = await enrolled(running, scene, cohort, "lea")
    dms = sandbox.dms_to(lea)
    assert len(dms) == 1
    assert "Bienvenue dans « Janvier 2027 »" in text_of(dms[0])
    assert "lundi 11 janvier 2027 à 09:00" in text_of(dms[0])
    assert any("Ce que le bot mesure" in f["value"] for f in dms[0]["embeds"][0]["fields"])
    assert await running.bot.services.assignments.tutor_of(cohort.id, lea) == scene.tutor_id


async def test_closed_dms_fall_back_to_a_mention_in_the_cohort_channel(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    noe = await scene.people.join(scene.guild_id, "noe")
    sandbox.dms_closed.add(noe)
    await scene.people.set_roles(scene.guild_id, noe, [cohort.role_id])
    await eventually_learner(running.bot, cohort.id, noe)
    await running.bot.get_cog("Delivery").flush_now()
    posts = bot_posts(sandbox, cohort.channel_id)
    assert len(posts) == 1 and f"<@{noe}>" in posts[0]["content"]
    assert "Bienvenue" in text_of(posts[0])
    mentioned = sandbox.requests_to("POST", "/channels/{channel_id}/messages")[-1].body
    assert [int(u) for u in mentioned["allowed_mentions"]["users"]] == [noe]


async def test_reminders_the_day_and_the_hour_before_are_posted_once_across_restarts(
    running, scene, sandbox
):
    cohort = await ready_cohort(running, scene)
    bot = running.bot
    await bot.advance_to(at("2027-01-10T09:30"))  # the day-before reminder ran at 09:00
    bot = await running.restart()
    await bot.advance_to(at("2027-01-11T08:10"))  # the hour-before one at 08:00
    running.clock.set(at("2027-01-11T08:20"))
    bot = await running.restart()  # restarting after it: the catch-up does not repeat it
    await bot.get_cog("Delivery").flush_now()
    posts = [text_of(m) for m in bot_posts(sandbox, cohort.channel_id)]
    assert len(posts) == 2
    assert posts[0].startswith("📅 **Demain à 09:00**, lancement de « Janvier 2027 »")
    assert posts[1].startswith("⏰ Le lancement de « Janvier 2027 » commence dans une heure")


async def test_a_reminder_missed_while_down_is_caught_up_at_start_up(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    await running.stop()
    running.clock.set(at("2027-01-10T15:00"))  # down at 09:00 the day before
    await running.start()
    await sandbox.wait_for(lambda: bot_posts(sandbox, cohort.channel_id))
    assert "Demain à 09:00" in text_of(bot_posts(sandbox, cohort.channel_id)[0])


async def test_the_start_button_works_after_a_restart_and_opens_the_goals_form(
    running, scene, sandbox
):
    cohort = await ready_cohort(running, scene)
    lea = await enrolled(running, scene, cohort, "lea")
    bot = running.bot
    await bot.advance_to(at("2027-01-11T09:05"))
    kickoff = [m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)]
    assert len(kickoff) == 1
    button = kickoff[0]["components"][0]["components"][0]
    assert button["label"] == "Je démarre" and button["custom_id"] == f"tutorat:start:{cohort.id}"

    bot = await running.restart()
    click = await scene.people.click(lea, kickoff[0], button["custom_id"])
    modal = click.responses[0]
    assert modal["type"] == 9 and modal["data"]["custom_id"] == f"tutorat:goals:{cohort.id}"
    learner = await bot.services.cohorts.learners.get(cohort.id, lea)
    assert learner.started_at == at("2027-01-11T09:05")

    answer = await scene.people.submit(
        lea,
        cohort.channel_id,
        modal["data"]["custom_id"],
        {"aim": "Obtenir la certification", "hours": "environ 5 h", "obstacles": "Mon travail"},
    )
    assert is_ephemeral(answer) and "Vos objectifs sont enregistrés" in reply_text(answer)
    goals = await bot.services.onboarding.goals.get(cohort.id, lea, "start")
    assert (goals.aim, goals.hours, goals.obstacles) == (
        "Obtenir la certification",
        5,
        "Mon travail",
    )

    again = await scene.people.click(lea, kickoff[0], button["custom_id"])
    assert is_ephemeral(again) and "déjà noté" in reply_text(again)
    kickoffs = [m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)]
    assert len(kickoffs) == 1  # posted once, restart or not


async def test_someone_outside_the_cohort_cannot_start_it(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    await running.bot.advance_to(at("2027-01-11T09:05"))
    post = kickoff_post(sandbox, cohort)
    stranger = await scene.people.join(scene.guild_id, "passant")
    click = await scene.people.click(stranger, post, f"tutorat:start:{cohort.id}")
    assert is_ephemeral(click) and "ne faites pas partie de cette cohorte" in reply_text(click)


async def test_the_d3_reminder_reaches_only_non_starters_once(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    lea = await enrolled(running, scene, cohort, "lea")  # will click
    noe = await enrolled(running, scene, cohort, "noe")  # will write, never click
    hugo = await enrolled(running, scene, cohort, "hugo")  # does nothing
    bot = running.bot
    await bot.advance_to(at("2027-01-11T09:05"))
    post = kickoff_post(sandbox, cohort)
    await scene.people.click(lea, post, f"tutorat:start:{cohort.id}")
    await scene.people.say(cohort.channel_id, noe, "Bonjour à tous")
    await eventually(lambda: bot.services.activity.buffer.pending_for(noe))
    await bot.get_cog("Activity").flush()

    await bot.advance_to(at("2027-01-14T10:00"))  # D+3 at 09:00
    bot = await running.restart()
    await bot.advance_to(at("2027-01-16T10:00"))  # two more days: no second reminder
    reminders = {
        uid: [m for m in sandbox.dms_to(uid) if "trois jours" in text_of(m)]
        for uid in (lea, noe, hugo)
    }
    assert [len(reminders[u]) for u in (lea, noe, hugo)] == [0, 0, 1]
    assert reminders[hugo][0]["components"][0]["components"][0]["label"] == "Je démarre"

    listing = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "demarrage",
        options={"nom": "Janvier 2027"},
    )
    shown = reply_text(listing)
    assert "2 sur 3 ont démarré" in shown
    assert f"<@{hugo}> — pas de démarrage depuis 5 jours, relance J+3 envoyée" in shown
    assert f"<@{noe}>" not in shown


async def test_a_late_joiner_gets_the_start_button_in_the_welcome(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    await running.bot.advance_to(at("2027-01-12T10:00"))
    ines = await enrolled(running, scene, cohort, "ines")
    welcome = sandbox.dms_to(ines)[0]
    assert "a déjà commencé" in text_of(welcome)
    assert welcome["components"][0]["components"][0]["custom_id"] == f"tutorat:start:{cohort.id}"


async def test_a_role_given_while_the_bot_was_down_is_enrolled_at_start_up(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    await running.stop()
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    bot = await running.start()
    await eventually_learner(bot, cohort.id, lea)
    await bot.get_cog("Delivery").flush_now()
    assert len(sandbox.dms_to(lea)) == 1
    bot = await running.restart()  # enrolled already: no second welcome
    await bot.get_cog("Delivery").flush_now()
    assert len(sandbox.dms_to(lea)) == 1
    assert await bot.services.assignments.tutor_of(cohort.id, lea) == scene.tutor_id
