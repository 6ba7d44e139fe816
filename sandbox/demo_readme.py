"""make demo-readme: run the demo and put its transcript in README.md, between the markers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- demo:start -->", "<!-- demo:end -->"


def with_transcript(readme: str, transcript: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n```\n{transcript.rstrip()}\n```\n{END}{tail}"


def transcript_in(readme: str) -> str:
    block = readme.split(START, 1)[1].split(END, 1)[0]
    return block.strip().removeprefix("```").removesuffix("```").strip()


def main() -> int:
    out = subprocess.run(
        [sys.executable, "-m", "sandbox.demo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    path = ROOT / "README.md"
    path.write_text(with_transcript(path.read_text(), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
