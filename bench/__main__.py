"""python -m bench: run the benchmarks, print a table, write bench/results.json."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bench import activity


async def main() -> dict:
    return {"activity_writes": await activity.run()}


if __name__ == "__main__":
    results = asyncio.run(main())
    print(f"{'benchmark':24} {'figures'}")
    for name, figures in results.items():
        print(f"{name:24} " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    Path(__file__).with_name("results.json").write_text(json.dumps(results, indent=2) + "\n")
