"""Early warning end to end: a learner goes quiet, their tutor gets one private prompt with
the reasons and the guide; DMs closed -> a thread learners cannot read; buttons after a
restart; reminder at 48 h, escalation at 4 days, cooldown; no duplicate after a crash."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sandbox.people import Mention
from sandbox.permissions import permissions_for
from sandbox.state import VIEW_CHANNEL
from tests.cohort_steps import create_cohort, enrol, is_ephemeral, plain, reply_text
from tests.harness import eventually
from tests.test_kickoff import eventually_learner, start_with_goals, text_of

PARIS = ZoneInfo("Europe/Paris")


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


async def quiet_learner(running, scene, sandbox):
    """A cohort, a coordinator role, and Léa who starts, writes two days, then goes quiet."""
    world = sandbox.world
    coordination = world.add_role(scene.guild_id, "Coordination")
    await scene.people.command(
        scene.owner_id,
        scene.help_channel_id,
        "configurer",
        options={
            "role_tuteur": Mention("role", scene.tutor_role_id),
            "role_coordination": Mention("role", int(coordination["id"])),
        },
    )
    await create_cohort(scene)
    bot = running.bot
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    lea = await enrol(scene, cohort, "lea")
    await eventually_learner(bot, cohort.id, lea)
    await bot.advance_to(paris("2027-01-11T09:05"))
    await start_with_goals(scene, sandbox, cohort, lea)
    await bot.advance_to(paris("2027-01-12T10:00"))
    await scene.people.say(cohort.channel_id, lea, "Bonjour !")
    await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
    return cohort, lea, int(coordination["id"])


def prompts_to(sandbox, user_id: int) -> list[dict]:
    return [m for m in sandbox.dms_to(user_id) if m.get("embeds")]


async def test_a_quiet_learner_gives_their_tutor_one_private_prompt(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))  # 21 silent days: 13 January-2 February
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    body = text_of(prompt)
    # the learner is named once, where a mention renders (embed titles show <@id> raw)
    assert prompt["content"] == f"<@{lea}>"
    assert prompt["embeds"][0]["title"] == "Prendre contact — découragement"
    assert "aucune activité depuis 21 jours de formation" in body
    fields = {f["name"]: plain(f["value"]) for f in prompt["embeds"][0]["fields"]}
    assert "a cliqué sur « Je démarre »" in fields["Réussites à souligner"]
    assert "Remobiliser" in fields["Guide d'entretien"]
    assert "Écouter sans juger".lower() in fields["Guide d'entretien"].lower()
    assert [b["label"] for b in prompt["components"][0]["components"]] == [
        "J'ai pris contact",
        "Entretien fait",
        "Fausse alerte",
        "Reporter 7 jours",
    ]
    kind_word = [m["content"] for m in sandbox.dms_to(lea) if "coup de main" in m["content"]]
    assert len(kind_word) == 1 and "activité" not in kind_word[0] and "S2" not in kind_word[0]
    public = "".join(text_of(m) for m in sandbox.messages_in(cohort.channel_id))
    assert "aucune activité" not in public  # nothing of it in the cohort channel
    await running.bot.advance_to(paris("2027-02-04T08:05"))  # the next scan: still one case
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1


async def test_closed_dms_put_the_prompt_in_a_thread_learners_cannot_read(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    sandbox.dms_closed.add(scene.tutor_id)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    cohort = await running.bot.services.cohorts.cohorts.get(cohort.id)
    threads = [
        c
        for c in sandbox.world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id) and c["type"] == 11
    ]
    assert [t["name"] for t in threads] == ["Suivi n° 1"]
    [prompt] = sandbox.messages_in(int(threads[0]["id"]))
    assert prompt["content"] == f"<@{scene.tutor_id}>"
    assert "Prendre contact" in text_of(prompt) and "découragement" in text_of(prompt)
    can_see = permissions_for(sandbox.world, scene.guild_id, lea, cohort.tutors_channel_id)
    assert not can_see & VIEW_CHANNEL
    tutor_sees = permissions_for(
        sandbox.world, scene.guild_id, scene.tutor_id, cohort.tutors_channel_id
    )
    assert tutor_sees & VIEW_CHANNEL


async def test_buttons_work_after_a_restart_and_a_closed_case_starts_a_cooldown(
    running, scene, sandbox
):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    bot = await running.restart()
    buttons = {b["label"]: b["custom_id"] for b in prompt["components"][0]["components"]}
    contact = await scene.people.click(scene.tutor_id, prompt, buttons["J'ai pris contact"])
    assert is_ephemeral(contact) and "contact pris" in reply_text(contact)
    done = await scene.people.click(scene.tutor_id, prompt, buttons["Entretien fait"])
    form = done.responses[0]["data"]["custom_id"]
    saved = await scene.people.submit(
        scene.tutor_id,
        prompt["channel_id"] and int(prompt["channel_id"]),
        form,
        {"notes": "Surcharge au travail", "outcome": "Va mieux", "next": "Point dans 2 semaines"},
    )
    assert "cas clos" in reply_text(saved)
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    assert case.outcome == "done" and case.notes == "Surcharge au travail\nVa mieux"

    stranger = await scene.people.join(scene.guild_id, "noe")  # not on the tutoring team
    refused = await scene.people.click(stranger, prompt, buttons["Fausse alerte"])
    assert "Seule l'équipe tutorale" in reply_text(refused)

    await bot.advance_to(paris("2027-02-16T08:05"))  # still silent: inside the 14-day cooldown
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1, [
        m["embeds"][0]["title"] for m in prompts_to(sandbox, scene.tutor_id)
    ]
    await bot.advance_to(paris("2027-02-18T08:05"))  # cooldown over, still silent
    assert len(prompts_to(sandbox, scene.tutor_id)) == 2

    learner_view = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "suivi",
        "apprenant",
        options={"apprenant": Mention("user", lea)},
    )
    assert learner_view.responses[0]["type"] == 5  # deferred: the timeline chart is drawn
    assert "Surcharge au travail" in str(learner_view.original["embeds"])
    spying = await scene.people.command(
        stranger,
        scene.help_channel_id,
        "suivi",
        "apprenant",
        options={"apprenant": Mention("user", lea)},
    )
    assert "réservée à l'équipe tutorale" in reply_text(spying)


async def test_an_unanswered_case_is_reminded_at_48_hours_then_escalated_at_4_days(
    running, scene, sandbox
):
    cohort, lea, coordination = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-05T07:55"))
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1
    await bot.advance_to(paris("2027-02-05T08:05"))
    titles = [plain(m["embeds"][0]["title"]) for m in prompts_to(sandbox, scene.tutor_id)]
    assert titles[1] == "Rappel : toujours en attente d'un contact (découragement)"
    await bot.advance_to(paris("2027-02-11T08:05"))
    cohort = await bot.services.cohorts.cohorts.get(cohort.id)
    threads = [
        c
        for c in sandbox.world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id)
    ]
    [escalation] = sandbox.messages_in(int(threads[0]["id"]))
    assert escalation["content"].startswith(f"<@&{coordination}>")
    assert "Sans réponse depuis 4 jours" in text_of(escalation)
    assert f"Cas transmis à la coordination : <@{lea}>." in plain(escalation["content"])
    assert len(prompts_to(sandbox, scene.tutor_id)) == 2  # one reminder only


async def test_a_crash_during_the_scan_leaves_no_duplicate_case(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    real = bot.services.outbox.direct

    async def crash(*args, **kwargs):
        raise RuntimeError("the power went off")

    bot.services.outbox.direct = crash
    with pytest.raises(RuntimeError):
        await bot.advance_to(paris("2027-02-03T08:05"))
    bot.services.outbox.direct = real
    assert await bot.services.cases.store.of_learner(cohort.id, lea) == []  # rolled back
    bot = await running.restart()  # the catch-up runs the missed scan
    await sandbox.wait_for(lambda: prompts_to(sandbox, scene.tutor_id))
    await bot.advance_to(paris("2027-02-03T12:00"))
    await bot.catch_up()
    assert len(await bot.services.cases.store.of_learner(cohort.id, lea)) == 1
    assert len(prompts_to(sandbox, scene.tutor_id)) == 1


async def test_tutors_list_their_cases_and_see_whether_contacts_helped(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    listing = await scene.people.command(scene.tutor_id, scene.help_channel_id, "suivi", "cas")
    assert f"<@{lea}> — découragement — Janvier 2027" in reply_text(listing)
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    await bot.services.cases.act(case.id, "done", bot.clock.now(), notes="Appel de 20 min")
    for day in range(4, 9):  # she is back
        await bot.advance_to(paris(f"2027-02-{day:02d}T10:00"))
        await scene.people.say(cohort.channel_id, lea, "…")
        await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
    await bot.advance_to(paris("2027-02-18T08:05"))  # 14 days after the contact
    effect = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "suivi", "efficacite"
    )
    assert (
        "**découragement** : 1 cas suivi d'un contact, 1 avec plus d'activité ensuite"
        in reply_text(effect)
    )
    # quiet again since 9 February, longer than her first silence (22 days), the cooldown
    # over: a new case, the first one closed
    await bot.advance_to(paris("2027-03-04T08:05"))
    again = await scene.people.command(scene.tutor_id, scene.help_channel_id, "suivi", "cas")
    assert reply_text(again).startswith("**n° 2**") and "n° 1" not in reply_text(again)


async def test_on_an_english_server_the_tutor_reads_the_prompt_and_its_reasons_in_english(
    running, scene, sandbox
):
    sandbox.world.guilds[scene.guild_id].locale = "en-US"  # the server's language
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    assert (await running.bot.services.cohorts.cohorts.get(cohort.id)).locale == "en"
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    embed = prompt["embeds"][0]
    assert embed["title"] == "Reach out — discouragement"
    assert embed["description"] == "• no activity for 21 course days (breaks not counted)"
    assert "aucune" not in text_of(prompt) and "jours" not in text_of(prompt)
