"""The daily signal scan over N learners x 8 weeks of activity, against one plain SELECT
pass over the same rows (the least any scan must do), measured in the same run; on SQLite,
then on PostgreSQL (a server started for the run), each against its own SELECT pass."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from db.database import Database, open_database
from sandbox.postgres import PostgresServer
from tutorat.config import Config

KICKOFF = datetime(2027, 1, 11, 8, tzinfo=UTC)
PER_COHORT = 2000
WEEKS = 8


async def fill(db: Database, learners: int) -> list[int]:
    """Cohorts of 2 000 learners, each active most days with their own pace."""
    rng = random.Random(11)
    cohorts = []
    now = KICKOFF.isoformat()
    async with db.transaction():
        for c in range(max(1, learners // PER_COHORT)):
            cohorts.append(await _fill_cohort(db, c, now, rng))
    return cohorts


async def _fill_cohort(db, c: int, now: str, rng: random.Random) -> int:
    cohort_id = await db.insert(
        "INSERT INTO cohorts (guild_id, name, tz, kickoff_at, ends_at, created_at,"
        " channel_id) VALUES (1, ?, 'Europe/Paris', ?, ?, ?, ?)",
        (f"c{c}", now, (KICKOFF + timedelta(weeks=12)).isoformat(), now, 100 + c),
    )
    users = range(c * PER_COHORT, (c + 1) * PER_COHORT)
    await db.executemany(
        "INSERT INTO learners (cohort_id, user_id, joined_at, started_at) VALUES (?, ?, ?, ?)",
        [(cohort_id, u, now, now) for u in users],
    )
    rows = []
    for u in users:
        pace = rng.uniform(1, 5)
        for d in range(7 * WEEKS):
            n = int(pace * rng.uniform(0.5, 1.5))
            if n:
                day = (date(2027, 1, 11) + timedelta(days=d)).isoformat()
                rows.append((1, u, day, "cohort", "message", n))
                if d % 3 == 0:
                    rows.append((1, u, day, "cohort", "peer_reply", 1))
    await db.executemany(
        "INSERT INTO activity (guild_id, user_id, day, place, kind, count)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    return cohort_id


async def select_pass(db) -> int:
    """Every activity row read once, streamed as the scan's own queries are."""
    rows = 0
    if db.backend == "sqlite":
        async with db.conn.execute("SELECT * FROM activity") as cursor:
            async for _ in cursor:
                rows += 1
        return rows
    async with db.connection() as conn, conn.transaction():
        async for _ in conn.cursor("SELECT * FROM activity", prefetch=2000):
            rows += 1
    return rows


async def measure(learners: int, database: str | None = None) -> dict:
    """database: a PostgreSQL URL (an empty database); by default a new SQLite file."""
    from bot import build_services

    with tempfile.TemporaryDirectory() as folder:
        async with open_database(database or Path(folder) / "scan.db") as db:
            await db.migrate()
            cohorts = await fill(db, learners)
            if db.backend == "postgresql":
                await db.execute("ANALYZE")
            services = build_services(db, Config())
            now = KICKOFF + timedelta(weeks=WEEKS)
            began = time.perf_counter()
            rows = await select_pass(db)
            select = time.perf_counter() - began
            began = time.perf_counter()
            opened = 0
            for cohort_id in cohorts:
                opened += len(await services.cases.scan(cohort_id, now))
            scan = time.perf_counter() - began
    return {
        "backend": "postgresql" if database else "sqlite",
        "learners": learners,
        "rows": rows,
        "select_seconds": round(select, 3),
        "scan_seconds": round(scan, 3),
        "ratio": round(scan / select, 2),
        "cases_opened": opened,
    }


async def run(sizes=(10_000, 100_000), postgresql: bool = True) -> dict:
    results = [await measure(n) for n in sizes]
    figures = {
        "sizes": results,
        "growth": round(results[-1]["scan_seconds"] / results[0]["scan_seconds"], 1),
    }
    if postgresql:
        with PostgresServer() as server:
            on_pg = [await measure(n, await server.create_database("scan")) for n in sizes]
        results.extend(on_pg)
        figures["postgresql_ratio"] = on_pg[-1]["ratio"]  # scan / SELECT, both on PostgreSQL
        figures["postgresql_vs_sqlite"] = round(
            on_pg[-1]["scan_seconds"] / results[len(sizes) - 1]["scan_seconds"], 2
        )
    return figures
