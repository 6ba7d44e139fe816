"""The tutors' web view under load: the cohort page at 2 000 learners and the learner page (and
its SVG timeline) after 40 weeks, each p95 over sequential requests, against a static page of
the same size served by the same aiohttp in the same process and run, asked for by the same
client (the least any page costs: the HTTP round trip and the bytes).

Each page twice: asked for again with nothing written since (`cohort_page`: the tutor's
rights checked, then the page kept from the last request, web/kept.py), and just after
another learner wrote on Discord, their count of activity written (`…_after_a_write`: the
cohort's rows kept but that learner's last days, the page rendered again;
`learner_chart_after_a_write`: the chart's data read again, the same, not drawn). Then the
cases where everything is read or drawn again: `cohort_page_after_another_write` (a write that
does not say which learners it is about: every row read again), `learner_chart_drawn` (the
learner did something, the chart is drawn again). And each page a minute later, nothing
written (`…_a_minute_later`: once a minute the cohort's rows are read again in full, aside,
while the page is served from the rows kept; the clock moves on once the last read is in, as
it would for a tutor who asks for the page once a minute). And `learner_page_first_visit`: a
learner with a case whose page was never asked for, each time another, after the table.

Then, in `after_writes`, each page just after each write a tutor's day is made of (a count of
activity, a case acted on, an answer to the questionnaire, a deadline declared, a platform
account linked, a note), about another learner (for the cohort's page, one not on the page
shown) and about the learner shown (for the cohort's page, one on it)."""

from __future__ import annotations

import gc
import itertools
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web

from db.activity import ActivityRepository
from db.database import Database, open_database
from db.platform import PlatformRepository
from db.routine import CheckpointRepository
from db.web import DeskRepository
from tutorat.config import Config
from tutorat.models import ActivityCount, ActivityKind, Place
from tutorat.team import Standing

WEEKS = 40
KICKOFF = datetime(2026, 1, 5, 8, tzinfo=UTC)
NOW = KICKOFF + timedelta(weeks=WEEKS)
GUILD, TUTOR = 1, 9_000_000


class Frozen:
    """The clock the web view reads: still, unless a measure moves it on."""

    def __init__(self) -> None:
        self.at = NOW

    def now(self) -> datetime:
        return self.at


class People:
    """A coordinator (manages the server); learners named as Discord would show them."""

    def standing(self, guild_id: int, user_id: int) -> Standing:
        return Standing(frozenset(), manages_guild=True)

    def names(self, guild_id: int):
        return lambda user_id: f"Apprenant·e {user_id}"


async def fill(db: Database, learners: int) -> int:
    rng = random.Random(22)
    stamp = KICKOFF.isoformat()
    async with db.transaction():
        cohort = await db.insert(
            "INSERT INTO cohorts (guild_id, name, tz, kickoff_at, ends_at, created_at,"
            " channel_id) VALUES (?, 'Bench', 'Europe/Paris', ?, ?, ?, 100)",
            (GUILD, stamp, (NOW + timedelta(weeks=4)).isoformat(), stamp),
        )
        await db.execute(
            "INSERT INTO cohort_tutors (cohort_id, tutor_id) VALUES (?, ?)", (cohort, TUTOR)
        )
        users = range(1, learners + 1)
        await db.executemany(
            "INSERT INTO learners (cohort_id, user_id, joined_at, started_at) VALUES (?, ?, ?, ?)",
            [(cohort, u, stamp, stamp if u % 9 else None) for u in users],
        )
        await db.executemany(
            "INSERT INTO assignments (cohort_id, learner_id, tutor_id) VALUES (?, ?, ?)",
            [(cohort, u, TUTOR + u % 5) for u in users],
        )
        activity, pulses = [], []
        for u in users:
            for d in range(0, 7 * WEEKS, rng.choice((1, 2, 3))):
                day = (date(2026, 1, 5) + timedelta(days=d)).isoformat()
                place = "platform" if d % 2 else "cohort"
                activity.append((GUILD, u, day, place, "message", rng.randint(1, 6)))
            for w in range(1, WEEKS + 1):
                answers = [rng.randint(2, 7) for _ in range(6)]
                pulses.append((cohort, u, w, *answers, stamp, stamp))
        await db.executemany(
            "INSERT INTO activity (guild_id, user_id, day, place, kind, count)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            activity,
        )
        await db.executemany(
            "INSERT INTO pulse_answers (cohort_id, user_id, week, p1, p2, p3, p4, p5, p6,"
            " answered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            pulses,
        )
        for w in range(2, WEEKS, 3):
            checkpoint = await db.insert(
                "INSERT INTO checkpoints (cohort_id, name, due_at, created_at) VALUES (?, ?, ?, ?)",
                (cohort, f"Devoir {w}", (KICKOFF + timedelta(weeks=w)).isoformat(), stamp),
            )
            await db.executemany(
                "INSERT INTO checkpoint_done (checkpoint_id, user_id, done_at, late)"
                " VALUES (?, ?, ?, ?)",
                [(checkpoint, u, stamp, int(u % 4 == 0)) for u in users if u % 3],
            )
        for u in range(1, learners + 1, 10):
            await db.execute(
                "INSERT INTO cases (cohort_id, user_id, tutor_id, form, signals, reasons,"
                " opened_at) VALUES (?, ?, ?, 'decouragement', '[\"S2\"]', '[\"moins actif\"]', ?)",
                (cohort, u, TUTOR + u % 5, (NOW - timedelta(days=u % 9)).isoformat()),
            )
    return cohort


