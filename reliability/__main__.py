"""python -m reliability [--short] [--postgresql] [suite ...]: run the suites, print one figure
line each."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys

# each module has `async def run(short: bool) -> dict` returning its figures and "ok"
SUITES = ("faults", "crash", "fuzz", "isolation", "guilds", "shards", "outage")
ON_POSTGRESQL = ("crash", "shards")  # suites that take `database` (--postgresql)


def run_one(name: str, short: bool, server) -> bool:
    try:
        module = importlib.import_module(f"reliability.{name}")
    except ModuleNotFoundError:
        print(f"{name:10} (not written yet)")
        return True
    options = {}
    if server is not None and name in ON_POSTGRESQL:
        options["database"] = asyncio.run(server.create_database(name))
    figures = asyncio.run(module.run(short=short, **options))
    ok = figures.pop("ok", False)
    print(f"{name:10} {'ok  ' if ok else 'FAIL'} {json.dumps(figures, ensure_ascii=False)}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability")
    parser.add_argument("--short", action="store_true", help="the short form run by make test")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="crash and shards on a PostgreSQL server started for the run",
    )
    parser.add_argument("suites", nargs="*", default=list(SUITES))
    args = parser.parse_args(argv)
    server = None
    if args.postgresql:
        from sandbox.postgres import PostgresServer

        server = PostgresServer().start()
    failed = []
    try:
        for name in args.suites:
            if not run_one(name, args.short, server):
                failed.append(name)
    finally:
        if server is not None:
            server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
