"""python -m reliability [--short] [suite ...]: run the suites, print one figure line each."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys

# each module has `async def run(short: bool) -> dict` returning its figures and "ok"
SUITES = ("faults", "crash", "fuzz", "isolation", "guilds", "shards")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability")
    parser.add_argument("--short", action="store_true", help="the short form run by make test")
    parser.add_argument("suites", nargs="*", default=list(SUITES))
    args = parser.parse_args(argv)
    failed = []
    for name in args.suites:
        try:
            module = importlib.import_module(f"reliability.{name}")
        except ModuleNotFoundError:
            print(f"{name:10} (not written yet)")
            continue
        figures = asyncio.run(module.run(short=args.short))
        ok = figures.pop("ok", False)
        print(f"{name:10} {'ok  ' if ok else 'FAIL'} {json.dumps(figures, ensure_ascii=False)}")
        if not ok:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
