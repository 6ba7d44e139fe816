"""The CSV files tutors take away from the web view: contacts.csv and cases.csv. Their layout
(BOM, `;`, a header, ids beside names, one line per contact), and a contact the learner
started."""

from __future__ import annotations

import csv
import io

from tests.web_steps import act_on_case, csrf_of, learner_with_a_case, signed_in

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
