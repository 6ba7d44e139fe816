"""Pages kept between two requests (web/kept.py): a page asked for again with nothing written
since is the same page, read from nowhere; anything written (an answer to the questionnaire,
a contact, a count of activity) and it is read and drawn again."""

from __future__ import annotations

import re

from db.web import UNREAD_BY_ROWS
from tests.harness import eventually
from tests.web_steps import csrf_of, learner_with_a_case, signed_in
from tutorat.calendar import course_week


async def test_a_page_asked_for_again_reads_nothing_until_something_is_written(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    db = bot.db
    session, base = await signed_in(scene, scene.tutor_id)
    page = f"{base}/cohort/{cohort.id}/learner/{lea}"
    async with session:
        async with session.get(page) as answer:
            first = await answer.text()
        reads = []
        original = db.fetchall

        async def counted(sql, params=()):
            reads.append(sql)
            return await original(sql, params)

        db.fetchall = counted
        try:
            async with session.get(page) as answer:
                again = await answer.text()
            assert again == first
            assert reads == []  # the session and rights checked from memory; the page kept
            async with session.post(
                f"{page}/note", data={"csrf": csrf_of(first), "kind": "note", "note": "Appel"}
            ) as noted:
                after = await noted.text()
        finally:
            db.fetchall = original
    assert after != first and "Appel" in after


async def test_an_answer_to_the_questionnaire_shows_on_the_timeline_at_once(
    running, scene, sandbox
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    now = bot.clock.now()
    cohort = await bot.services.cohorts.cohorts.get(cohort.id)
    session, base = await signed_in(scene, scene.tutor_id)
    chart = f"{base}/cohort/{cohort.id}/learner/{lea}/chart.svg"
    async with session:
        async with session.get(chart) as answer:
            before = await answer.text()
        await bot.services.pulse.answers.save(
            cohort.id, lea, course_week(cohort, now), (6, 5, 4, 3, 5, 6), now
        )
        async with session.get(chart) as answer:
            after = await answer.text()
    assert after != before  # the same day, no activity written: the answer alone
    assert ">Sens<" in after and ">Sens<" not in before  # its line's legend, drawn now


async def test_the_timeline_is_drawn_again_only_when_what_it_shows_changed(
    running, scene, sandbox, monkeypatch
):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    drawer = bot.services.drawer
    drawn = []
    draw = drawer.draw

    async def counting(*args):
        drawn.append(1)
        return await draw(*args)

    monkeypatch.setattr(drawer, "draw", counting)
    session, base = await signed_in(scene, scene.tutor_id)
    chart = f"{base}/cohort/{cohort.id}/learner/{lea}/chart.svg"
    async with session:
        async with session.get(chart) as answer:
            first = await answer.text()
        tom = await scene.people.join(scene.guild_id, "tom")  # someone else's activity
        await scene.people.say(scene.help_channel_id, tom, "Bonjour")
        await eventually(lambda: bot.services.activity.buffer.pending_for(tom))
        await bot.get_cog("Activity").flush()
        async with session.get(chart) as answer:
            assert await answer.text() == first
        assert len(drawn) == 1  # read again, the same: not drawn again
        await scene.people.say(cohort.channel_id, lea, "Je reprends")  # hers
        await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
        await bot.get_cog("Activity").flush()
        async with session.get(chart) as answer:
            assert await answer.text() != first
        assert len(drawn) == 2


async def test_counts_of_activity_read_again_the_last_days_alone(running, scene, sandbox):
    """A tutor's cohort table after learners wrote on Discord: the new last day shows, and
    nothing else of the 2 000 rows is read again; anything else written and it is."""
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    db = bot.db
    session, base = await signed_in(scene, scene.tutor_id)
    page = f"{base}/cohort/{cohort.id}"
    reads: list[str] = []
    original = db.fetchall

    async def counted(sql, params=()):
        reads.append(sql)
        return await original(sql, params)

    async def table() -> list[str]:
        reads.clear()
        async with session.get(page) as answer:
            assert answer.status == 200
        return [r for r in reads if "web_sessions" not in r]

    def lea_row():
        cohort_now = bot.services.desk_pages._rows[cohort.id][1]
        return next(r for r in cohort_now if r.user_id == lea)

    async with session:
        await table()
        assert lea_row().last_discord != bot.clock.now().date()
        db.fetchall = counted
        try:
            await scene.people.say(cohort.channel_id, lea, "Je reprends")
            await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
            await bot.get_cog("Activity").flush()
            after_activity = await table()
            assert lea_row().last_discord == bot.clock.now().date()
            assert not [r for r in after_activity if "FROM learners" in r or "cases" in r]
            await bot.services.pulse.answers.save(
                cohort.id, lea, course_week(cohort, bot.clock.now()), (6, 5, 4, 3, 5, 6),
                bot.clock.now(),
            )  # fmt: skip
            after_answer = await table()
            assert [r for r in after_answer if "pulse_answers" in r]
            # what the rows read again: none of the tables whose writes do not make them
            read = " ".join(after_answer).lower()
            assert not [t for t in UNREAD_BY_ROWS if re.search(rf"\b{t}\b", read)]
            assert lea_row().pulse is not None
        finally:
            db.fetchall = original
