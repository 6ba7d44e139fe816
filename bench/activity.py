"""Activity counting: batched writes (the bot's way) against one commit per event."""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db.activity import ActivityRepository
from db.database import Database
from tutorat.activity import ActivityBuffer
from tutorat.models import ActivityCount, ActivityKind, Place


def events(n: int, learners: int = 500):
    rng = random.Random(7)
    start = datetime(2027, 1, 11, 8, tzinfo=UTC)
    for i in range(n):
        yield (
            1,
            rng.randrange(learners),
            start + timedelta(seconds=i * 7),
            rng.choice(list(Place)),
            rng.choice(list(ActivityKind)),
        )


async def batched(db: Database, n: int) -> float:
    store, buffer = ActivityRepository(db), ActivityBuffer()
    began = time.perf_counter()
    for count, event in enumerate(events(n), start=1):
        buffer.add(*event, UTC)
        if count % 500 == 0:
            await store.add_counts(buffer.drain())
    await store.add_counts(buffer.drain())
    return time.perf_counter() - began


async def one_by_one(db: Database, n: int) -> float:
    store = ActivityRepository(db)
    began = time.perf_counter()
    for guild, user, at, place, kind in events(n):
        await store.add_counts([ActivityCount(guild, user, at.date(), place, kind, 1)])
    return time.perf_counter() - began


async def run(n: int = 5000) -> dict:
    results = {}
    for name, method in (("one_commit_per_event", one_by_one), ("batched", batched)):
        with tempfile.TemporaryDirectory() as folder:
            async with Database(Path(folder) / "b.db") as db:
                await db.migrate()
                results[name] = await method(db, n)
    return {
        "events": n,
        "baseline_seconds": round(results["one_commit_per_event"], 4),
        "batched_seconds": round(results["batched"], 4),
        "speedup": round(results["one_commit_per_event"] / results["batched"], 1),
    }
