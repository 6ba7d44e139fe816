"""Start-up against the sandbox: commands synced once, /aide answers privately."""

from __future__ import annotations

EPHEMERAL = 1 << 6


async def test_start_up_syncs_the_commands_once(running, sandbox):
    puts = sandbox.requests_to("PUT", "/applications/{application_id}/commands")
    assert len(puts) == 1
    names = {command["name"] for command in puts[0].body}
    assert "aide" in names
    aide = next(c for c in puts[0].body if c["name"] == "aide")
    assert aide["name_localizations"]["en-US"] == "help"

    await running.restart()
    assert len(sandbox.requests_to("PUT", "/applications/{application_id}/commands")) == 1


async def test_help_answers_ephemerally_in_french_and_english(running, scene):
    learner = await scene.people.join(scene.guild_id, "lea")
    interaction = await scene.people.command(learner, scene.cohort_channel_id, "aide")
    answer = interaction.responses[0]
    assert answer["type"] == 4
    assert answer["data"]["flags"] & EPHEMERAL
    description = answer["data"]["embeds"][0]["description"]
    assert "Ce que le bot mesure" in description
    assert "jamais le contenu" in description

    english = await scene.people.command(learner, scene.cohort_channel_id, "aide", locale="en-US")
    assert "What the bot measures" in english.responses[0]["data"]["embeds"][0]["description"]
