"""The bot in a child process, for the crash suite: killed with SIGKILL, started again.

python -m reliability.crash_driver API GATEWAY DB UNTIL STEP_MINUTES PACE_SECONDS [SHARD/COUNT]

DB: a SQLite file or a postgresql:// URL. SHARD/COUNT (e.g. 1/2): the process runs that one
shard; each shard keeps its own clock in the database.

Starts the real bot against the sandbox at API/GATEWAY on the database DB, on a virtual clock
that resumes where the last life left it (kept in the database's meta table), then advances
it STEP_MINUTES at a time, PACE_SECONDS of real time apart, until UNTIL. Prints "ready",
then "at <instant>" after each step, then "done". With STEP_MINUTES 0 it stays idle
(set-up time) until stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import asyncpg

from bot import TutoratBot
from db.database import is_postgres
from reliability.common import rows
from sandbox.harness import START, config_for
from sandbox.server import TOKEN
from tutorat.clock import VirtualClock
from tutorat.errors import DatabaseUnavailable

PROGRESS = "reliability.clock"


def resumed_at(db: str, progress: str = PROGRESS) -> datetime:
    """Where the last life's clock stopped (START for the first life)."""
    if not is_postgres(db) and not Path(db).exists():
        return START
    try:
        found = rows(db, "SELECT value FROM meta WHERE key = ?", (progress,))
    except (sqlite3.OperationalError, asyncpg.UndefinedTableError):  # no meta table yet
        found = []
    return datetime.fromisoformat(found[0][0]) if found else START


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def main(
    api: str, gateway: str, db: str, until: str, step: float, pace: float, shard: str = ""
) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sections, progress = {}, PROGRESS
    if shard:
        shard_id, count = (int(x) for x in shard.split("/"))
        sections = {"discord": {"shard_count": count, "shard_ids": [shard_id]}}
        progress = f"{PROGRESS}.{shard_id}"
    clock = VirtualClock(resumed_at(db, progress))
    config = config_for(SimpleNamespace(api_base=api, gateway_url=gateway), db, **sections)
    bot = TutoratBot(config, clock, database=db)
    sent_for: set[int | None] = set()  # the guilds of the items this process sent
    send = bot.sender.send

    async def noted(item):
        message_id = await send(item)
        sent_for.add(item.guild_id)
        return message_id

    bot.sender.send = noted
    task = asyncio.create_task(bot.start(TOKEN))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({ready, task}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    say(f"ready {clock.now().isoformat()}")
    end = datetime.fromisoformat(until)
    if step <= 0:
        await task  # set-up time: the parent drives the members, then stops this process
        return 0
    while clock.now() < end:
        target = min(clock.now() + timedelta(minutes=step), end)
        await bot.advance_to(target)
        with contextlib.suppress(DatabaseUnavailable):  # an outage: the clock goes on
            await bot.services.meta.set(progress, target.isoformat())
        say(f"at {target.isoformat()}")
        await asyncio.sleep(pace)
    guild_of = {str(c.id): c.guild_id for c in await bot.services.cohorts.cohorts.active()}
    presence = [j.id.split(":")[1] for j in await bot.jobs() if j.id.startswith("presence:")]
    scheduled = sorted({guild_of[c] for c in presence if c in guild_of})
    say(f"guilds {json.dumps({'sent': sorted(sent_for, key=str), 'jobs': scheduled})}")
    say("done")
    await bot.close()
    return 0


if __name__ == "__main__":
    api, gateway, db, until, step, pace = sys.argv[1:7]
    shard = sys.argv[7] if len(sys.argv) > 7 else ""
    sys.exit(asyncio.run(main(api, gateway, db, until, float(step), float(pace), shard)))
