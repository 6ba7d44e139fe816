"""A learner's timeline on the web view: the chart marks deadlines missed or late, each contact
(a tutor's, the learner's) and what the early warning said; the same, week by week, in words
under the chart (a screen reader, a search in the page)."""

from __future__ import annotations

import html
from datetime import timedelta

from tests.web_steps import act_on_case, csrf_of, learner_with_a_case, signed_in


async def test_the_timeline_marks_deadlines_contacts_and_signs_and_says_them_in_words(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    now = bot.clock.now()
    await bot.services.presence.checkpoints.add(cohort.id, "Devoir 1", now - timedelta(days=2), now)
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    page = f"{base}/cohort/{cohort.id}/learner/{lea}"
    async with session:
        status, _ = await act_on_case(session, base, cohort.id, lea, case.id, action="contacted")
        assert status == 200
        async with session.get(page) as answer:
            text = await answer.text()
        async with session.post(
            f"{page}/note",
            data={"csrf": csrf_of(text), "kind": "learner_contact", "note": "Elle a écrit"},
        ) as answer:
            text = await answer.text()
        assert f'href="/cohort/{cohort.id}/learner/{lea}/timeline"' in text
        async with session.get(f"{page}/chart.svg") as answer:
            svg = await answer.text()
        async with session.get(f"{page}/timeline") as answer:
            assert answer.status == 200
            words = await answer.text()
    for label in (
        "Jalon manqué (jour d'échéance)",
        "Contact du tuteur",
        "Contact venu de l'apprenant·e",
        "Signaux de l'alerte précoce",
    ):
        assert html.escape(label, quote=False) in svg, label
    assert '<th scope="col">Échéances</th>' in words
    assert "Devoir 1\u00a0: manqué" in words
    assert "Cas ouvert" in words
    assert html.escape(case.reasons[0]) in words
    assert "1 du tuteur, 1 de l&#39;apprenant·e" in words
    # no course platform in this cohort: the days and actions are said without it
    assert "<td>2</td>" in words and "dont" not in words
