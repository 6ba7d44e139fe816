"""Restart to ready with every schedule restored: the bot on a database of 50 cohorts (made
with /cohorte creer by the real bot), against a bare discord.py client connecting to the same
sandbox. Each start is a fresh process (bench.client); two figures: from the client's start
(TutoratBot.start / Client.connect) until ready (for the bot: its scheduler's jobs restored,
which setup_hook does before connecting), and from the process's spawn (imports counted)."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench.child import Child
from bench.cohort_requests import create_cohort
from sandbox.harness import START, Running, Scene
from sandbox.postgres import PostgresServer
from sandbox.server import Sandbox
from tutorat.clock import VirtualClock


async def fill(sandbox: Sandbox, db: Path | str, cohorts: int) -> None:
    scene = Scene.build(sandbox)
    running = Running(sandbox, db, VirtualClock(START))
    bot = await running.start()
    for n in range(cohorts):
        cohort = await create_cohort(scene, bot, f"Cohorte {n + 1:02d}")
        if cohort is None:
            raise RuntimeError(f"cohort {n + 1} was not created")
    errors = running.errors.lines()
    await running.stop()
    running.detach()
    if errors:
        raise RuntimeError("the bot logged errors while setting up:\n" + "\n".join(errors))


async def start_once(sandbox: Sandbox, client: str, db: Path | str) -> dict:
    async with Child(sandbox, client=client, task="ready", db=str(db)) as child:
        ready = await child.report()
    if ready.get("errors"):
        raise RuntimeError(f"{client}: " + "\n".join(ready["errors"]))
    return {
        "from_start": ready["ready"] - ready["began"],
        "from_spawn": ready["ready"] - child.spawned,
        "jobs": ready.get("jobs"),
    }


async def run(cohorts: int = 50, repeats: int = 3, postgresql: bool = True) -> dict:
    """On SQLite; then, with postgresql, the same on a PostgreSQL server started for it."""
    figures = await measure(cohorts, repeats)
    if postgresql:
        with PostgresServer() as server:
            on_pg = await measure(cohorts, repeats, await server.create_database("restart"))
        figures["postgresql_bot_ready_seconds"] = on_pg["bot_ready_seconds"]
        figures["postgresql_ratio"] = on_pg["ratio"]  # against the bare client, same run
        figures["postgresql_scheduled_jobs"] = on_pg["scheduled_jobs"]
        figures["violations"] += on_pg["violations"]
    return figures


async def measure(cohorts: int, repeats: int, database: str | None = None) -> dict:
    sandbox = Sandbox()
    await sandbox.start()
    try:
        with tempfile.TemporaryDirectory() as name:
            db = database or Path(name) / "tutorat.db"
            await fill(sandbox, db, cohorts)
            runs = {"bare": [], "bot": []}
            for _ in range(repeats):
                for client in ("bare", "bot"):
                    runs[client].append(await start_once(sandbox, client, db))
    finally:
        await sandbox.stop()

    def median(client: str, key: str) -> float:
        return round(statistics.median(r[key] for r in runs[client]), 3)

    return {
        "cohorts": cohorts,
        "scheduled_jobs": runs["bot"][0]["jobs"],
        "bare_ready_seconds": median("bare", "from_start"),
        "bot_ready_seconds": median("bot", "from_start"),
        "ratio": round(median("bot", "from_start") / median("bare", "from_start"), 1),
        "bare_process_seconds": median("bare", "from_spawn"),
        "bot_process_seconds": median("bot", "from_spawn"),
        "process_ratio": round(median("bot", "from_spawn") / median("bare", "from_spawn"), 1),
        "violations": len(sandbox.violations),
    }
