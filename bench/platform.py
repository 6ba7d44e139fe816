"""Course-platform polling against a real LRS (Learning Locker's xapi-statements, installed
by `make lrs`), holding 10 000 statements:

- ingest: statements read, counted and written per second by the platform service, against
  the same client only reading the pages (the baseline, in the same run);
- gateway: the bot's throughput under the flood of bench.throughput while a poll of those
  statements runs, against a bare discord.py client (target: at least 0.8)."""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.throughput import build_flood, cohort_scene, fresh_copy, one_run
from sandbox import lrs
from sandbox.server import Sandbox

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
VERBS = ("viewed", "completed", "answered", "submitted", "scored")


def statements(count: int, learners: int) -> list[dict]:
    rng = random.Random(13)
    return [
        {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "actor": {"objectType": "Agent", "mbox": f"mailto:learner{i % learners}@example.org"},
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{VERBS[i % len(VERBS)]}"},
            "object": {"objectType": "Activity", "id": f"https://lms.example.org/mod/{i % 40}"},
            "timestamp": (NOW - timedelta(minutes=i)).isoformat().replace("+00:00", "Z"),
        }
        for i in range(count)
    ]


async def ingest_rate(endpoint: str, count: int, learners: int, folder: Path) -> dict:
    from bot import build_services
    from db.database import Database
    from sources.xapi import XapiSource
    from tutorat.config import Config

    source = XapiSource(endpoint, lrs.USERNAME, lrs.PASSWORD)
    for _ in range(2):  # the second read is the baseline: the LRS has warmed up
        began = time.perf_counter()
        read = 0
        async for page in source.statements(None, ""):
            read += len(page)
        fetch_seconds = time.perf_counter() - began
    db = Database(folder / "ingest.db")
    await db.open()
    await db.migrate()
    try:
        services = build_services(db, Config())
        cohort = await services.cohorts.create(1, "Bench", "Europe/Paris", NOW, None, NOW)
        for n in range(learners):
            await services.cohorts.join(cohort.id, 1000 + n, NOW)
            await services.platform.store.link(
                cohort.id, 1000 + n, f"mbox:learner{n}@example.org", "roster", NOW, 1
            )
        await services.platform.store.set_source(cohort.id, "xapi", "")
        services.platform.sources = {"xapi": source}
        services.platform.share = 1.0  # as fast as it goes: the bot's own pace is below
        began, cpu = time.perf_counter(), time.process_time()
        report = await services.platform.poll(cohort, NOW)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        again = await services.platform.poll(cohort, NOW + timedelta(minutes=30))
    finally:
        await db.close()
    return {
        "statements": count,
        "read_only": read,
        "fetch_statements_per_second": round(read / fetch_seconds),
        "ingest_statements_per_second": round(report.new / seconds),
        "ingest_statements_per_cpu_second": round(report.new / cpu),
        "ingest_vs_fetch_ratio": round(fetch_seconds / seconds, 2),
        "attributed": report.attributed,
        "counted_again_on_second_poll": again.new,
    }


async def run(count: int = 10_000, events: int = 20_000, learners: int = 300, repeats: int = 3):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = await lrs.start("learning-locker", folder / "lrs")
        try:
            await server.add(statements(count, learners))
            ingest = await ingest_rate(server.endpoint, count, learners, folder)
            sandbox = Sandbox()
            await sandbox.start()
            try:
                db = folder / "setup" / "tutorat.db"
                db.parent.mkdir()
                scene, cast = await cohort_scene(sandbox, db, learners)
                flood, _ = build_flood(sandbox, scene, cast, events)
                where = {
                    "endpoint": server.endpoint,
                    "username": lrs.USERNAME,
                    "password": lrs.PASSWORD,
                }
                runs = {"bare": [], "bot": [], "bot_polling": []}
                for attempt in range(repeats):  # alternating: the machine is shared
                    runs["bare"].append(await one_run(sandbox, "bare", flood, None))
                    copy = fresh_copy(db, folder, f"run{attempt}")
                    runs["bot"].append(await one_run(sandbox, "bot", flood, copy))
                    copy = fresh_copy(db, folder, f"poll{attempt}")
                    runs["bot_polling"].append(
                        await one_run(sandbox, "bot", flood, copy, lrs=where)
                    )
            finally:
                await sandbox.stop()
        finally:
            await server.stop()
    best = {k: max(r["events_per_second"] for r in v) for k, v in runs.items()}
    return {
        **ingest,
        "events": len(flood),
        "bare_events_per_second": best["bare"],
        "bot_events_per_second": best["bot"],
        "bot_polling_events_per_second": best["bot_polling"],
        "ratio_without_poll": round(best["bot"] / best["bare"], 2),
        "ratio_while_polling": round(best["bot_polling"] / best["bare"], 2),
        "polls_outlasted_flood": [r.get("poll_outlasted_flood") for r in runs["bot_polling"]],
        "target": 0.8,
        "runs": runs,
        "violations": list(sandbox.violations),
    }