async def day_of_writes(db: Database, services, cohort: int) -> list:
    """The writes a tutor's day is made of, each about one learner (who has a case)."""
    counts, recent = ActivityRepository(db), services.desk_pages.recent
    cases = {
        r["user_id"]: r["id"]
        for r in await db.fetchall("SELECT id, user_id FROM cases WHERE cohort_id = ?", (cohort,))
    }
    checkpoints = CheckpointRepository(db)
    ahead = [  # deadlines to come, each declared once by a learner
        await checkpoints.add(cohort, f"À venir {n}", NOW + timedelta(weeks=6), NOW)
        for n in range(100)
    ]
    declared: dict[int, int] = {}
    rng = random.Random(40)

    async def activity(user: int) -> None:
        said = ActivityCount(GUILD, user, NOW.date(), Place.COHORT, ActivityKind.MESSAGE, 1)
        async with recent.adding([said]):
            await counts.add_counts([said])

    async def case(user: int) -> None:
        await services.cases.act(cases[user], "contacted", NOW, by=TUTOR)

    async def answer(user: int) -> None:
        answers = tuple(rng.randint(2, 7) for _ in range(6))
        await services.pulse.answers.save(cohort, user, WEEKS, answers, NOW)

    async def deadline(user: int) -> None:
        declared[user] = declared.get(user, -1) + 1
        await checkpoints.declare(ahead[declared[user]], user, NOW, False)

    async def account(user: int) -> None:
        await PlatformRepository(db).link(
            cohort, user, f"compte-{user}-{rng.random()}", "roster", NOW, TUTOR
        )

    async def note(user: int) -> None:
        await DeskRepository(db).add_contact(cohort, user, TUTOR, "note", "Appel", NOW)

    return [activity, case, answer, deadline, account, note]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


async def timed(session: aiohttp.ClientSession, url, times: int, before=None) -> tuple[float, int]:
    samples, size = [], 0
    for _ in range(times):
        if before is not None:
            await before()
        target = url() if callable(url) else url  # (a page asked for once each time)
        began = time.perf_counter()
        async with session.get(target) as answer:
            body = await answer.read()
            assert answer.status == 200, (target, answer.status)
        samples.append(time.perf_counter() - began)
        size = len(body)
    return p95(samples), size


