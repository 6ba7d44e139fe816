"""What the web view shows and does, over HTTP: one case state for Discord and the page,
English pages, the coordinators' pages, the CSV exports, and the cohort table's filters,
sorting and paging (2 000 learners)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

from tests.cohort_steps import configure, create_cohort, plain
from tests.harness import eventually
from tests.web_steps import (
    act_on_case,
    client,
    csrf_of,
    dashboard_link,
    enter,
    learner_with_a_case,
    signed_in,
)
from tutorat.desk_rows import Query, Row, page_of

EDIT = "/channels/{channel_id}/messages/{message_id}"


async def test_a_button_clicked_in_discord_shows_on_the_page_and_in_the_prompt(
    running, scene, sandbox
):
    cohort, lea, prompt = await learner_with_a_case(running, scene, sandbox)
    buttons = {b["label"]: b["custom_id"] for b in prompt["components"][0]["components"]}
    await scene.people.click(scene.tutor_id, prompt, buttons["J'ai pris contact"])
    running.bot.kick_delivery()

    def edited() -> list:
        return [r for r in sandbox.requests_to("PATCH", EDIT) if r.status == 200]

    [edit] = await eventually(edited)
    assert edit.params["message_id"] == str(prompt["id"])
    assert plain(edit.body["embeds"][0]["footer"]["text"]) == "État : contact pris"
    assert edit.body["components"]  # still open: the buttons stay
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            body = await page.text()
        assert '<strong class="state">contact pris</strong>' in body
        assert "tuteur-camille" in body.split('id="contacts"')[1]
        # closing it on the page takes the buttons away in Discord
        [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
        async with session.post(
            f"{base}/cohort/{cohort.id}/case/{case.id}",
            data={"csrf": csrf_of(body), "action": "done", "note": "Entretien : reprise"},
        ) as answer:
            assert answer.status == 200
    [_, closing] = await eventually(lambda: len(edited()) == 2 and edited())
    assert plain(closing.body["embeds"][0]["footer"]["text"]) == "État : entretien fait"
    assert closing.body["components"] == []
    [done] = await running.bot.services.cases.store.of_learner(cohort.id, lea)
    assert done.outcome == "done" and done.notes == "Entretien : reprise"


async def test_a_tutor_whose_discord_is_in_english_reads_english_pages(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    link = await dashboard_link(scene, scene.tutor_id, locale="en-US")
    async with client() as session:
        await enter(session, link)
        async with session.get(link.split("/enter/")[0] + "/") as page:
            body = await page.text()
        assert '<html lang="en">' in body and "Overview" in body and "Log out" in body
    async with client() as stranger:  # no session: the browser's language
        headers = {"Accept-Language": "en-GB,en;q=0.8"}
        async with stranger.get(link.split("/enter/")[0] + "/", headers=headers) as page:
            assert page.status == 401
            assert "/dashboard" in await page.text()


async def test_coordinators_see_each_tutors_load_and_the_figures(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    tutor, base = await signed_in(scene, scene.tutor_id)
    async with tutor:
        async with tutor.get(base + "/figures") as page:
            assert page.status == 403
    coordinator, base = await signed_in(scene, scene.owner_id)  # manages the server
    async with coordinator:
        async with coordinator.get(base + "/") as page:
            body = await page.text()
        assert "Charge de chaque tuteur·ice" in body and "tuteur-camille" in body
        async with coordinator.get(base + "/figures") as page:
            body = await page.text()
        assert page.status == 200 and "Pris en charge dans le délai" in body
        async with coordinator.get(f"{base}/cohort/{cohort.id}/cases.csv") as answer:
            data = await answer.read()
        assert data.startswith("\ufeff".encode())
        header, first = data.decode("utf-8-sig").splitlines()[:2]
        assert header.startswith("cas;apprenant;discord_id;tuteur;tuteur_discord_id;forme")
        assert f";{lea};" in first and f";{scene.tutor_id};" in first


def test_the_cohort_table_filters_sorts_and_pages_two_thousand_learners():
    now = datetime(2027, 2, 3, 9, tzinfo=UTC)
    rows = [
        Row(
            user_id=1000 + i,
            name=f"Apprenant {i:04d}",
            account=f"a{i}@exemple.fr" if i % 3 else "",
            tutor_id=1 + i % 4,
            started=i % 5 != 0,
            missed=i % 7,
            case_id=i if i % 10 == 0 else None,
            case_form="isolement" if i % 20 == 0 else ("decouragement" if i % 10 == 0 else None),
            case_opened=now - timedelta(days=i % 9) if i % 10 == 0 else None,
        )
        for i in range(2000)
    ]
    first = page_of(rows, Query())
    assert (first.total, first.pages, len(first.rows)) == (2000, 40, 50)
    assert all(r.case_id for r in first.rows)  # open cases first, the oldest first
    assert first.rows[0].case_opened == min(r.case_opened for r in rows if r.case_opened)
    assert page_of(rows, Query(flag="no_account")).total == 667
    assert page_of(rows, Query(flag="not_started")).total == 400
    assert page_of(rows, Query(form="isolement")).total == 100
    assert page_of(rows, Query(tutor=2)).total == 500
    assert [r.user_id for r in page_of(rows, Query(search="2999")).rows] == [2999]
    assert [r.name for r in page_of(rows, Query(search="a43@")).rows] == ["Apprenant 0043"]
    worst = page_of(rows, Query(sort="missed", descending=True)).rows[0]
    assert worst.missed == 6
    last = page_of(rows, Query(page=99))
    assert last.page == 40 and len(last.rows) == 50
    assert Query.read({"sort": "'; DROP", "page": "-3", "tutor": "x"}) == Query()


def test_every_sentence_the_templates_name_is_in_both_catalogues():
    import re
    from pathlib import Path

    from tutorat.texts import messages

    folder = Path(__file__).resolve().parents[1] / "web" / "templates"
    named = {  # the literal keys (those built with ~ end with "_")
        key
        for path in folder.glob("*.html")
        for key in re.findall(r"""t\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8"))
        if not key.endswith("_")
    }
    # and the keys templates build: flags, trends, stages, kinds, case states
    named |= {f"web.flag_{f}" for f in ("open_case", "not_started", "no_account")}
    named |= {f"web.trend_{n}" for n in (1, 0, -1)}
    named |= {f"web.stage_{s}" for s in ("start", "midpoint", "end")}
    named |= {f"web.kind_{k}" for k in ("note", "learner_contact", "contacted", "done",
                                          "false_alarm", "snooze")}  # fmt: skip
    named |= {f"case.status_{s}" for s in ("open", "contacted", "done", "false_alarm", "snoozed")}
    for language in ("fr", "en"):
        missing = sorted(named - messages(language).keys())
        assert missing == [], f"{language}: {missing}"


