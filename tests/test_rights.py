"""Learners' rights end to end: see, export, erase — their own data only, privately."""

from __future__ import annotations

import csv
import io
import json

from tests.cohort_steps import is_ephemeral, reply_text
from tests.test_warning import paris, quiet_learner


async def learner_with_a_case(running, scene, sandbox):
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))  # a case, with a tutor's note
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    await bot.services.cases.store.update(case, notes="Note confidentielle du tuteur")
    await bot.services.pulse.answers.save(cohort.id, lea, 2, (6, 5, 4, 3, 5, 6), bot.clock.now())
    return cohort, lea, case


def exported(sandbox, interaction) -> dict:
    attachment = interaction.original["attachments"][0]
    assert attachment["filename"] == "mes-donnees-tutorat.json"
    return json.loads(sandbox.files[int(attachment["id"])])


async def test_a_learner_sees_and_exports_their_data_but_not_the_tutors_notes(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    seen = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "voir")
    shown = reply_text(seen)
    assert is_ephemeral(seen)
    assert (
        "Questionnaire de la semaine 2 (de 1 à 7) : intérêt 6, utilité 5, capacité 4,"
        " effort jugé excessif 3, lien 5, intention 6" in shown
    )
    assert "Objectifs (au démarrage) : « Réussir »" in shown
    assert "jamais vos messages" in shown
    assert "Note confidentielle" not in shown and "S2" not in shown
    data = exported(
        sandbox, await scene.people.command(lea, cohort.channel_id, "mesdonnees", "exporter")
    )
    assert data["data"]["pulse_answers"][0]["p1"] == 6
    assert data["data"]["goals"][0]["aim"] == "Réussir"
    assert "Note confidentielle" not in json.dumps(data) and "cases" not in data["data"]


async def test_an_erase_removes_everything_then_the_export_is_empty(running, scene, sandbox):
    cohort, lea, case = await learner_with_a_case(running, scene, sandbox)
    ask = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "effacer")
    confirm = ask.original
    button = confirm["components"][0]["components"][0]["custom_id"]
    noe = await scene.people.join(scene.guild_id, "noe")
    refused = await scene.people.click(noe, confirm, button)
    assert "ne concerne que la personne" in reply_text(refused)
    done = await scene.people.click(lea, confirm, button)
    assert is_ephemeral(done) and "C'est fait" in reply_text(done)
    data = exported(
        sandbox, await scene.people.command(lea, cohort.channel_id, "mesdonnees", "exporter")
    )
    assert all(rows == [] for rows in data["data"].values())
    assert await running.bot.services.cases.store.get(case.id) is None
    cohort = await running.bot.services.cohorts.cohorts.get(cohort.id)
    await running.bot.get_cog("Delivery").flush_now()
    told = [m["content"] for m in sandbox.messages_in(cohort.tutors_channel_id)]
    assert any(f"cas n° {case.id} a effacé ses données" in m for m in told)


async def test_tutors_export_the_cohort_as_a_csv_a_french_spreadsheet_opens(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    answer = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "export", options={"nom": "Janvier 2027"}
    )
    attachment = answer.original["attachments"][0]
    assert attachment["filename"] == "cohorte-Janvier 2027.csv"
    raw = sandbox.files[int(attachment["id"])]
    assert raw.startswith("\ufeff".encode())  # the BOM a French spreadsheet wants
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == [
        "apprenant", "discord_id", "compte_plateforme", "tuteur", "tuteur_discord_id",
        "semaine", "du", "au", "actions", "dont_plateforme", "echanges_pairs", "P1_interet",
        "P2_utilite", "P3_capable", "P4_effort_excessif_inverse", "P5_lien", "P6_intention",
        "sens", "courage", "lien", "intention", "jalons_faits", "cas_ouverts_cette_semaine",
    ]  # fmt: skip
    week2 = next(r for r in rows if r["apprenant"] == "lea" and r["semaine"] == "2")
    assert [week2[k] for k in list(rows[0])[11:17]] == ["6", "5", "4", "3", "5", "6"]
    assert (week2["sens"], week2["courage"]) == ("5,5", "4,5")  # P4 reversed: (4 + 8 - 3) / 2
    assert (week2["du"], week2["au"]) == ("2027-01-18", "2027-01-24")
    assert week2["discord_id"] == str(lea)
    assert week2["tuteur_discord_id"] == str(scene.tutor_id) and week2["tuteur"]
    week1 = next(r for r in rows if r["apprenant"] == "lea" and r["semaine"] == "1")
    assert int(week1["actions"]) >= 3  # the click, the form, a message
    refused = await scene.people.command(
        lea, cohort.channel_id, "cohorte", "export", options={"nom": "Janvier 2027"}
    )
    assert "réservée à l'équipe tutorale" in reply_text(refused)


async def test_a_learner_asking_for_another_learners_data_is_refused(running, scene, sandbox):
    from sandbox.people import Mention

    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    noe = await scene.people.join(scene.guild_id, "noe")
    await scene.people.set_roles(scene.guild_id, noe, [cohort.role_id])
    spying = await scene.people.command(
        noe, cohort.channel_id, "suivi", "apprenant", options={"apprenant": Mention("user", lea)}
    )
    assert is_ephemeral(spying) and "réservée à l'équipe tutorale" in reply_text(spying)
    mine = exported(
        sandbox, await scene.people.command(noe, cohort.channel_id, "mesdonnees", "exporter")
    )
    assert mine["user_id"] == str(noe)
    assert mine["data"]["pulse_answers"] == [] and mine["data"]["goals"] == []
    assert str(lea) not in str(mine) and "Réussir" not in str(mine)
    seen = await scene.people.command(noe, cohort.channel_id, "mesdonnees", "voir")
    assert "6 5 4 3 5 6" not in reply_text(seen)