async def static_p95(
    session: aiohttp.ClientSession, body: bytes, content_type: str, times: int
) -> float:
    """The same bytes as a static page, served by aiohttp in this process, asked for by the
    same client (the same cookie goes with the request)."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=content_type)

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        found, _ = await timed(session, f"http://127.0.0.1:{port}/", times)
    finally:
        await runner.cleanup()
    return found


async def measure(learners: int, times: int) -> dict:
    from bot import build_services
    from web.server import WebServer
    from web.wiring import COOKIE, Wiring

    with tempfile.TemporaryDirectory() as folder:
        async with open_database(Path(folder) / "web.db") as db:
            await db.migrate()
            cohort = await fill(db, learners)
            services = build_services(db, Config())
            # as the bot once ready (bot.py): what is loaded by now is out of the collector's
            # way; what the pages read and keep from here on is not
            gc.collect()
            gc.freeze()
            people = People()
            clock = Frozen()
            wiring = Wiring(
                services.desk,
                services.desk_pages,
                services.desk_actions,
                clock,
                people,
                lambda: None,
                False,
            )
            server = WebServer(Config().web.model_copy(update={"port": 0}), wiring)
            await server.start()
            try:
                token = await services.desk.link(
                    GUILD, TUTOR, people.standing(GUILD, TUTOR), "fr", NOW
                )
                cookie = await services.desk.enter(token, NOW, people.standing)
                base = server.base_url
                jar = aiohttp.CookieJar(unsafe=True)
                async with aiohttp.ClientSession(cookie_jar=jar) as session:
                    jar.update_cookies({COOKIE: cookie})
                    pages = {
                        "cohort_page": (f"{base}/cohort/{cohort}", "text/html"),
                        "learner_page": (f"{base}/cohort/{cohort}/learner/11", "text/html"),
                        "learner_chart": (
                            f"{base}/cohort/{cohort}/learner/11/chart.svg",
                            "image/svg+xml",
                        ),
                    }
                    found: dict = {"learners": learners, "weeks": WEEKS, "requests": times}
                    recent = services.desk_pages.recent

                    counts = ActivityRepository(db)
                    someone = random.Random(7)

                    async def written() -> None:  # a learner wrote on Discord: the count lands
                        said = ActivityCount(
                            GUILD, someone.randint(12, learners), NOW.date(), Place.COHORT,
                            ActivityKind.MESSAGE, 1,
                        )  # fmt: skip
                        async with recent.adding([said]):
                            await counts.add_counts([said])

                    pages["cohort_page_after_a_write"] = (*pages["cohort_page"], written)
                    pages["learner_page_after_a_write"] = (*pages["learner_page"], written)

                    async def learner_wrote() -> None:  # the learner did something today
                        said = ActivityCount(
                            GUILD, 11, NOW.date(), Place.COHORT, ActivityKind.MESSAGE, 1
                        )
                        async with recent.adding([said]):
                            await counts.add_counts([said])

                    async def other_write() -> None:  # a learner's state changed
                        await db.execute(
                            "UPDATE learners SET joined_at = joined_at WHERE user_id = ?",
                            (someone.randint(12, learners),),
                        )

                    async def a_minute_later() -> None:  # nothing written, the clock moved on
                        await services.desk_pages.settled()  # (what a minute is long enough for)
                        clock.at += timedelta(minutes=1)

                    pages["cohort_page_a_minute_later"] = (*pages["cohort_page"], a_minute_later)
                    pages["learner_page_a_minute_later"] = (*pages["learner_page"], a_minute_later)
                    pages["cohort_page_after_another_write"] = (*pages["cohort_page"], other_write)
                    pages["learner_chart_after_a_write"] = (*pages["learner_chart"], written)
                    pages["learner_chart_drawn"] = (*pages["learner_chart"], learner_wrote)
                    # learners with a case (as 11), whose page was never asked for (then
                    # the others: a small cohort)
                    unseen = itertools.cycle(
                        [*range(21, learners + 1, 10)]
                        + [u for u in range(12, learners + 1) if u % 10 != 1]
                    )
                    pages["learner_page_first_visit"] = (
                        lambda: f"{base}/cohort/{cohort}/learner/{next(unseen)}",
                        "text/html",
                    )

                    async def figures(url: str, kind: str, before=None) -> dict:
                        await timed(session, url, 2)  # warm: templates compiled, caches
                        took, size = await timed(session, url, times, before)
                        baseline = await static_p95(session, b"x" * size, kind, times)
                        return {
                            "p95_ms": round(took * 1000, 1),
                            "bytes": size,
                            "static_p95_ms": round(baseline * 1000, 2),
                            # two significant digits: a kept page under a static one's
                            # hiccup is a small ratio, never 0
                            "ratio": float(f"{took / baseline:.2g}"),
                        }

                    # the drawing process started (it imports matplotlib: a second of CPU
                    # beside the first pages measured otherwise)
                    await timed(session, pages["learner_chart"][0], 1)
                    for name, (url, kind, *before) in pages.items():
                        found[name] = await figures(url, kind, *before)
                    writes = await day_of_writes(db, services, cohort)
                    async with session.get(pages["cohort_page"][0]) as answer:
                        shown = {int(u) for u in re.findall(r"/learner/(\d+)", await answer.text())}
                    with_case = range(1, learners + 1, 10)  # (fill: every tenth has a case)
                    on_the_page = max(u for u in with_case if u in shown)
                    # another learner: one with a case, off the page when there are others
                    elsewhere = [u for u in with_case if u not in shown] or list(with_case)
                    found["after_writes"] = {}
                    for page, me in (
                        ("cohort_page", on_the_page), ("learner_page", 11), ("learner_chart", 11)
                    ):  # fmt: skip
                        url, kind = pages[page][:2]
                        mine = found["after_writes"][page] = {}
                        for write in writes:
                            others = [u for u in elsewhere if u != me]
                            mine[write.__name__] = {
                                "another": await figures(
                                    url, kind, lambda w=write, o=others: w(someone.choice(o))
                                ),
                                "shown": await figures(url, kind, lambda w=write, m=me: w(m)),
                            }
            finally:
                await server.stop()
                await services.desk_pages.close()
                await services.drawer.close()
                gc.unfreeze()
    return found


async def run(learners: int = 2000, times: int = 40) -> dict:
    return await measure(learners, times)
