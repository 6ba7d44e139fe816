"""Around the kick-off: presentation text, tutors' assignments, leaving, archiving."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox.people import Mention
from tests.cohort_steps import cohort_of, configure, create_cohort, enrol, reply_text
from tests.test_kickoff import bot_posts, eventually_learner

PARIS = ZoneInfo("Europe/Paris")


async def ready(running, scene):
    await configure(scene)
    await create_cohort(scene)
    return await cohort_of(running.bot, scene)


async def test_the_presentation_written_in_a_modal_comes_with_the_welcome(running, scene, sandbox):
    cohort = await ready(running, scene)
    people = scene.people
    opened = await people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "presentation",
        options={"nom": "Janvier 2027"},
    )
    modal = opened.responses[0]
    assert modal["type"] == 9
    saved = await people.submit(
        scene.tutor_id,
        scene.help_channel_id,
        modal["data"]["custom_id"],
        {"presentation": "**12 semaines**, 4 h par semaine, un projet."},
    )
    assert "Présentation enregistrée" in reply_text(saved)
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(running.bot, cohort.id, lea)
    await running.bot.get_cog("Delivery").flush_now()
    fields = sandbox.dms_to(lea)[0]["embeds"][0]["fields"]
    assert {
        "name": "Présentation de la formation",
        "value": "**12 semaines**, 4 h par semaine, un projet.",
        "inline": False,
    } in fields


async def test_learners_are_shared_between_tutors_and_can_be_reassigned(running, scene, sandbox):
    cohort = await ready(running, scene)
    bot = running.bot
    second = await scene.people.join(scene.guild_id, "tuteur-yanis", [scene.tutor_role_id])
    await bot.services.cohorts.cohorts.add_tutor(cohort.id, second)
    learners = []
    for name in ("a", "b", "c", "d"):
        learners.append(await enrol(scene, cohort, name))
        await eventually_learner(bot, cohort.id, learners[-1])
    tutors = [await bot.services.assignments.tutor_of(cohort.id, u) for u in learners]
    assert sorted(tutors) == sorted([scene.tutor_id, second] * 2)  # balanced

    answer = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "tuteur",
        "assigner",
        options={
            "cohorte": "Janvier 2027",
            "tuteur": Mention("user", second),
            "apprenant": Mention("user", learners[0]),
        },
    )
    assert "est désormais suivi·e par" in reply_text(answer)
    assert await bot.services.assignments.tutor_of(cohort.id, learners[0]) == second

    outsider = await scene.people.join(scene.guild_id, "visiteur")
    refused = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "tuteur",
        "assigner",
        options={
            "cohorte": "Janvier 2027",
            "tuteur": Mention("user", second),
            "apprenant": Mention("user", outsider),
        },
    )
    assert "n'est pas apprenant·e de la cohorte" in reply_text(refused)


async def test_leaving_the_server_or_the_role_ends_participation_and_keeps_history(running, scene):
    cohort = await ready(running, scene)
    bot = running.bot
    lea = await enrol(scene, cohort, "lea")
    noe = await enrol(scene, cohort, "noe")
    await eventually_learner(bot, cohort.id, noe)
    await scene.people.leave(scene.guild_id, lea)
    await scene.people.set_roles(scene.guild_id, noe, [])
    learners = bot.services.cohorts.learners
    async with asyncio.timeout(5):
        # two gateway events, handled apart: wait for both
        while any([(await learners.get(cohort.id, u)).active for u in (noe, lea)]):  # noqa: ASYNC110
            await asyncio.sleep(0.01)
    assert [x.user_id for x in await learners.of_cohort(cohort.id)] == sorted([lea, noe])
    await bot.advance_to(datetime(2027, 1, 15, 10, tzinfo=PARIS))
    assert await bot.services.onboarding.non_starters(cohort, bot.clock.now()) == []


async def test_an_archived_cohort_gets_no_more_posts(running, scene, sandbox):
    cohort = await ready(running, scene)
    answer = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "archiver",
        options={"nom": "Janvier 2027"},
    )
    assert "archivée" in reply_text(answer)
    await running.bot.advance_to(datetime(2027, 1, 15, 10, tzinfo=PARIS))
    assert bot_posts(sandbox, cohort.channel_id) == []
    listing = await scene.people.command(scene.tutor_id, scene.help_channel_id, "cohorte", "liste")
    assert "Aucune cohorte" in reply_text(listing)
