"""`python bot.py replay` as a child process: the prompts a trace gives, as dictionaries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def prompts_of(trace: Path, timeout: int = 900, config: Path | None = None) -> list[dict]:
    run = subprocess.run(
        [sys.executable, "bot.py", "replay", str(trace)]
        + (["--config", str(config)] if config else []),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return [json.loads(line) for line in run.stdout.splitlines()]