async def test_an_action_on_the_page_edits_the_prompt_in_its_thread_when_dms_are_closed(
    running, scene, sandbox
):
    from tests.test_warning import paris, quiet_learner

    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    sandbox.dms_closed.add(scene.tutor_id)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    cohort = await running.bot.services.cohorts.cohorts.get(cohort.id)
    [thread] = [
        c
        for c in sandbox.world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id) and c["type"] == 11
    ]
    [prompt] = sandbox.messages_in(int(thread["id"]))
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        status, _ = await act_on_case(
            session, base, cohort.id, lea, case.id, action="false_alarm", note="En congé, prévenu"
        )
        assert status == 200

    def edited() -> list:
        return [
            r
            for r in sandbox.requests_to("PATCH", EDIT)
            if r.status == 200 and r.params["message_id"] == str(prompt["id"])
        ]

    [edit] = await eventually(edited)
    assert edit.params["channel_id"] == thread["id"]
    assert plain(edit.body["embeds"][0]["footer"]["text"]) == "État : fausse alerte"


async def test_the_cohort_table_shows_activity_written_since_it_was_last_read(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}") as page:
            assert "12 janv. 2027" in await page.text()  # her last message
        await scene.people.say(cohort.channel_id, lea, "Je reviens")
        await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
        await bot.get_cog("Activity").flush()
        async with session.get(f"{base}/cohort/{cohort.id}") as page:
            body = await page.text()
        assert "3 févr. 2027" in body and "12 janv. 2027" not in body


