"""make variants: the rules on altered copies of each real presentation, to see whether they
hold where a course differs from the one they were tuned on: a platform that reported nothing
for a month, a course without deadlines, many more withdrawals, small groups. Each copy is
replayed through `bot.py replay` and scored beside plain baselines of the same copy.

Data: Kuzilek J., Hlosta M., Zdrahal Z. (2017). Open University Learning Analytics dataset.
Scientific Data 4, 170171. doi:10.1038/sdata.2017.171. Licence CC BY 4.0.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import replace

from tests.traces.evaluate import DATA
from tests.traces.oulad import PASSED, Presentation, load
from tests.traces.real import baseline_cases, figures, presentations, replay, rule_cases
from tests.traces.reference import frontier

BASELINES = (("inactive 28 d", "inactive", 28), ("missed by 7 d", "missed", 0))
FIRST_DAYS = 132  # a run still under way, as the first 132 days of another BBB run were judged


def without_clicks(p: Presentation, first: int, days: int) -> Presentation:
    """Nobody's platform activity reported from day `first`, for `days` days."""
    gap = range(first, first + days)
    students = {
        k: replace(s, clicks={d: n for d, n in s.clicks.items() if d not in gap})
        for k, s in p.students.items()
    }
    return replace(p, students=students)


def without_deadlines(p: Presentation) -> Presentation:
    students = {k: replace(s, submitted={}) for k, s in p.students.items()}
    return replace(p, checkpoints=[], students=students)


def first_days(p: Presentation, days: int) -> Presentation:
    """Only the first `days` days of the presentation, as one sees a run still under way:
    the deadlines due in them, the activity and submissions until then; a withdrawal after
    them is caught if a case opened at least 7 days before it, within them."""
    checkpoints = [c for c in p.checkpoints if c[2] <= days]
    due = {c[0] for c in checkpoints}
    students = {
        k: replace(
            s,
            clicks={d: n for d, n in s.clicks.items() if d <= days},
            submitted={a: d for a, d in s.submitted.items() if d <= days and a in due},
        )
        for k, s in p.students.items()
    }
    return replace(p, length=min(p.length, days), checkpoints=checkpoints, students=students)


def drawn(p: Presentation, students: list) -> Presentation:
    return replace(p, students={s.id: s for s in students})


def many_withdrawals(p: Presentation, others_per_withdrawal: float, seed: int) -> Presentation:
    """Every student who withdrew, and a draw of the others: withdrawals made common."""
    gone = [s for s in p.students.values() if s.withdrew is not None]
    stayed = [s for s in p.students.values() if s.withdrew is None]
    count = min(len(stayed), round(len(gone) * others_per_withdrawal))
    return drawn(p, gone + random.Random(seed).sample(stayed, count))


def group(p: Presentation, size: int, seed: int) -> Presentation:
    return drawn(p, random.Random(seed).sample(list(p.students.values()), size))


def variants(p: Presentation) -> Iterator[tuple[str, list[Presentation]]]:
    """Each altered copy; small groups as several draws, pooled (a draw alone is noise)."""
    middle = p.length // 3
    yield "as it is", [p]
    yield f"no platform data for 30 days (from day {middle})", [without_clicks(p, middle, 30)]
    yield "no deadlines", [without_deadlines(p)]
    if p.length > FIRST_DAYS:
        yield f"the first {FIRST_DAYS} days", [first_days(p, FIRST_DAYS)]
    yield "half of the learners withdraw", [many_withdrawals(p, 1.0, seed=1)]
    yield "two thirds withdraw", [many_withdrawals(p, 0.5, seed=2)]
    for size, draws in ((60, 6), (20, 10)):
        if size < len(p.students):
            yield f"groups of {size} ({draws} draws)", [group(p, size, s) for s in range(draws)]


def pooled(copies: list[Presentation], cases_of) -> dict:
    """The figures of several copies, counted together."""
    total = {"caught": 0, "withdrawals": 0, "passers": 0, "flagged": 0, "cases": 0, "right": 0}
    for p in copies:
        f = figures(p, cases_of(p))
        passers = sum(1 for s in p.students.values() if s.result in PASSED)
        total["caught"] += f["caught"]
        total["withdrawals"] += f["withdrawals"]
        total["passers"] += passers
        total["flagged"] += round(f["passed_flagged"] * passers)
        total["cases"] += f["cases"]
        total["right"] += round(f["precision"] * f["cases"])
    return total


def at_catch(curve: list[dict], caught: float) -> dict | None:
    """The point of the learned reference's curve (tests/traces/reference.py, cross-validated
    on the copy's own outcomes) that catches at least `caught` of the withdrawals, at its
    best precision there; None if it never catches as many."""
    near = [f for f in curve if f["caught_share"] >= caught]
    return max(near, key=lambda f: f["precision"]) if near else None


def row(name: str, copies: list[Presentation]) -> tuple[str, dict]:
    prompts = {id(p): replay(p)[0] for p in copies}
    rules = pooled(copies, lambda p: rule_cases(p, prompts[id(p)]))
    plain = [
        pooled(copies, lambda p, rule=rule, days=days: baseline_cases(p, rule, days))
        for _, rule, days in BASELINES
    ]

    def precision(t: dict) -> float:
        return t["right"] / max(1, t["cases"])

    def cell(t: dict) -> str:
        return (
            f"{t['caught'] / max(1, t['withdrawals']):.0%} ({t['caught']}/{t['withdrawals']}) · "
            f"{t['flagged'] / max(1, t['passers']):.0%} · {precision(t):.0%}"
        )

    above = "yes" if precision(rules) > max(precision(t) for t in plain) else "no"
    learners = sum(len(p.students) for p in copies)
    line = (
        f"| {name} | {learners} | {cell(rules)} | "
        + " | ".join([*(cell(t) for t in plain), above])
        + " |"
    )
    return line, {
        "caught": rules["caught"] / max(1, rules["withdrawals"]),
        "precision": precision(rules),
    }


def main() -> int:
    for folder in presentations(DATA):
        p = load(folder)
        print(f"\n{p.name} (OULAD, Kuzilek et al. 2017, CC BY 4.0): caught ≥ 7 d ahead · passers")
        print("flagged · case precision, for the rules and plain baselines of the same copy")
        print(
            "| copy | learners | rules | "
            + " | ".join(label for label, _, _ in BASELINES)
            + " | precision above both |"
        )
        print("| --- | --- | --- | " + "--- | " * len(BASELINES) + "--- |")
        under_way = None
        for name, copies in variants(p):
            line, rules = row(name, copies)
            print(line, flush=True)
            if name == f"the first {FIRST_DAYS} days":
                under_way = copies[0], rules
        if under_way is not None:  # what the data allow there: the learned reference
            copy, rules = under_way
            found = at_catch(frontier(copy), rules["caught"])
            said = (
                f"{found['precision']:.0%} precision ({found['caught_share']:.0%} caught, "
                f"{found['passed_flagged']:.0%} of passers flagged)"
                if found
                else "never catches as many"
            )
            print(
                f"\nthe first {FIRST_DAYS} days: the learned reference, where it catches as many"
                f" withdrawals as the rules ({rules['caught']:.0%}): {said}; the rules:"
                f" {rules['precision']:.0%} precision"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
