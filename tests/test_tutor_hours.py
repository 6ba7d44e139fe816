"""Tutors are not alerted at night nor on their days off: a prompt due then waits for their
next working hour ([notifications] tutor_* in config.toml, or their own /notifications)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.cohort_steps import is_ephemeral, reply_text
from tests.test_warning import paris, prompts_to, quiet_learner
from tutorat.errors import Refusal
from tutorat.notify import TutorHours, parse_days, parse_quiet

PARIS = ZoneInfo("Europe/Paris")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2027-01-25T10:00", "2027-01-25T10:00"),  # a Monday morning: at once
        ("2027-01-25T21:30", "2027-01-26T08:00"),  # Monday night: Tuesday 8:00
        ("2027-01-26T06:00", "2027-01-26T08:00"),  # Tuesday before 8:00
        ("2027-01-29T20:00", "2027-02-01T08:00"),  # Friday evening: Monday
        ("2027-01-30T11:00", "2027-02-01T08:00"),  # Saturday: Monday
        ("2027-03-27T12:00", "2027-03-29T08:00"),  # over the change to summer time
    ],
)
def test_a_tutor_prompt_waits_for_the_next_working_hour(now, expected):
    assert TutorHours().next_allowed(local(now)) == local(expected)


def test_hours_without_quiet_time_and_days_written_in_french_or_english():
    always = TutorHours(time(0, 0), time(0, 0), parse_days("lun-dim"))
    assert always.next_allowed(local("2027-01-30T03:00")) == local("2027-01-30T03:00")
    assert parse_days("lun-ven") == parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("ven-lun") == frozenset({4, 5, 6, 0})
    assert parse_days("Mardi, jeudi") == frozenset({1, 3})
    assert parse_quiet("19 h 30 - 7 h") == (time(19, 30), time(7, 0))
    for bad in ("le soir", "25:00-08:00"):
        with pytest.raises(Refusal):
            parse_quiet(bad)
    with pytest.raises(Refusal):
        parse_days("weekend")


async def test_a_prompt_due_on_a_tutors_day_off_reaches_them_on_their_next_day(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    chose = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "notifications",
        options={"jours": "lun-mar", "calme": "18:00-09:00"},
    )
    assert is_ephemeral(chose)
    assert reply_text(chose).startswith(
        "Alertes de suivi : du lundi au mardi, jamais entre 18 h et 9 h"
    ) or reply_text(chose).startswith("Alertes de suivi : lundi, mardi, jamais entre 18 h et 9 h")
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))  # Wednesday: the case opens
    assert await bot.services.followup.of_tutor(scene.tutor_id, scene.guild_id)
    assert prompts_to(sandbox, scene.tutor_id) == []
    await bot.advance_to(paris("2027-02-08T08:55"))  # Monday, before nine
    assert prompts_to(sandbox, scene.tutor_id) == []
    await bot.advance_to(paris("2027-02-08T09:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    assert prompt["content"] == f"<@{lea}>"


async def test_notifications_say_the_settings_in_force_and_refuse_tutor_options_to_learners(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    shown = await scene.people.command(scene.tutor_id, scene.help_channel_id, "notifications")
    assert reply_text(shown).startswith(
        "Alertes de suivi : du lundi au vendredi, jamais entre 20 h et 8 h"
    )
    english = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "notifications", locale="en-US"
    )
    assert reply_text(english).startswith(
        "Follow-up alerts: Monday to Friday, never between 8 PM and 8 AM"
    )
    budget = await scene.people.command(
        lea, cohort.channel_id, "notifications", options={"par_semaine": 2}
    )
    assert reply_text(budget) == (
        "C'est noté : au plus 2 messages privés du bot par semaine, jamais entre 21 h et 8 h."
    )
    learner = await scene.people.command(
        lea, cohort.channel_id, "notifications", options={"jours": "lun-dim"}
    )
    assert reply_text(learner).startswith("Cette commande est réservée à l'équipe tutorale")
    wrong = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "notifications", options={"calme": "le soir"}
    )
    assert reply_text(wrong) == "« le soir » : écrivez deux heures, comme 20:00-08:00."
