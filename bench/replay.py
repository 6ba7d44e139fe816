"""Replaying a real course (OULAD AAA 2013J, Kuzilek et al. 2017, CC BY 4.0) through
`bot.py replay`, and the same course copied to about 1 600 learners, against the least a
replay must do: reading and checking the same trace (measured in the same run)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tests.traces.oulad import Presentation, load, save
from tutorat.trace import read_trace

ROOT = Path(__file__).resolve().parents[1]
AAA = ROOT.parent / "shared" / "data" / "oulad" / "AAA_2013J"


def scaled(p: Presentation, learners: int) -> Presentation:
    """The presentation with its students copied until there are `learners` of them."""
    students = {}
    copy = 0
    while len(students) < learners:
        for s in p.students.values():
            if len(students) == learners:
                break
            who = str(int(s.id) * 10 + copy)
            students[who] = replace(s, id=who)
        copy += 1
    return replace(p, students=students)


def timed(p: Presentation, folder: Path) -> dict:
    path = folder / f"{p.name}-{len(p.students)}.jsonl"
    save(p, path)
    began = time.perf_counter()
    events = read_trace(path)
    parse = time.perf_counter() - began
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "bot.py", "replay", str(path)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = time.perf_counter() - began
    return {
        "learners": len(p.students),
        "events": len(events),
        "days": p.length,
        "replay_s": round(took, 1),
        "parse_s": round(parse, 2),
        "replay_vs_parse": round(took / parse, 1),
    }


def run(learners: tuple[int, ...] = (0, 1644), days: int | None = None) -> dict:
    """`0` stands for the course as it is; `days` cuts the course short (smoke tests)."""
    p = load(AAA)
    if days is not None:
        p = replace(p, length=days)
    with tempfile.TemporaryDirectory() as folder:
        sizes = [timed(scaled(p, n) if n else p, Path(folder)) for n in learners]
    first, last = sizes[0], sizes[-1]
    return {
        "sizes": sizes,
        "growth_time": round(last["replay_s"] / max(first["replay_s"], 0.01), 1),
        "growth_learners": round(last["learners"] / first["learners"], 1),
    }
