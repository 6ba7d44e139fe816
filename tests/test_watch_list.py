"""What a tutor can take: at most [cases] weekly_cap new cases a course week, in all their
cohorts together, highest score first; the others wait on the watch list (/suivi veille, the Monday digest) and become cases
when the next week frees room. Nobody is dropped. And a formative checkpoint
(/jalon ajouter … facultatif) never counts against a learner."""

from __future__ import annotations

import pytest

from tests.cohort_steps import configure, create_cohort, enrol, is_ephemeral, reply_text
from tests.harness import eventually
from tests.test_kickoff import eventually_learner, kickoff_post
from tests.test_warning import paris, prompts_to

pytestmark = pytest.mark.config(cases={"weekly_cap": 1})


def new_cases(sandbox, tutor: int) -> list[dict]:
    """The new cases' prompts the tutor received (not the reminders)."""
    return [p for p in prompts_to(sandbox, tutor) if p["embeds"][0]["title"].startswith("Prendre")]


async def three_quiet_learners(running, scene, sandbox):
    """Léa, Tom and Zoé start, write once, then go quiet: the same silence, the same score."""
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    learners = []
    for name in ("lea", "tom", "zoe"):
        learners.append(await enrol(scene, cohort, name))
        await eventually_learner(bot, cohort.id, learners[-1])
    await bot.advance_to(paris("2027-01-11T09:05"))
    for user in learners:
        await scene.people.click(user, kickoff_post(sandbox, cohort), f"tutorat:start:{cohort.id}")
    await bot.advance_to(paris("2027-01-12T10:00"))
    for user in learners:
        await scene.people.say(cohort.channel_id, user, "Bonjour !")
    await eventually(lambda: all(bot.services.activity.buffer.pending_for(u) for u in learners))
    return cohort, learners


async def test_past_the_weekly_cap_learners_wait_on_the_watch_list_and_become_cases_later(
    running, scene, sandbox
):
    cohort, (lea, tom, zoe) = await three_quiet_learners(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))  # 21 silent days, all three
    [prompt] = new_cases(sandbox, scene.tutor_id)  # the cap: one new case this week
    assert prompt["content"] == f"<@{lea}>"

    watch = await scene.people.command(scene.tutor_id, scene.help_channel_id, "suivi", "veille")
    assert is_ephemeral(watch)
    said = reply_text(watch)
    assert f"<@{tom}>" in said and f"<@{zoe}>" in said and f"<@{lea}>" not in said
    assert said.index(f"<@{tom}>") < said.index(f"<@{zoe}>")  # ranked
    assert "au-dessus du seuil" in said and "plafond de nouveaux cas de la semaine" in said
    assert "aucune activité depuis 21 jours de formation" in said  # the strongest reason

    await bot.advance_to(paris("2027-02-05T08:05"))  # still the same week: nobody more
    assert len(new_cases(sandbox, scene.tutor_id)) == 1

    await bot.advance_to(paris("2027-02-08T12:00"))  # a new week: room for one more
    assert [p["content"] for p in new_cases(sandbox, scene.tutor_id)] == [f"<@{lea}>", f"<@{tom}>"]
    [digest] = [
        m
        for m in sandbox.messages_in(cohort.tutors_channel_id)
        if "Bilan de la semaine 4" in (m.get("embeds") or [{}])[0].get("title", "")
    ]
    lines = digest["embeds"][0]["description"].splitlines()
    assert (
        "👀 1 apprenant·e sur la liste de veille, dont 1 au-dessus du seuil en attente de place"
        " (/suivi veille)." in lines
    )

    await bot.advance_to(paris("2027-02-15T08:05"))  # and the next: nobody dropped
    assert [p["content"] for p in new_cases(sandbox, scene.tutor_id)] == [
        f"<@{lea}>",
        f"<@{tom}>",
        f"<@{zoe}>",
    ]
    empty = await scene.people.command(scene.tutor_id, scene.help_channel_id, "suivi", "veille")
    assert reply_text(empty) == "Personne sur la liste de veille. 🌿"


async def test_the_cap_counts_a_tutors_new_cases_in_all_their_cohorts(running, scene, sandbox):
    """A tutor of two cohorts has one set of hours: one new case this week, not one each."""
    await configure(scene)
    await create_cohort(scene)
    await create_cohort(scene, "Février 2027")
    bot = running.bot
    found = [
        await bot.services.cohorts.cohorts.by_name(scene.guild_id, name)
        for name in ("Janvier 2027", "Février 2027")
    ]
    learners = []
    for cohort, name in zip(found, ("lea", "tom"), strict=True):
        learners.append(await enrol(scene, cohort, name))
        await eventually_learner(bot, cohort.id, learners[-1])
    await bot.advance_to(paris("2027-01-11T09:05"))
    for cohort, user in zip(found, learners, strict=True):
        await scene.people.click(user, kickoff_post(sandbox, cohort), f"tutorat:start:{cohort.id}")
    await bot.advance_to(paris("2027-01-12T10:00"))
    for cohort, user in zip(found, learners, strict=True):
        await scene.people.say(cohort.channel_id, user, "Bonjour !")
    await eventually(lambda: all(bot.services.activity.buffer.pending_for(u) for u in learners))
    await bot.advance_to(paris("2027-02-03T08:05"))  # 21 silent days, in both cohorts
    assert len(new_cases(sandbox, scene.tutor_id)) == 1
    await bot.advance_to(paris("2027-02-08T12:00"))  # a new week: the other one
    assert sorted(p["content"] for p in new_cases(sandbox, scene.tutor_id)) == sorted(
        f"<@{u}>" for u in learners
    )


async def test_an_english_tutor_reads_the_watch_list_in_english(running, scene, sandbox):
    await three_quiet_learners(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    watch = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "suivi", "veille", locale="en-US"
    )
    said = reply_text(watch)
    assert "over the threshold" in said and "this week's cap of new cases is reached" in said


async def test_a_formative_checkpoint_is_recalled_but_never_counts_against_a_learner(
    running, scene, sandbox
):
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    added = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "jalon",
        "ajouter",
        options={
            "cohorte": "Janvier 2027",
            "nom": "Quiz 1",
            "echeance": "2027-01-20",
            "facultatif": True,
        },
    )
    assert is_ephemeral(added)
    assert "formatif" in reply_text(added) and "ne compte pas dans l'alerte" in reply_text(added)
    graded = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "jalon",
        "ajouter",
        options={"cohorte": "Janvier 2027", "nom": "Devoir 1", "echeance": "2027-01-22"},
    )
    assert "formatif" not in reply_text(graded)
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    due, _ = await bot.services.cases.store.checkpoint_status(cohort.id, paris("2027-02-01T00:00"))
    assert {c["name"]: c["weight"] for c in due} == {"Quiz 1": 0.0, "Devoir 1": None}
