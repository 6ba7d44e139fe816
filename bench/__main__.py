"""python -m bench: run the benchmarks, print a table, write bench/results.json."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bench import activity, pairing, scan


async def main() -> dict:
    return {
        "activity_writes": await activity.run(),
        "pairing": pairing.run(),
        "signal_scan": await scan.run(),
    }


if __name__ == "__main__":
    results = asyncio.run(main())
    print(f"{'benchmark':24} {'figures'}")
    for name, figures in results.items():
        for size in figures.get("sizes", [figures]):
            print(f"{name:24} " + ", ".join(f"{k}={v}" for k, v in size.items()))
        if "growth" in figures:
            print(f"{name:24} growth from the smallest to the largest size: {figures['growth']}x")
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")
