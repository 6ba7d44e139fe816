"""A huge backlog (100 000 statements) is read page by page and written one transaction per
page, and the event loop (the gateway's) gets its turn between two pages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot import build_services
from db.database import Database
from tutorat.config import Config
from tutorat.models import Place

GUILD, LEA = 10, 101
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
TOTAL, PAGE = 100_000, 1000


class Backlog:
    """A source holding a backlog, served in pages as an LRS would (statements made here)."""

    name = "xapi"

    def __init__(self) -> None:
        self.pages_served = 0

    async def statements(self, since, scope):
        for start in range(0, TOTAL, PAGE):
            self.pages_served += 1
            yield [
                {
                    "id": f"00000000-0000-4000-8000-{i:012d}",
                    "actor": {"mbox": "mailto:lea@example.org" if i % 2 else "mailto:x@y.org"},
                    "verb": {"id": "http://id.tincanapi.com/verb/viewed"},
                    "timestamp": (NOW - timedelta(minutes=i % 5000)).isoformat(),
                    "stored": NOW.isoformat(),
                }
                for i in range(start, start + PAGE)
            ]


async def test_a_backlog_of_100000_statements_is_paged_batched_and_leaves_the_loop_free(tmp_path):
    db = Database(tmp_path / "t.db")
    await db.open()
    await db.migrate()
    try:
        services = build_services(db, Config())
        cohort = await services.cohorts.create(
            GUILD, "Stats", "Europe/Paris", NOW - timedelta(days=14), None, NOW
        )
        await services.cohorts.join(cohort.id, LEA, NOW)
        await services.platform.store.link(cohort.id, LEA, "mbox:lea@example.org", "roster", NOW, 1)
        await services.platform.store.set_source(cohort.id, "xapi", "")
        backlog = Backlog()
        services.platform.sources = {"xapi": backlog}
        services.platform.share = 0.5  # a pause after each page as long as the page took
        ticks_between_pages: list[int] = []
        ticks = 0

        async def gateway() -> None:  # stands for the gateway's reader: counts its turns
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(gateway())
        original = services.platform.ingest

        async def ingest(cohort, page):
            before = ticks
            report = await original(cohort, page)
            ticks_between_pages.append(ticks - before)
            return report

        services.platform.ingest = ingest
        report = await services.platform.poll(cohort, NOW)
        ticker.cancel()

        assert (report.read, report.new, report.attributed) == (TOTAL, TOTAL, TOTAL // 2)
        assert backlog.pages_served == TOTAL // PAGE == len(ticks_between_pages)
        assert min(ticks_between_pages) > 0  # the loop ran while each page was written
        counts = await services.activity.store.for_user(GUILD, LEA)
        assert sum(c.count for c in counts if c.place is Place.PLATFORM) == TOTAL // 2
        seen = await db.fetchone("SELECT COUNT(*) AS n FROM platform_seen")
        assert seen["n"] == TOTAL
    finally:
        await db.close()
