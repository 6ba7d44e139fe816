"""The CSV files tutors take away: contacts.csv and cases.csv from the web view, the cohort
export from /cohorte export. Their layout (BOM, `;`, a header, ids beside names, one line per
contact), a contact the learner started, and no cell a learner wrote run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from tests.harness import eventually
from tests.web_steps import act_on_case, csrf_of, learner_with_a_case, signed_in
from tutorat.export import Who, cohort_csv
from tutorat.models import Cohort
from tutorat.spreadsheet import FORMULA_STARTS, cell

FORMULA = '=HYPERLINK("http://x","y")'
CONTACT_COLUMNS = "date;apprenant;discord_id;tuteur;tuteur_discord_id;cas;type;note"
CASE_COLUMNS = (
    "cas;apprenant;discord_id;tuteur;tuteur_discord_id;forme;ouvert;contact;relance;escalade;"
    "clos;issue;raisons;notes;suite"
)


async def csv_at(session, url: str) -> tuple[bytes, list[dict]]:
    async with session.get(url) as answer:
        assert answer.status == 200, url
        assert answer.content_type == "text/csv"
        raw = await answer.read()
    return raw, rows_of(raw)


def rows_of(raw: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


async def note_on_page(session, base: str, cohort_id: int, user: int, kind: str, note: str):
    """The note form at the bottom of a learner's page."""
    page = f"{base}/cohort/{cohort_id}/learner/{user}"
    async with session.get(page) as answer:
        token = csrf_of(await answer.text())
    async with session.post(
        f"{page}/note", data={"csrf": token, "kind": kind, "note": note}
    ) as answer:
        assert answer.status == 200
        return await answer.text()


async def renamed(running, scene, user: int, nick: str) -> None:
    """The learner sets a server nickname: their display name from now on."""
    member = scene.sandbox.world.guilds[scene.guild_id].members[user]
    member["nick"] = nick
    await scene.people.set_roles(scene.guild_id, user, [int(r) for r in member["roles"]])
    guild = running.bot.get_guild(scene.guild_id)
    await eventually(lambda: guild.get_member(user).display_name == nick)


async def test_contacts_csv_has_a_line_per_contact_with_ids_beside_names(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        await act_on_case(session, base, cohort.id, lea, case.id, action="contacted", note="Appel")
        await note_on_page(session, base, cohort.id, lea, "note", "Relancer jeudi ; promis")
        raw, rows = await csv_at(session, f"{base}/cohort/{cohort.id}/contacts.csv")
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").split("\r\n")[0] == CONTACT_COLUMNS
    tutor = {"tuteur": "tuteur-camille", "tuteur_discord_id": str(scene.tutor_id)}
    learner = {"apprenant": "lea", "discord_id": str(lea)}
    assert rows == [
        {"date": "2027-02-03T08:05+01:00", **learner, **tutor, "cas": str(case.id),
         "type": "contacted", "note": "Appel"},
        {"date": "2027-02-03T08:05+01:00", **learner, **tutor, "cas": "",
         "type": "note", "note": "Relancer jeudi ; promis"},
    ]  # fmt: skip


async def test_cases_csv_has_a_line_per_case_with_its_dates_and_notes(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        await act_on_case(
            session, base, cohort.id, lea, case.id, action="false_alarm", note="En congé"
        )
        raw, rows = await csv_at(session, f"{base}/cohort/{cohort.id}/cases.csv")
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").split("\r\n")[0] == CASE_COLUMNS
    [row] = rows
    assert (row["cas"], row["apprenant"], row["discord_id"]) == (str(case.id), "lea", str(lea))
    assert (row["tuteur"], row["tuteur_discord_id"]) == ("tuteur-camille", str(scene.tutor_id))
    assert (row["forme"], row["issue"], row["notes"]) == (case.form, "false_alarm", "En congé")
    assert (row["ouvert"], row["clos"]) == ("2027-02-03T08:00+01:00", "2027-02-03T08:05+01:00")
    assert row["contact"] == row["relance"] == row["escalade"] == row["suite"] == ""
    assert row["raisons"] == " | ".join(case.reasons) != ""


async def test_a_contact_the_learner_started_shows_on_the_page_and_in_the_csv(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        shown = await note_on_page(
            session, base, cohort.id, lea, "learner_contact", "Elle m'a écrit : reprend lundi"
        )
        _, rows = await csv_at(session, f"{base}/cohort/{cohort.id}/contacts.csv")
    contacts = shown.split('id="contacts"')[1]
    assert "contact venu de l&#39;apprenant·e" in contacts
    assert "Elle m&#39;a écrit : reprend lundi" in contacts
    [row] = rows
    assert (row["type"], row["note"]) == ("learner_contact", "Elle m'a écrit : reprend lundi")
    assert (row["discord_id"], row["tuteur_discord_id"]) == (str(lea), str(scene.tutor_id))


async def test_no_name_or_note_runs_as_a_formula_in_any_export(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    await renamed(running, scene, lea, FORMULA)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        await note_on_page(session, base, cohort.id, lea, "learner_contact", "@SUM(1+1)")
        await act_on_case(
            session, base, cohort.id, lea, case.id, action="false_alarm", note="-2+3 absente"
        )
        _, contacts = await csv_at(session, f"{base}/cohort/{cohort.id}/contacts.csv")
        _, cases = await csv_at(session, f"{base}/cohort/{cohort.id}/cases.csv")
    answer = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "export", options={"nom": cohort.name}
    )
    export = rows_of(sandbox.files[int(answer.original["attachments"][0]["id"])])
    for rows in (contacts, cases, export):
        mine = [r for r in rows if r["discord_id"] == str(lea)]
        assert mine and all(r["apprenant"] == "'" + FORMULA for r in mine)
        assert not [v for r in rows for v in r.values() if v.startswith(FORMULA_STARTS)]
    assert [r["note"] for r in contacts] == ["'@SUM(1+1)", "'-2+3 absente"]
    assert cases[0]["notes"] == "'-2+3 absente" and cases[0]["cas"] == str(case.id)
    week1 = next(r for r in export if r["semaine"] == "1")
    assert (week1["du"], week1["au"]) == ("2027-01-11", "2027-01-17")  # dates, counts unchanged
    assert int(week1["actions"]) >= 3 and week1["tuteur_discord_id"] == str(scene.tutor_id)


def test_counts_dates_ids_and_decimals_are_written_as_they_are():
    for value in ("4,5", "-2", "+3", "2027-01-18", "2027-02-03T08:05+01:00", "1234567890123", 7):
        assert cell(value) == value
    for value in ("=1+1", "+33 6 12", "-x", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(value) == "'" + value
    kickoff = datetime(2027, 1, 11, 9, tzinfo=UTC)
    cohort = Cohort(1, 2, "c", "Europe/Paris", kickoff, kickoff + timedelta(weeks=10))
    raw = cohort_csv(
        cohort, {5: "@lea"}, [], [], [], [], 1, ";", {5: Who("=acc", "-tuteur", 6)}
    ).decode("utf-8-sig")
    [row] = rows_of(raw.encode())
    assert (row["apprenant"], row["compte_plateforme"], row["tuteur"]) == (
        "'@lea", "'=acc", "'-tuteur"
    )  # fmt: skip
    assert (row["discord_id"], row["tuteur_discord_id"], row["actions"]) == ("5", "6", "0")
    assert row["du"] == date.fromisoformat(row["du"]).isoformat()
