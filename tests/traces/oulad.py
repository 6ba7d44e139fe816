"""OULAD module-presentations as cohort traces (../shared/design/TRACE.md).

Data: Kuzilek J., Hlosta M., Zdrahal Z. (2017). Open University Learning Analytics dataset.
Scientific Data 4, 170171. doi:10.1038/sdata.2017.171. Licence CC BY 4.0.

One presentation becomes one cohort: day 0 is the kick-off; each student joins on their
registration day (at most 30 days before the kick-off), each day with clicks on the
course platform is one `platform` event (count = the day's clicks), each dated TMA or CMA is
a checkpoint due that day (with its weight, its share of the mark), each submission a `checkpoint_done` on its day (a result carried
over from an earlier attempt counts as declared at the kick-off), and a withdrawal a `leave`
on its day. The calendar date of day 0 is not published, only the month: the first Monday of
the presentation's month (J = October, B = February) stands for it.

    python -m tests.traces.oulad ../shared/data/oulad/AAA_2013J > aaa.jsonl
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/London")
MONTHS = {"B": 2, "J": 10}
PASSED = ("Pass", "Distinction")


@dataclass
class Student:
    id: str
    result: str
    registered: int
    withdrew: int | None  # day of unregistration, None if never
    clicks: dict[int, int] = field(default_factory=dict)  # day -> clicks
    submitted: dict[str, int] = field(default_factory=dict)  # assessment -> day


@dataclass
class Presentation:
    name: str  # e.g. AAA_2013J
    kickoff: date
    length: int  # days, from the last dated assessment or the last click
    checkpoints: list[tuple[str, str, int]]  # (assessment id, name, due day)
    students: dict[str, Student]
    weights: dict[str, float] = field(default_factory=dict)  # assessment -> its share of the mark

    def day(self, n: int, hour: int = 12) -> datetime:
        return datetime.combine(self.kickoff + timedelta(days=n), time(hour), tzinfo=ZONE)


def _rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _day(value: str | None) -> int | None:
    """A day column: None where OULAD leaves it empty or writes "?" (missing)."""
    value = (value or "").strip()
    return None if value in ("", "?") else int(value)


def first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def load(folder: Path) -> Presentation:
    info = _rows(folder, "studentInfo.csv")
    code = info[0]["code_presentation"]  # e.g. 2013J
    kickoff = first_monday(int(code[:4]), MONTHS[code[4]])
    students = {}
    for row in _rows(folder, "studentRegistration.csv"):
        registered = _day(row["date_registration"])
        students[row["id_student"]] = Student(
            row["id_student"],
            "",
            -1 if registered is None else registered,
            _day(row["date_unregistration"]),
        )
    for row in info:  # a student with no registration row: registered before the start
        who = row["id_student"]
        students.setdefault(who, Student(who, "", -1, None)).result = row["final_result"]
    for row in _rows(folder, "daily_clicks.csv"):
        if row["id_student"] in students and int(row["sum_click"]) > 0:
            students[row["id_student"]].clicks[int(row["date"])] = int(row["sum_click"])
    numbered: dict[str, int] = {}
    checkpoints = []
    weights: dict[str, float] = {}
    dated_rows = [r for r in _rows(folder, "assessments.csv") if _day(r["date"]) is not None]
    for row in sorted(dated_rows, key=lambda r: (_day(r["date"]), r["id_assessment"])):
        kind = row["assessment_type"]
        if kind in ("TMA", "CMA"):
            numbered[kind] = numbered.get(kind, 0) + 1
            checkpoints.append(
                (row["id_assessment"], f"{kind} {numbered[kind]}", _day(row["date"]))
            )
            weights[row["id_assessment"]] = float(row["weight"] or 0)
    dated = {c[0] for c in checkpoints}
    for row in _rows(folder, "studentAssessment.csv"):
        s = students.get(row["id_student"])
        day = 0 if row["is_banked"] == "1" else _day(row["date_submitted"])
        if s is not None and row["id_assessment"] in dated and day is not None:
            s.submitted[row["id_assessment"]] = day
    last_click = max((d for s in students.values() for d in s.clicks), default=0)
    length = max([last_click] + [c[2] for c in checkpoints])
    return Presentation(folder.name, kickoff, length, checkpoints, students, weights)


def trace(p: Presentation) -> list[dict]:
    """The presentation's events, in time order, ending with `end`."""
    first = min([s.registered for s in p.students.values()] + [-14])
    events: list[tuple[datetime, int, dict]] = []

    def add(at: datetime, order: int, **event) -> None:
        events.append((at, order, {"at": at.isoformat(), **event}))

    add(
        p.day(max(first, -30) - 1, 8),
        0,
        type="cohort",
        cohort=p.name,
        tz=ZONE.key,
        kickoff=p.day(0, 9).isoformat(),
        ends=p.day(p.length, 18).isoformat(),
    )
    for assessment, name, due in p.checkpoints:
        add(p.day(max(first, -30) - 1, 9), 1, type="checkpoint", cohort=p.name, name=name,
            due=(p.kickoff + timedelta(days=due)).isoformat(),
            weight=p.weights.get(assessment))  # fmt: skip
    names = {a: name for a, name, _ in p.checkpoints}
    for s in sorted(p.students.values(), key=lambda s: int(s.id)):
        joined = max(s.registered, max(first, -30))
        if joined > p.length:
            continue  # registered after the days replayed
        add(p.day(joined, 10), 2, type="join", learner=s.id, cohort=p.name)
        gone = s.withdrew if s.withdrew is not None else p.length + 1
        for day, count in sorted(s.clicks.items()):
            if joined <= day < gone and day <= p.length:
                add(p.day(day, 14), 3, type="platform", learner=s.id, count=count, kind="viewed")
        for assessment, day in s.submitted.items():
            day = max(day, joined)
            if day < gone and day <= p.length:
                add(p.day(day, 15), 4, type="checkpoint_done", learner=s.id,
                    name=names[assessment])  # fmt: skip
        if s.withdrew is not None and s.withdrew <= p.length:
            add(p.day(max(s.withdrew, joined), 20), 5, type="leave", learner=s.id)
    add(p.day(p.length + 1, 12), 9, type="end")
    events.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in events]


def outcomes(p: Presentation) -> dict[str, dict]:
    """What became of each student: the final result and the day they withdrew."""
    return {s.id: {"result": s.result, "withdrew": s.withdrew} for s in p.students.values()}


def save(p: Presentation, path: Path) -> int:
    """The presentation's trace written to `path`; how many events."""
    events = trace(p)
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return len(events)


def write(folder: Path, out) -> int:
    events = trace(load(folder))
    for event in events:
        out.write(json.dumps(event) + "\n")
    return len(events)


if __name__ == "__main__":
    write(Path(sys.argv[1]), sys.stdout)
