"""Two bot processes on one PostgreSQL database, one shard each, two servers on different shards.

A week of routine (kick-off, presence every open day, the pulse and its reminder) in both
servers; mid-week the first process is SIGKILLed, left dead a while, then started again. At
the end: every routine post of both servers sent once, nothing pending, and the second server
went on meanwhile (its clock moved while the first process was dead).

With `outage=True`, no process dies: mid-week the PostgreSQL server itself is stopped under
both processes, left down a while (both clocks go on, their runs missed), then started again:
each process recovers on its own, and still no post goes twice across them.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from reliability import crash
from reliability.common import configure, create_cohort, rows
from reliability.crash import WEEK_FROM, WEEK_TO, Life
from sandbox.harness import START, Scene, scenes_on_shards
from sandbox.postgres import PostgresServer
from sandbox.server import Sandbox
from tutorat.outbox import nonce_for
from tutorat.shards import Shards

COUNT = 2


async def wait_for(predicate, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():  # noqa: ASYNC110 - polling a child's progress
            await asyncio.sleep(0.05)


async def run(
    short: bool = True,
    database: str | None = None,
    learners: int = 3,
    outage: PostgresServer | None = None,
) -> dict:
    """database: an empty PostgreSQL database; by default one on a server started for it.
    outage: the server of `database`, stopped mid-week instead of killing a process."""
    if database is None:
        with PostgresServer() as server:
            return await run(short, await server.create_database("shards"), learners, outage)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tutorat-shards-") as tmp:
        crash.LOG = Path(tmp) / "bot.log"
        sandbox = Sandbox()
        await sandbox.start()
        try:
            scenes = scenes_on_shards(sandbox, COUNT)
            figures = await _run(sandbox, scenes, database, learners, outage)
        finally:
            for life in crash.LIVES:
                if life.proc is not None and life.proc.returncode is None:
                    life.proc.kill()
                    await life.proc.wait()
            crash.LIVES.clear()
            await sandbox.stop()
    figures["seconds"] = round(time.monotonic() - began, 1)
    return figures


async def _run(
    sandbox: Sandbox, scenes: list[Scene], db: str, n_learners: int, outage=None
) -> dict:
    shard = [f"{n}/{COUNT}" for n in range(COUNT)]
    # set-up: both processes idle; each server's tutor creates a cohort, learners get its role
    setup = [Life(sandbox, db, START, 0, 0, shard[n]) for n in range(COUNT)]
    for life in setup:
        await life.start()
    cohorts = []
    for scene in scenes:
        await configure(scene)
        await create_cohort(scene)
        [(cohort_id, role_id)] = rows(
            db, "SELECT id, role_id FROM cohorts WHERE guild_id = ?", (scene.guild_id,)
        )
        learners = []
        for k in range(n_learners):
            user = await scene.people.join(scene.guild_id, f"apprenant-{scene.guild_id}-{k}")
            await scene.people.set_roles(scene.guild_id, user, [role_id])
            learners.append(user)
        cohorts.append((cohort_id, learners))
    enrolled = "SELECT COUNT(*) FROM learners"
    await wait_for(lambda: rows(db, enrolled)[0][0] == COUNT * n_learners, 15)
    await asyncio.sleep(0.3)  # the welcomes go out
    for life in setup:
        await life.kill()
    # to the evening before the kick-off, both quickly
    warmup = [Life(sandbox, db, WEEK_FROM, 6 * 60, 0, shard[n]) for n in range(COUNT)]
    for life in warmup:
        await life.start()
    for life in warmup:
        await life.finish(60)
    # the week, both processes side by side; the first one dies on Wednesday
    first, second = (Life(sandbox, db, WEEK_TO, 30, 0.02, shard[n]) for n in range(COUNT))
    await first.start()
    await second.start()
    wednesday = datetime(2027, 1, 13, 12, 0, tzinfo=WEEK_FROM.tzinfo).isoformat()
    await wait_for(lambda: (first.at or "") >= wednesday, 60)
    if outage is None:
        await first.kill()
        killed_at, other_then = first.at, second.at
        await asyncio.sleep(1.5)  # dead for a while; the other server goes on
        other_meanwhile = second.at
        again = Life(sandbox, db, WEEK_TO, 30, 0.02, shard[0])
        await again.start()
    else:  # the database goes away under both processes, for a while, and comes back
        await asyncio.to_thread(outage.control, "stop")
        killed_at, other_then = first.at, second.at
        await asyncio.sleep(1.5)
        other_meanwhile = second.at
        await asyncio.to_thread(outage.control, "start")
        again = first
    await again.finish(120)
    await second.finish(120)

    outbox = [r[:3] for r in rows(db, "SELECT key, status, guild_id, last_error FROM outbox")]
    # a run missed in an outage that ends past the post's day: dropped as stale, by design
    stale = []
    if outage is not None:
        stale = [r[0] for r in rows(db, "SELECT key FROM outbox WHERE last_error = 'stale'")]
    keys = {key: status for key, status, _ in outbox}
    posted = [m for messages in sandbox.world.messages.values() for m in messages]
    per_nonce = Counter(m.get("nonce") for m in posted if m.get("nonce"))
    doubled = [k for k in keys if per_nonce.get(nonce_for(k), 0) > 1]
    # sends asked of Discord: once per item, but for the dead process's one in flight
    attempts = Counter(
        r.body["nonce"]
        for r in sandbox.requests
        if r.method == "POST" and (r.body or {}).get("nonce")
    )
    # each process served its own server only: what it sent, what it scheduled
    served = {
        "first": again.guilds,
        "second": second.guilds,
    }
    own = [scenes[0].guild_id, scenes[1].guild_id]
    crossed = [
        name
        for (name, report), guild in zip(served.items(), own, strict=True)
        if set(report.get("sent", [])) - {guild} or report.get("jobs") != [guild]
    ]
    other_guild = scenes[1].guild_id
    resent_other = [
        k for k, _, g in outbox if g == other_guild and attempts.get(nonce_for(k), 0) > 1
    ]
    skipped = []
    for cohort_id, learners in cohorts:
        days = [date(2027, 1, 11) + timedelta(days=d) for d in range(5)]
        due = [f"cohort:{cohort_id}:presence:{d.isoformat()}" for d in days]
        due += [f"cohort:{cohort_id}:pulse:1", f"cohort:{cohort_id}:pulse-reminder:1"]
        due += [f"cohort:{cohort_id}:kickoff:2027-01-11"]
        due += [f"cohort:{cohort_id}:welcome:{u}" for u in learners]
        skipped += [k for k in due if keys.get(k) != "sent" and k not in stale]
    pending = [k for k, s in keys.items() if s == "pending"]
    shards_seen = sorted(set(sandbox.gateway.identifies))
    ok = (
        not doubled
        and not skipped
        and not pending
        and not resent_other
        and not crossed
        and (other_meanwhile or "") > (other_then or "")
        and shards_seen == [(n, COUNT) for n in range(COUNT)]
        and not sandbox.violations
    )
    return {
        "ok": ok,
        "processes": COUNT,
        "guild_shards": [Shards(COUNT).of(s.guild_id) for s in scenes],
        "shards_identified": shards_seen,
        "killed_at": killed_at,
        "other_clock_while_dead": [other_then, other_meanwhile],
        "posts_due": len(keys),
        "posts_sent": sum(1 for s in keys.values() if s == "sent"),
        "doubled": doubled[:5],
        "skipped": skipped[:5],
        "dropped_stale": stale[:5],
        "pending": pending[:5],
        "sent_twice_to_discord_other_guild": resent_other[:5],
        "served": served,
        "crossed": crossed,
        "sent_twice_to_discord": sum(1 for n in attempts.values() if n > 1),
        "violations": sandbox.violations[:3],
    }
