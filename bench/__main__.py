"""python -m bench: run the benchmarks, print a table, write bench/results.json."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from bench import (
    activity,
    cohort_requests,
    memory,
    moodle,
    pairing,
    platform,
    replay,
    restart,
    scan,
    shards,
    throughput,
    web,
)


async def main() -> dict:
    results = {}
    for name, bench in (
        ("activity_writes", activity.run),
        ("pairing", pairing.run),
        ("signal_scan", scan.run),
        ("gateway_throughput", throughput.run),
        ("gateway_two_shards", shards.run),
        ("platform_polling", platform.run),
        ("moodle_polling", moodle.run),
        ("requests_per_cohort_day", cohort_requests.run),
        ("restart_to_ready", restart.run),
        ("member_cache_memory", memory.run),
        ("course_replay", replay.run),
        ("web_view", web.run),
    ):
        began = time.perf_counter()
        figures = bench()
        results[name] = await figures if asyncio.iscoroutine(figures) else figures
        results[name]["bench_seconds"] = round(time.perf_counter() - began, 1)
    return results


def flat(figures: dict) -> str:
    def shown(value) -> bool:
        return not isinstance(value, dict) and not (
            isinstance(value, list) and any(isinstance(v, dict) for v in value)
        )

    return ", ".join(f"{k}={v}" for k, v in figures.items() if shown(v))


def table(results: dict) -> None:
    print(f"{'benchmark':26} figures")
    for name, figures in results.items():
        sizes = figures.get("sizes")
        if sizes:
            for size in sizes:
                print(f"{name:26} " + flat(size))
        print(f"{name:26} " + flat({k: v for k, v in figures.items() if k != "sizes"}))


if __name__ == "__main__":
    results = asyncio.run(main())
    table(results)
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")
