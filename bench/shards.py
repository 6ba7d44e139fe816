"""Gateway throughput of two shard processes against one process, on PostgreSQL.

Two servers on different shards, a cohort each; one flood mixing both servers' messages and
reactions (bench.throughput's flood, one per server, interleaved). Once: one process serves
both; then two processes, one shard each, on the same database. The time runs from the first
dispatch until every process has handled the last event of its servers (a marker's message).
Each run starts from a copy of the set-up database.
"""

from __future__ import annotations

import asyncio
import time

from bench.child import Child
from bench.throughput import build_flood, cohort_scene
from sandbox.harness import scenes_on_shards
from sandbox.postgres import PostgresServer
from sandbox.server import Sandbox


def interleave(floods: list[list]) -> list:
    merged = []
    for i in range(max(len(f) for f in floods)):
        merged.extend(f[i] for f in floods if i < len(f))
    return merged


async def one_run(sandbox: Sandbox, flood: list, markers: list[int], shards: list[str], db: str):
    children = [
        Child(
            sandbox,
            client="bot",
            task="flood",
            marker=markers[0],
            markers=markers if shard == "" else [markers[int(shard.split("/")[0])]],
            shard=shard,
            db=db,
        )
        for shard in shards
    ]
    for child in children:
        await child.__aenter__()
    try:
        for child in children:
            await child.report()  # ready
        began = await sandbox.gateway.flood(flood)
        done = [await child.report(timeout=600) for child in children]
    finally:
        for child in children:
            await child.__aexit__(None, None, None)
    errors = [e for d in done for e in d.get("errors") or []]
    seconds = max(d["done"] for d in done) - began
    return {
        "seconds": round(seconds, 3),
        "events_per_second": round(len(flood) / seconds),
        "errors": errors[:3],
    }


async def run(events: int = 20_000, learners: int = 300, repeats: int = 2) -> dict:
    sandbox = Sandbox()
    await sandbox.start()
    began = time.monotonic()
    try:
        with PostgresServer() as server:
            setup = await server.create_database("flood")
            floods, markers = [], []
            for scene in scenes_on_shards(sandbox, 2):
                scene, cast = await cohort_scene(sandbox, setup, learners, scene)
                flood, _ = build_flood(sandbox, scene, cast, events // 2)
                floods.append(flood)
                markers.append(cast["marker"])
            flood = interleave(floods)
            runs = {"one": [], "two": []}
            for _ in range(repeats):  # alternating, each from the set-up state
                for name, shards in (("one", [""]), ("two", ["0/2", "1/2"])):
                    copy = await server.create_database("run", like=setup)
                    runs[name].append(await one_run(sandbox, flood, markers, shards, copy))
            await asyncio.sleep(0)
    finally:
        await sandbox.stop()
    best = {k: max(r["events_per_second"] for r in v) for k, v in runs.items()}
    return {
        "events": len(flood),
        "guilds": 2,
        "one_process_events_per_second": best["one"],
        "two_shard_processes_events_per_second": best["two"],
        "ratio": round(best["two"] / best["one"], 2),
        "errors": [e for v in runs.values() for r in v for e in r["errors"]][:3],
        "runs": runs,
        "violations": list(sandbox.violations),
        "seconds": round(time.monotonic() - began, 1),
    }