async def test_closing_an_escalated_case_updates_the_prompt_the_reminder_and_the_escalation(
    running, scene, sandbox
):
    from tests.test_warning import paris, prompts_to, quiet_learner

    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-02-11T08:05"))  # reminded, then escalated
    prompt, reminder = prompts_to(sandbox, scene.tutor_id)
    cohort = await bot.services.cohorts.cohorts.get(cohort.id)
    [thread] = [
        c
        for c in sandbox.world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id)
    ]
    [escalation] = sandbox.messages_in(int(thread["id"]))
    [case] = await bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.owner_id)  # the coordination takes it
    async with session:
        status, _ = await act_on_case(
            session, base, cohort.id, lea, case.id, action="done", note="Appelée : reprend lundi"
        )
        assert status == 200

    def edits() -> dict:
        return {
            r.params["message_id"]: r.body
            for r in sandbox.requests_to("PATCH", EDIT)
            if r.status == 200
        }

    await eventually(lambda: len(edits()) == 3)
    for message in (prompt, reminder, escalation):
        body = edits()[str(message["id"])]
        assert plain(body["embeds"][0]["footer"]["text"]) == "État : entretien fait"
        assert body["components"] == []


async def test_the_timeline_is_drawn_again_once_the_case_moves_on(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    chart = f"{base}/cohort/{cohort.id}/learner/{lea}/chart.svg"
    async with session:
        async with session.get(chart) as answer:
            assert answer.content_type == "image/svg+xml"
            first = await answer.text()
        assert ">Actions par jour<" in first  # words as text: read aloud, found in the page
        async with session.get(chart) as answer:
            assert await answer.text() == first  # kept
        await act_on_case(session, base, cohort.id, lea, case.id, action="contacted")
        async with session.get(chart) as answer:
            assert await answer.text() != first  # the contact is on it


async def test_an_interview_done_on_the_page_can_pause_the_form_as_the_discord_form_does(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    now = running.bot.clock.now()
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            body = await page.text()
        assert "Ne plus signaler cette forme (semaines)" in plain(html.unescape(body))
        async with session.post(
            f"{base}/cohort/{cohort.id}/case/{case.id}",
            data={
                "csrf": csrf_of(body),
                "action": "done",
                "note": "Reprend",
                "quiet": "4",
                "next_step": "Point dans 15 jours",
            },
        ) as answer:
            shown = plain(html.unescape(await answer.text()))
    [done] = await running.bot.services.cases.store.of_learner(cohort.id, lea)
    assert done.outcome == "done" and done.notes == "Reprend"
    assert done.next_step == "Point dans 15 jours" and "Point dans 15 jours" in shown
    assert done.quiet_until == now + timedelta(weeks=4)
    assert "Pas de nouvelle alerte « découragement » pour cette personne avant" in shown
    assert "n'est pas un nombre de semaines" not in shown


async def test_weeks_the_page_does_not_understand_keep_the_interview_and_say_so(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        _, body = await act_on_case(
            session, base, cohort.id, lea, case.id, action="done", note="Vu", quiet="<b>cinq</b>"
        )
    [done] = await running.bot.services.cases.store.of_learner(cohort.id, lea)
    assert done.outcome == "done" and done.quiet_until is None
    assert (
        "« <b>cinq</b> » n'est pas un nombre de semaines de 0 à 26 : l'entretien est enregistré"
        in plain(html.unescape(body))
    )
    assert "<b>cinq</b>" not in body  # said back escaped


async def test_pulse_means_are_written_with_the_readers_decimal_mark(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    # sens 4.5, courage 4.5, lien 4, intention 5: a mean of 4.5
    await bot.services.pulse.answers.save(cohort.id, lea, 2, (5, 4, 5, 4, 4, 5), bot.clock.now())
    french, base = await signed_in(scene, scene.owner_id)  # a coordinator: each tutor's load
    english = client()
    await enter(english, await dashboard_link(scene, scene.owner_id, locale="en-US"))
    for session, mean, other in ((french, "4,5", "4.5"), (english, "4.5", "4,5")):
        async with session:
            async with session.get(base + "/") as page:
                overview = await page.text()
            async with session.get(f"{base}/cohort/{cohort.id}") as page:
                table = await page.text()
        assert f"<dd>{mean} <span" in overview  # the cohort's mean
        assert f"<td>{mean}</td>" in overview  # the tutor's learners' mean
        assert f"<td>{mean} <span" in table  # the learner's row
        assert other not in overview + table
