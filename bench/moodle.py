"""A Moodle course of 2 000 learners polled through its web services, against the stand-in
held to a real Moodle 4.5's answers (tests/moodle_standin.py) answering each call after
200 ms, as a distant Moodle would:

- bounded: the platform service's polls (a few calls at once, a deadline per poll, the next
  poll resuming where the last one stopped) until the whole course is read, into a database;
  a poll cut short asks again the learners of the page it was reading (25 at most);
- sequential: the same client one call at a time (the baseline, in the same run), on the
  first 200 learners only (2 000 would take seven minutes), per learner.

The ratio is the sequential time per learner over the bounded one."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

LATENCY = 0.2
LEARNERS, SAMPLE = 2000, 200
DEADLINE = 45.0


async def run(learners: int = LEARNERS, sample: int = SAMPLE, latency: float = LATENCY) -> dict:
    from bot import build_services
    from db.database import Database
    from sandbox import lrs
    from sources.moodle import MoodleSource
    from tests.moodle_course import generated
    from tests.moodle_standin import TOKEN, MoodleStandIn
    from tutorat.config import Config

    now = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
    moodle = await MoodleStandIn(generated(learners), latency=latency).start(lrs.free_port())
    baseline = await MoodleStandIn(generated(sample), latency=latency).start(lrs.free_port())
    try:
        source = MoodleSource(moodle.url, TOKEN, timeout=60)
        with tempfile.TemporaryDirectory() as name:
            db = Database(Path(name) / "bench.db")
            await db.open()
            await db.migrate()
            try:
                services = build_services(db, Config())
                cohort = await services.cohorts.create(1, "Bench", "Europe/Paris", now, None, now)
                services.platform.sources = {"moodle": source}
                services.platform.deadline = DEADLINE
                await services.platform.store.set_source(cohort.id, "moodle", "7")
                polls, read = 0, 0
                began = time.perf_counter()
                while True:
                    polls += 1
                    report = await services.platform.poll(cohort, now + timedelta(minutes=polls))
                    read += report.new
                    (state,) = await services.platform.state(cohort)
                    if state.progress is None or polls > 20:
                        break
                    # polls are minutes apart: the calls a deadline cut off have ended
                    await asyncio.sleep(2 * latency)
                bounded = time.perf_counter() - began
            finally:
                await db.close()
        asked = [
            c["userid"]
            for c in moodle.calls
            if c["wsfunction"] == "core_completion_get_activities_completion_status"
        ]
        sequential_source = MoodleSource(baseline.url, TOKEN, timeout=60, concurrency=1)
        began = time.perf_counter()
        async for _ in sequential_source.statements(None, "7"):
            pass
        sequential = time.perf_counter() - began
    finally:
        await moodle.stop()
        await baseline.stop()
    per_bounded, per_sequential = bounded / learners, sequential / sample
    return {
        "learners": learners,
        "latency_ms": int(latency * 1000),
        "deadline_seconds": DEADLINE,
        "concurrency": source.concurrency,
        "most_calls_at_once": moodle.most_in_flight,
        "polls_to_read_the_course": polls,
        "completion_calls": len(asked),
        "learners_asked_twice": len(asked) - len(set(asked)),
        "statements_counted": read,
        "bounded_seconds": round(bounded, 1),
        "sequential_sample": sample,
        "sequential_seconds": round(sequential, 1),
        "sequential_seconds_for_course": round(per_sequential * learners, 1),
        "speed_ratio": round(per_sequential / per_bounded, 2),
        "failure": state.failure,
    }
