"""A whole class at once (/tuteur importer): a CSV roster enrols each learner (the cohort's
role) and gives them their tutor; a file with a row that does not match applies nothing and
says which rows, and why."""

from __future__ import annotations

from sandbox.people import Upload
from tests.cohort_steps import cohort_of, configure, create_cohort, is_ephemeral, reply_text
from tests.harness import eventually

ROLE_GRANT = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"


async def import_roster(scene, cohort, data: bytes, locale: str = "fr"):
    return await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "tuteur",
        "importer",
        options={"cohorte": cohort.name, "fichier": Upload("classe.csv", data)},
        locale=locale,
    )


async def test_a_roster_with_rows_that_do_not_match_applies_nothing(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    cohort = await cohort_of(running.bot, scene)
    await scene.people.join(scene.guild_id, "lea")
    await scene.people.join(scene.guild_id, "sam")
    await scene.people.join(scene.guild_id, "sam")  # two members called sam
    learner = await scene.people.join(scene.guild_id, "noe")
    roster = "apprenant;tuteur\nlea;tuteur-camille\nsam;\ninconnu;\nnoe;lea\n@Lea;\n"
    said = await import_roster(scene, cohort, roster.encode())
    assert is_ephemeral(said)
    lines = reply_text(said).split("\n")
    assert lines[0] == (
        "Rien n'a été appliqué : 4 lignes ne correspondent pas."
        " Corrigez-les puis importez de nouveau le fichier."
    )
    assert lines[1:] == [
        "ligne 3, colonne « apprenant » : plusieurs membres s'appellent « sam » :"
        " donnez l'identifiant Discord.",
        "ligne 4, colonne « apprenant » : « inconnu » n'est pas un membre de ce serveur"
        " (nom ou identifiant Discord).",
        "ligne 5, colonne « tuteur » : « lea » n'a pas le rôle des tuteurs.",
        "ligne 6, colonne « apprenant » : « @Lea » figure déjà plus haut dans le fichier.",
    ]
    assert sandbox.requests_to("PUT", ROLE_GRANT) == []
    assert await running.bot.services.cohorts.learner(cohort.id, learner) is None


async def test_a_roster_enrols_every_learner_and_gives_each_their_tutor(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    cohort = await cohort_of(running.bot, scene)
    tutor_name = sandbox.world.users[scene.tutor_id]["username"]
    ids = [await scene.people.join(scene.guild_id, f"learner{i:02d}") for i in range(30)]
    already = await scene.people.join(scene.guild_id, "ines", [cohort.role_id])
    rows = [f"learner{i:02d},{tutor_name if i % 2 else ''}" for i in range(30)]
    roster = "\ufefflearner,tutor\n" + "\n".join(rows) + f"\n{already},\n"
    said = await import_roster(scene, cohort, roster.encode(), locale="en-US")
    assert reply_text(said) == "31 learners enrolled in “Janvier 2027”, 15 given a tutor."
    granted = {int(r.path.split("/")[4]) for r in sandbox.requests_to("PUT", ROLE_GRANT)}
    assert granted == set(ids)  # ines had the role already
    bot = running.bot
    for user_id in [*ids, already]:
        learner = await bot.services.cohorts.learner(cohort.id, user_id)
        assert learner is not None and learner.active
    tutors = bot.services.assignments
    for i, user_id in enumerate(ids):
        if i % 2:
            assert await tutors.tutor_of(cohort.id, user_id) == scene.tutor_id
    # the role's gateway events come after: each learner is still welcomed once
    await eventually(lambda: len(sandbox.requests_to("PUT", ROLE_GRANT)) == 30)
    await bot.get_cog("Delivery").flush_now()
    again = await import_roster(scene, cohort, roster.encode())
    assert reply_text(again).startswith("31 apprenant·es inscrit·es dans « Janvier 2027 »")
    assert len(sandbox.requests_to("PUT", ROLE_GRANT)) == 30
