"""Pages kept between two requests (web/kept.py): a page asked for again with nothing written
since is the same page, read from nowhere; anything written (an answer to the questionnaire,
a contact, a count of activity) and it is read and drawn again."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import timedelta

import jinja2

from db.convert import instant
from db.postgres import PostgresDatabase
from db.web import UNREAD_BY_LEARNER, UNREAD_BY_ROWS
from tests.cohort_steps import enrol
from tests.harness import eventually
from tests.test_kickoff import eventually_learner
from tests.web_steps import act_on_case, csrf_of, learner_with_a_case, signed_in
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
        cohort_now = bot.services.desk_pages._rows[cohort.id].rows
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


class Reads:
    """What the store is asked while it is watched: (statement, parameters)."""

    def __init__(self, db) -> None:
        self.db, self.seen = db, []
        self._all, self._one = db.fetchall, db.fetchone

    def __enter__(self) -> Reads:
        async def fetchall(sql, params=()):
            self.seen.append((sql, tuple(params)))
            return await self._all(sql, params)

        async def fetchone(sql, params=()):
            self.seen.append((sql, tuple(params)))
            return await self._one(sql, params)

        self.db.fetchall, self.db.fetchone = fetchall, fetchone
        return self

    def __exit__(self, *exc) -> None:
        self.db.fetchall, self.db.fetchone = self._all, self._one

    def taken(self) -> list[tuple[str, tuple]]:
        """What was read since last asked (the session's checks apart)."""
        found = [(sql, params) for sql, params in self.seen if "web_sessions" not in sql]
        self.seen.clear()
        return found


async def _cohort_of_two(running, scene, sandbox):
    """Léa (quiet, with a case) and Tom in one cohort, a deadline due, a tutor signed in."""
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    tom = await enrol(scene, cohort, "tom")
    await eventually_learner(bot, cohort.id, tom)
    now = bot.clock.now()
    checkpoint = await bot.services.presence.checkpoints.add(
        cohort.id, "Devoir 1", now - timedelta(hours=1), now
    )
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    return cohort, lea, tom, checkpoint, case, session, base


def _writes_about(bot, scene, cohort, lea, checkpoint, case, session, base):
    """The writes a tutor's day is made of, each about Léa, and what her page shows after."""

    async def activity() -> None:
        await scene.people.say(cohort.channel_id, lea, "Je reprends")
        await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
        await bot.get_cog("Activity").flush()

    async def answer() -> None:
        now = bot.clock.now()
        await bot.services.pulse.answers.save(
            cohort.id, lea, course_week(cohort, now), (6, 5, 4, 3, 5, 6), now
        )

    async def deadline() -> None:
        await bot.services.presence.declare(cohort.id, checkpoint, lea, bot.clock.now())

    async def account() -> None:
        await bot.services.platform.store.link(
            cohort.id, lea, "lea.martin", "roster", bot.clock.now(), scene.tutor_id
        )

    async def note() -> None:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            token = csrf_of(await page.text())
        async with session.post(
            f"{base}/cohort/{cohort.id}/learner/{lea}/note",
            data={"csrf": token, "kind": "note", "note": "Appel du mardi"},
        ) as noted:
            assert noted.status == 200

    async def contacted() -> None:
        status, _ = await act_on_case(session, base, cohort.id, lea, case.id, action="contacted")
        assert status == 200

    today = bot.clock.now().date()
    return [  # the write; on her page, what shows it; on her row, what shows it
        (activity, None, lambda r: r.last_discord == today),
        (answer, None, lambda r: r.pulse is not None),
        (deadline, "0 tenues, 1 en retard", lambda r: (r.late, r.missed) == (1, 0)),
        (account, "lea.martin", lambda r: r.account == "lea.martin"),
        (note, "Appel du mardi", None),
        (contacted, "contact pris</strong>", lambda r: r.case_contacted),
    ]


async def test_a_write_about_one_learner_leaves_the_others_pages_as_they_were(
    running, scene, sandbox
):
    """Each write about Léa shows at once on her page, and Tom's page and timeline are served
    as they were, read from nowhere; a write about nobody said (a new deadline) and his page
    is read again."""
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    hers = f"{base}/cohort/{cohort.id}/learner/{lea}"
    his = f"{base}/cohort/{cohort.id}/learner/{tom}"
    writes = _writes_about(bot, scene, cohort, lea, checkpoint, case, session, base)

    async def text(url: str) -> str:
        async with session.get(url) as answer:
            assert answer.status == 200
            return await answer.text()

    async with session:
        his_page, his_chart = await text(his), await text(f"{his}/chart.svg")
        with Reads(bot.db) as reads:
            for write, shown, _ in writes:
                before = await text(hers), await text(f"{hers}/chart.svg")
                await write()
                after = await text(hers), await text(f"{hers}/chart.svg")
                assert after != before, write.__name__  # hers: read and drawn again
                assert shown is None or (shown in after[0] and shown not in before[0])
                reads.taken()
                assert await text(his) == his_page and await text(f"{his}/chart.svg") == his_chart
                assert reads.taken() == [], write.__name__  # his: kept
            # what a learner's page reads: none of the tables whose writes do not move it on
            await bot.services.presence.checkpoints.add(
                cohort.id, "Devoir 2", bot.clock.now() + timedelta(days=3), bot.clock.now()
            )  # about nobody: his page is read again
            assert await text(his) == his_page
            read = " ".join(sql for sql, _ in reads.taken()).lower()
            assert "from learners" in read
            assert not [t for t in UNREAD_BY_LEARNER if re.search(rf"\b{t}\b", read)]


async def test_a_write_about_one_learner_reads_again_their_row_alone(
    running, scene, sandbox, monkeypatch
):
    """The cohort's table after each write about Léa: her row shows the new value, what is
    read again is about her alone, and hers is the one row rendered again; after a write
    about nobody said, every row is read again (and, the same, not rendered again)."""
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    page = f"{base}/cohort/{cohort.id}"
    writes = _writes_about(bot, scene, cohort, lea, checkpoint, case, session, base)

    def row(user: int):
        return next(r for r in bot.services.desk_pages._rows[cohort.id].rows if r.user_id == user)

    async def table() -> str:
        async with session.get(page) as answer:
            assert answer.status == 200
            return await answer.text()

    rendered = []
    render = jinja2.Template.render

    def counted(template, *args, **kwargs):
        if template.name == "cohort_row.html":
            rendered.append(args[0]["r"].user_id)
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    async with session:
        text = await table()
        his = row(tom)
        with Reads(bot.db) as reads:
            for write, shown, holds in writes:
                await write()
                reads.taken()
                rendered.clear()
                before, text = text, await table()
                if holds is not None:
                    assert holds(row(lea)), write.__name__
                    assert text != before and rendered == [lea], write.__name__
                if shown == "lea.martin":
                    assert shown in text
                read = reads.taken()
                whole = [sql for sql, params in read if "from learners" in sql.lower()]
                assert all(lea in params for sql, params in read if sql in whole)
                assert row(tom) is his  # his row as it was: not read, not made again
            await bot.services.presence.checkpoints.add(
                cohort.id, "Devoir 2", bot.clock.now() + timedelta(days=3), bot.clock.now()
            )
            reads.taken()
            rendered.clear()
            assert await table() == text
            assert rendered == []  # every row read again, the same: none rendered again
            whole = [p for sql, p in reads.taken() if "from learners" in sql.lower()]
            assert whole and all(lea not in params for params in whole)  # every row
            assert row(tom) is not his and row(tom) == his


async def test_a_minute_later_the_table_is_served_at_once_and_read_again_aside(
    running, scene, sandbox
):
    """Once a minute the rows are read again in full (a deadline passed, a name changed, a
    write by another process): the page is served from the rows kept while they are read
    in the background, and shows what changed from the next request on; rows read more
    than five minutes ago are read before the page."""
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    pages = bot.services.desk_pages
    now = bot.clock.now()
    for name, due in (("Devoir 2", timedelta(seconds=30)), ("Devoir 3", timedelta(minutes=7))):
        await bot.services.presence.checkpoints.add(cohort.id, name, now + due, now)

    def row(user: int):
        return next(r for r in pages._rows[cohort.id].rows if r.user_id == user)

    async def table() -> str:
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            assert answer.status == 200
            return await answer.text()

    async with session:
        first = await table()
        assert row(tom).missed == 1 and "0 tenues, 0 en retard, 1 manquées" in first
        bot.clock.advance(timedelta(minutes=2))  # Devoir 2 is past: nothing was written
        assert await table() == first  # served from the rows kept, not waiting for them
        await pages.settled()
        again = await table()
        assert row(tom).missed == 2 and "0 tenues, 0 en retard, 2 manquées" in again
        bot.clock.advance(timedelta(minutes=10))  # Devoir 3 too, and the rows are old
        late = await table()
        assert row(tom).missed == 3 and "0 tenues, 0 en retard, 3 manquées" in late
        assert not pages._refreshing  # read before the page: nothing left to read aside


async def _written_by_another_process(db, sql: str, params: tuple) -> None:
    """A write this process's store does not count: another process of the bot, a tool."""
    if db.backend == "postgresql":
        async with PostgresDatabase(db.url, password=db.password) as other:
            await other.execute(sql, params)
    else:
        with sqlite3.connect(db.path) as other:
            other.execute(sql, params)


async def test_what_another_process_wrote_shows_on_the_table_within_a_minute(
    running, scene, sandbox
):
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    pages = bot.services.desk_pages

    def row(user: int):
        return next(r for r in pages._rows[cohort.id].rows if r.user_id == user)

    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            text = await answer.text()
        assert not row(tom).started and "pas démarré" in _row_of(text, tom)
        await _written_by_another_process(
            bot.db,
            "UPDATE learners SET started_at = ? WHERE cohort_id = ? AND user_id = ?",
            (instant(bot.clock.now()), cohort.id, tom),
        )
        bot.clock.advance(timedelta(minutes=1))
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            assert answer.status == 200
        await pages.settled()
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            text = await answer.text()
        assert row(tom).started and "pas démarré" not in _row_of(text, tom)


def _row_of(table: str, user: int) -> str:
    return table[table.index(f"/learner/{user}") :].split("</tr>")[0]


async def test_a_learner_opened_from_the_table_takes_their_row_from_it(running, scene, sandbox):
    """Right after the table, a learner's page reads their case, goals and contacts, not their
    row again (deadlines, answers, accounts, pairs); the page is the one read alone."""
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    page = f"{base}/cohort/{cohort.id}/learner/{lea}"
    row_tables = ("checkpoints", "pulse_answers", "platform_links", "pairs")
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            assert answer.status == 200
        with Reads(bot.db) as reads:
            async with session.get(page) as answer:
                from_the_table = await answer.text()
            read = " ".join(sql for sql, _ in reads.taken()).lower()
        assert "from cases" in read
        assert not [t for t in row_tables if re.search(rf"\bfrom {t}\b", read)]
        assert "1 manquées" in from_the_table
        # a write about nobody said: the rows kept are no longer current, hers is read alone
        await bot.db.execute(
            "UPDATE learners SET joined_at = joined_at WHERE cohort_id = ?", (cohort.id,)
        )
        with Reads(bot.db) as reads:
            async with session.get(page) as answer:
                alone = await answer.text()
            read = " ".join(sql for sql, _ in reads.taken()).lower()
        assert re.search(r"\bfrom checkpoints\b", read)
        assert alone == from_the_table


async def test_rows_read_aside_never_undo_a_newer_read(running, scene, sandbox):
    """A background read that comes back after the rows were read in full again (they had
    grown older than five minutes) is given up: what the newer read saw stays."""
    cohort, lea, tom, checkpoint, case, session, base = await _cohort_of_two(
        running, scene, sandbox
    )
    bot = running.bot
    pages = bot.services.desk_pages
    read_rows, reached, go_on = pages._read_rows, asyncio.Event(), asyncio.Event()

    async def slow_aside(cohort_, names, now, users=None, last=None):
        rows = await read_rows(cohort_, names, now, users, last)
        if users is None and not reached.is_set():  # the first read in full: the one aside
            reached.set()
            await go_on.wait()
        return rows

    async def table() -> str:
        async with session.get(f"{base}/cohort/{cohort.id}") as answer:
            assert answer.status == 200
            return await answer.text()

    async with session:
        assert "pas démarré" in _row_of(await table(), tom)
        pages._read_rows = slow_aside
        bot.clock.advance(timedelta(minutes=1))
        await table()  # served from the rows kept; the read aside has read Tom not started
        await reached.wait()
        await _written_by_another_process(
            bot.db,
            "UPDATE learners SET started_at = ? WHERE cohort_id = ? AND user_id = ?",
            (instant(bot.clock.now()), cohort.id, tom),
        )
        bot.clock.advance(timedelta(minutes=5))
        assert "pas démarré" not in _row_of(await table(), tom)  # read in full first
        go_on.set()
        await pages.settled()
        assert "pas démarré" not in _row_of(await table(), tom)
        assert pages._rows[cohort.id].bare_version[1] == bot.clock.now().replace(
            second=0, microsecond=0
        )
