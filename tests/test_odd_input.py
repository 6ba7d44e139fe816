"""Odd input a crafted request can send (Discord's own client would not): an option outside
its declared range or of the wrong type, a button or form id the bot does not know. Each gets
an ephemeral sentence saying what is wrong, never "interaction failed" or an unexpected error."""

from __future__ import annotations

from tests.cohort_steps import configure, create_cohort, is_ephemeral, reply_text
from tests.test_kickoff import kickoff_post


async def test_an_integer_outside_its_range_gets_the_bad_argument_sentence(running, scene):
    await configure(scene)
    lea = await scene.people.join(scene.guild_id, "lea")
    low = await scene.people.command(
        lea, scene.help_channel_id, "notifications", options={"par_semaine": -1}
    )
    assert is_ephemeral(low)
    assert reply_text(low) == (
        "L'option « par_semaine » n'est pas valable : choisissez un nombre de 0 à 3."
    )
    high = await scene.people.command(
        lea, scene.help_channel_id, "notifications", options={"par_semaine": 9}, locale="en-US"
    )
    assert reply_text(high) == "The option “per_week” is not valid: pick a number from 0 to 3."
    word = await scene.people.command(
        lea, scene.help_channel_id, "notifications", options={"par_semaine": "trois"}
    )
    assert "ce doit être un nombre" in reply_text(word)
    assert await running.bot.services.outbox.store.dm_limit(scene.guild_id, lea, 99) == 99


async def test_a_number_below_its_minimum_gets_the_bad_argument_sentence(running, scene):
    await configure(scene)
    await create_cohort(scene)
    zero = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "presence",
        "retirer",
        options={"cohorte": "Janvier 2027", "numero": 0},
    )
    assert is_ephemeral(zero) and "choisissez un nombre d'au moins 1" in reply_text(zero)


async def test_a_button_or_form_the_bot_does_not_know_gets_the_stale_sentence(
    running, scene, sandbox
):
    await configure(scene)
    await create_cohort(scene)
    await running.bot.get_cog("Delivery").flush_now()
    cohort = await running.bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    await running.bot.advance_to(cohort.kickoff_at)
    post = kickoff_post(sandbox, cohort)
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    for custom_id in ("another-bot:vote:1", "tutorat:start-v0:12"):
        clicked = await scene.people.click(lea, post, custom_id)
        assert is_ephemeral(clicked) and "n'est plus valable" in reply_text(clicked)
    for custom_id in ("another-bot:form", "tutorat:goals-v0:12"):
        sent = await scene.people.submit(lea, scene.help_channel_id, custom_id, {"x": "1"})
        assert is_ephemeral(sent) and "n'est plus valable" in reply_text(sent)


async def test_a_learner_missing_an_option_of_a_tutor_command_hears_the_role_first(running, scene):
    await configure(scene)
    await create_cohort(scene)
    lea = await scene.people.join(scene.guild_id, "lea")
    learner = await scene.people.command(
        lea, scene.help_channel_id, "plateforme", "importer", options={"cohorte": "Janvier 2027"}
    )
    assert is_ephemeral(learner)
    assert reply_text(learner).startswith("Cette commande est réservée à l'équipe tutorale")
    assert "inattendue" not in reply_text(learner)


async def test_a_tutor_missing_a_required_option_is_told_which(running, scene):
    await configure(scene)
    await create_cohort(scene)
    tutor = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "plateforme",
        "importer",
        options={"cohorte": "Janvier 2027"},
    )
    assert is_ephemeral(tutor)
    assert reply_text(tutor) == "L'option « fichier » manque : donnez-la pour lancer la commande."
    english = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "plateforme",
        "importer",
        options={"cohorte": "Janvier 2027"},
        locale="en-US",
    )
    assert reply_text(english) == "The option “file” is missing: give it to run the command."
