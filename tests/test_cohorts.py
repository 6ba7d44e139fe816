"""Tutors set up a cohort: role, channel, kick-off event; wrong input changes nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sandbox.people import Mention
from sandbox.state import MANAGE_CHANNELS, VIEW_CHANNEL
from tests.cohort_steps import (
    cohort_of,
    configure,
    create_cohort,
    is_ephemeral,
    reply_text,
)

PARIS = ZoneInfo("Europe/Paris")


async def test_a_tutor_creates_a_cohort_with_its_role_channel_and_event(running, scene, sandbox):
    await configure(scene)
    answer = await create_cohort(scene)
    assert is_ephemeral(answer)
    assert "Cohorte **Janvier 2027** créée" in reply_text(answer)

    cohort = await cohort_of(running.bot, scene)
    assert cohort.kickoff_at == datetime(2027, 1, 11, 9, 0, tzinfo=PARIS)
    guild = sandbox.world.guilds[scene.guild_id]
    assert guild.roles[cohort.role_id]["name"] == "Apprenants Janvier 2027"

    channel = sandbox.world.channels[cohort.channel_id]
    category = sandbox.world.channels[cohort.category_id]
    assert channel["parent_id"] == category["id"] and category["type"] == 4
    overwrites = {int(o["id"]): o for o in channel["permission_overwrites"]}
    assert int(overwrites[scene.guild_id]["deny"]) & VIEW_CHANNEL  # @everyone cannot see
    assert int(overwrites[cohort.role_id]["allow"]) & VIEW_CHANNEL  # learners can
    assert int(overwrites[scene.tutor_role_id]["allow"]) & VIEW_CHANNEL  # tutors can

    event = guild.scheduled_events[cohort.event_id]
    assert event["name"] == "Lancement — Janvier 2027"
    assert datetime.fromisoformat(event["scheduled_start_time"]) == cohort.kickoff_at
    assert event["entity_type"] == 3  # external: the virtual class link or the channel


async def test_a_voice_channel_makes_the_kickoff_a_voice_event(running, scene, sandbox):
    await configure(scene)
    voice = await scene.people.open_channel(scene.guild_id, "classe", kind=2)
    await create_cohort(scene, vocal=Mention("channel", voice))
    cohort = await cohort_of(running.bot, scene)
    event = sandbox.world.guilds[scene.guild_id].scheduled_events[cohort.event_id]
    assert event["entity_type"] == 2 and event["channel_id"] == str(voice)


async def test_a_text_channel_is_refused_where_a_voice_channel_is_expected(running, scene):
    await configure(scene)
    answer = await create_cohort(scene, vocal=Mention("channel", scene.help_channel_id))
    assert is_ephemeral(answer) and "n'est pas valable" in reply_text(answer)
    assert "Failed" not in reply_text(answer)


async def test_changing_the_kickoff_moves_the_event(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    answer = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "modifier",
        options={"nom": "Janvier 2027", "demarrage": "2027-01-12 18:30"},
    )
    assert "mise à jour" in reply_text(answer)
    cohort = await cohort_of(running.bot, scene)
    event = sandbox.world.guilds[scene.guild_id].scheduled_events[cohort.event_id]
    assert datetime.fromisoformat(event["scheduled_start_time"]) == datetime(
        2027, 1, 12, 18, 30, tzinfo=PARIS
    )


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        ({"fuseau": "Europe/Lutece"}, "Le fuseau horaire « Europe/Lutece » est inconnu"),
        ({"demarrage": "2026-12-01 09:00"}, "est déjà passé"),
        ({"fin": "2027-01-02"}, "La date de fin doit venir après le démarrage"),
        ({"demarrage": "lundi prochain"}, "n'est pas une date lisible"),
        ({"lien": "http://visio.example"}, "doit commencer par https://"),
        ({"nom": "   "}, "Donnez un nom à la cohorte"),
    ],
)
async def test_wrong_input_gets_one_sentence_and_creates_nothing(
    running, scene, sandbox, options, sentence
):
    await configure(scene)
    channels_before = len(sandbox.world.channels)
    answer = await create_cohort(scene, **options)
    assert is_ephemeral(answer) and sentence in reply_text(answer)
    assert await running.bot.services.cohorts.cohorts.for_guild(scene.guild_id) == []
    assert len(sandbox.world.channels) == channels_before
    assert sandbox.requests_to("POST", "/guilds/{guild_id}/roles") == []


async def test_a_duplicate_name_is_refused(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    answer = await create_cohort(scene)
    assert "Une cohorte s'appelle déjà « Janvier 2027 »" in reply_text(answer)
    assert len(sandbox.requests_to("POST", "/guilds/{guild_id}/roles")) == 1


async def test_a_missing_permission_leaves_nothing_half_created(running, scene, sandbox):
    await configure(scene)
    guild = sandbox.world.guilds[scene.guild_id]
    bot_role = next(r for r in guild.roles.values() if r["name"] == "tutorat")
    bot_role["permissions"] = str(int(bot_role["permissions"]) & ~MANAGE_CHANNELS)
    roles_before = set(guild.roles)
    answer = await create_cohort(scene)
    assert is_ephemeral(answer)
    assert "« Gérer les salons »" in reply_text(answer) and "Rien n'a été créé" in reply_text(
        answer
    )
    assert set(guild.roles) == roles_before  # the role made first was removed again
    assert await running.bot.services.cohorts.cohorts.for_guild(scene.guild_id) == []


async def test_learners_cannot_run_tutor_commands(running, scene):
    await configure(scene)
    learner = await scene.people.join(scene.guild_id, "lea")
    answer = await scene.people.command(learner, scene.help_channel_id, "cohorte", "liste")
    assert is_ephemeral(answer) and "réservée à l'équipe tutorale" in reply_text(answer)


async def test_time_zones_are_offered_as_you_type(running, scene):
    await configure(scene)
    choices = await scene.people.autocomplete(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "creer",
        options={"nom": "x", "demarrage": "y", "fuseau": "montr"},
        focused="fuseau",
    )
    assert {"name": "America/Montreal", "value": "America/Montreal"} in choices
