"""What a tutor said of a learner stays said: "not this form again for N weeks" after an
interview, a false alarm remembered for its form; and every delay a case text states is the
one set in [cases] (snooze_days, escalate_after_days, effect_days), not the default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.cohort_steps import is_ephemeral, plain, reply_text
from tests.test_kickoff import text_of
from tests.test_warning import paris, prompts_to, quiet_learner
from tutorat.models import Case
from tutorat.warning.cases import held_back, quiet_weeks

SETTINGS = {"snooze_days": 5, "escalate_after_days": 3, "effect_days": 10, "cooldown_days": 14}


def buttons_of(prompt: dict) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for b in prompt["components"][0]["components"]}


@pytest.mark.config(cases=SETTINGS)
async def test_case_texts_state_the_delays_in_force(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    buttons = buttons_of(prompt)
    assert "Reporter 5 jours" in buttons and "Reporter 7 jours" not in buttons
    await bot.advance_to(paris("2027-02-06T08:05"))  # three days unanswered
    cohort = await bot.services.cohorts.cohorts.get(cohort.id)
    threads = [
        c
        for c in sandbox.world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id)
    ]
    [escalation] = sandbox.messages_in(int(threads[0]["id"]))
    assert "Sans réponse depuis 3 jours" in text_of(escalation)
    snoozed = await scene.people.click(scene.tutor_id, prompt, buttons["Reporter 5 jours"])
    assert is_ephemeral(snoozed) and reply_text(snoozed).startswith("Reporté de 5 jours")
    effect = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "suivi", "efficacite"
    )
    assert "elle vient 10 jours après un entretien" in reply_text(effect)


async def interview(scene, prompt, quiet: str):
    done = await scene.people.click(scene.tutor_id, prompt, buttons_of(prompt)["Entretien fait"])
    form = done.responses[0]["data"]
    labels = [row["components"][0]["label"] for row in form["components"]]
    assert labels[-1] == "Ne plus signaler cette forme (semaines)"
    return await scene.people.submit(
        scene.tutor_id,
        int(prompt["channel_id"]),
        form["custom_id"],
        {"notes": "Préfère ne pas écrire", "outcome": "", "next": "", "quiet": quiet},
    )


@pytest.mark.config(cases=SETTINGS)
async def test_after_an_interview_the_form_stays_quiet_for_the_weeks_the_tutor_gave(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    saved = await interview(scene, prompt, "6")
    said = reply_text(saved)
    assert "Dans 10 jours, le bot mesurera" in said
    assert "Pas de nouvelle alerte « découragement » pour cette personne avant" in said
    assert "mercredi 17 mars 2027" in said  # six weeks after 3 February
    # still silent: the 14-day cooldown is over on 17 February, the six weeks are not
    await bot.advance_to(paris("2027-03-16T08:05"))
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1
    await bot.advance_to(paris("2027-03-18T08:05"))  # the pause over, she is still silent
    assert len(prompts_to(sandbox, scene.tutor_id)) == 2


async def test_weeks_not_understood_keep_the_interview_and_say_the_pause_was_not_set(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    saved = await interview(scene, prompt, "six")
    assert is_ephemeral(saved)
    assert "« six » n'est pas un nombre de semaines de 0 à 26" in reply_text(saved)
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    assert case.outcome == "done" and case.notes == "Préfère ne pas écrire"
    assert case.quiet_until is None
    await bot.advance_to(paris("2027-02-18T08:05"))  # the plain cooldown only
    assert len(prompts_to(sandbox, scene.tutor_id)) == 2


async def test_a_false_alarm_is_remembered_for_its_form(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    asked = await scene.people.click(scene.tutor_id, prompt, buttons_of(prompt)["Fausse alerte"])
    form = asked.responses[0]["data"]["custom_id"]
    await scene.people.submit(
        scene.tutor_id, int(prompt["channel_id"]), form, {"why": "En stage, prévenu"}
    )
    await bot.advance_to(paris("2027-03-10T08:05"))  # five weeks on, the same silence
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    assert case.outcome == "false_alarm"


def closed_case(form: str, signals: list[str], outcome: str, closed: datetime, **more) -> Case:
    opened = closed - timedelta(days=3)
    return Case(1, 1, 7, 9, form, signals, [], opened, closed_at=closed, outcome=outcome, **more)


def test_held_back_only_what_the_tutor_said():
    day = datetime(2027, 2, 3, 8, tzinfo=UTC)
    cooldown = timedelta(days=14)
    false = [closed_case("isolement", ["S5"], "false_alarm", day)]
    assert held_back(false, {"S5"}, day + timedelta(days=60), cooldown)  # the same sign
    assert not held_back(false, {"S5", "S6"}, day + timedelta(days=60), cooldown)  # a new one
    assert held_back(false, {"S6"}, day + timedelta(days=3), cooldown)  # the cooldown
    done = [closed_case("isolement", ["S5"], "done", day, quiet_until=day + timedelta(weeks=4))]
    assert held_back(done, {"S5"}, day + timedelta(days=20), cooldown)
    assert not held_back(done, {"S5"}, day + timedelta(weeks=4, days=1), cooldown)
    assert not held_back([], {"S5"}, day, cooldown)


def test_weeks_typed_by_a_tutor():
    assert [quiet_weeks(s) for s in ("", " 4 ", "0", "26")] == [0, 4, 0, 26]
    assert [quiet_weeks(s) for s in ("27", "-2", "4.5", "six")] == [None] * 4


@pytest.mark.config(notifications={"tutor_days": "mon-tue"})
async def test_a_prompt_waiting_for_the_tutors_days_is_not_sent_once_the_case_is_closed(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))  # Wednesday: Camille's days are Mon-Tue
    assert prompts_to(sandbox, scene.tutor_id) == []
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    # a coordinator closes it meanwhile (the web view takes the same path)
    await bot.services.cases.act(case.id, "false_alarm", bot.clock.now(), notes="Vu en cours")
    await bot.advance_to(paris("2027-02-08T09:00"))  # Monday: nothing stale reaches her
    assert prompts_to(sandbox, scene.tutor_id) == []
    told = await bot.services.outbox.item(f"case:{case.id}:new")
    assert told.status.value == "failed" and "closed before it was sent" in told.last_error


@pytest.mark.config(cases=SETTINGS)
async def test_the_web_views_postpone_button_states_the_delay_in_force(running, scene, sandbox):
    from tests.web_steps import signed_in

    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            body = plain(await page.text())
    assert 'value="snooze">Reporter 5 jours</button>' in body and "{days}" not in body
