"""make demo-readme: run the demo, put its whole transcript in docs/demo.md and an excerpt
(the day a tutor hears of Bilal, who stopped the coursework) in README.md, between markers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- demo:start -->", "<!-- demo:end -->"
EXCERPT_START, EXCERPT_END = "<!-- excerpt:start -->", "<!-- excerpt:end -->"
SHOWN = "@Bilal"  # the learner whose alert the README shows


def with_block(text: str, block: str, start: str = START, end: str = END) -> str:
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n```\n{block.rstrip()}\n```\n{end}{tail}"


def block_in(text: str, start: str = START, end: str = END) -> str:
    block = text.split(start, 1)[1].split(end, 1)[0]
    return block.strip().removeprefix("```").removesuffix("```").strip()


def transcript_in(page: str) -> str:
    return block_in(page)


def excerpt(transcript: str, who: str = SHOWN) -> str:
    """The day the learner's tutor is told: the prompt with its lines, then what the day
    says of the learner and what the tutor did."""
    lines = transcript.splitlines()
    at = next(i for i, line in enumerate(lines) if f"← « {who} " in line)
    start = max(i for i in range(at) if lines[i].startswith("── "))
    end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("── ")), len(lines))
    shown = [lines[start], lines[at]]
    i = at + 1
    while i < end and lines[i].startswith(" " * 10):
        shown.append(lines[i])
        i += 1
    name = who.lstrip("@")
    for j in range(i, end):
        told = lines[j].lstrip().startswith("bot › réponse privée") and name in lines[j - 1]
        if (lines[j].startswith("  • ") and name in lines[j]) or told:
            shown.append(lines[j])
    return "\n".join(shown)


def main() -> int:
    out = subprocess.run(
        [sys.executable, "-m", "sandbox.demo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    page = ROOT / "docs" / "demo.md"
    page.write_text(with_block(page.read_text(), out))
    readme = ROOT / "README.md"
    readme.write_text(with_block(readme.read_text(), excerpt(out), EXCERPT_START, EXCERPT_END))
    return 0


if __name__ == "__main__":
    sys.exit(main())
