"""A deadline typed wrong is corrected or removed (/jalon modifier, /jalon retirer): what
learners declared stays, judged late or not by the corrected date."""

from __future__ import annotations

from datetime import datetime

from tests.cohort_steps import configure, is_ephemeral, reply_text
from tests.test_presence import PARIS, new_cohort, tutor


async def test_a_tutor_moves_renames_and_removes_a_checkpoint(running, scene):
    await configure(scene)
    bot = running.bot
    cohort = await new_cohort(scene, bot, "Paris", "Europe/Paris", ends="2027-03-31")
    await tutor(scene, "jalon", "ajouter", cohorte="Paris", nom="Devoir 1", echeance="2027-01-15")
    await tutor(scene, "jalon", "ajouter", cohorte="Paris", nom="Devoir 2", echeance="2027-02-15")
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    await bot.services.cohorts.join(cohort.id, lea, bot.clock.now())
    await bot.advance_to(datetime(2027, 1, 20, 10, tzinfo=PARIS))
    choices = await scene.people.autocomplete(
        lea, cohort.channel_id, "jalon", "fait", options={"jalon": "1"}, focused="jalon"
    )
    late = await scene.people.command(
        lea, cohort.channel_id, "jalon", "fait", options={"jalon": choices[0]["value"]}
    )
    assert "après l'échéance" in reply_text(late)  # the date was typed wrong: 15/01, not 25/01

    offered = await scene.people.autocomplete(
        scene.tutor_id,
        scene.help_channel_id,
        "jalon",
        "modifier",
        options={"cohorte": "Paris", "jalon": "dev"},
        focused="jalon",
    )
    assert [c["name"] for c in offered] == ["Devoir 1", "Devoir 2"]
    moved = await tutor(
        scene, "jalon", "modifier", cohorte="Paris", jalon="Devoir 1", echeance="2027-01-25 18:00"
    )
    assert is_ephemeral(moved)
    assert reply_text(moved).startswith("Jalon « Devoir 1 » corrigé : « Devoir 1 », échéance")
    assert "25 janvier" in reply_text(moved)
    store = bot.services.presence.checkpoints
    first = (await store.of_cohort(cohort.id))[0]
    assert first.due_at == datetime(2027, 1, 25, 18, tzinfo=PARIS)
    assert await store.done_by(cohort.id, lea) == {first.id: False}  # kept, now on time

    clash = await tutor(
        scene, "jalon", "modifier", cohorte="Paris", jalon="devoir 1", nom="Devoir 2"
    )
    assert reply_text(clash) == "Un jalon s'appelle déjà « Devoir 2 » dans cette cohorte."
    nothing = await tutor(scene, "jalon", "modifier", cohorte="Paris", jalon="Devoir 1")
    assert reply_text(nothing) == "Donnez un nouveau nom ou une nouvelle échéance."
    past = await tutor(
        scene, "jalon", "modifier", cohorte="Paris", jalon="Devoir 1", echeance="2027-01-02"
    )
    assert "est déjà passée" in reply_text(past)
    unknown = await tutor(scene, "jalon", "retirer", cohorte="Paris", jalon="Devoir 9")
    assert reply_text(unknown) == (
        "Aucun jalon « Devoir 9 » dans la cohorte Paris : choisissez-le dans la liste."
    )
    learner = await scene.people.command(
        lea,
        cohort.channel_id,
        "jalon",
        "retirer",
        options={"cohorte": "Paris", "jalon": "Devoir 1"},
    )
    assert reply_text(learner).startswith("Cette commande est réservée à l'équipe tutorale")

    removed = await tutor(scene, "jalon", "retirer", cohorte="Paris", jalon="Devoir 1")
    assert reply_text(removed) == (
        "Jalon « Devoir 1 » retiré, avec les déclarations qui s'y rapportaient."
    )
    assert [c.name for c in await store.of_cohort(cohort.id)] == ["Devoir 2"]
    assert await store.done_by(cohort.id, lea) == {}
    english = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "jalon",
        "modifier",
        options={"cohorte": "Paris", "jalon": "Devoir 2", "nom": "Essay 2"},
        locale="en-US",
    )
    assert reply_text(english).startswith("Checkpoint “Devoir 2” corrected: “Essay 2”, due")
