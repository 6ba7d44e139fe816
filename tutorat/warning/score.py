"""One score per learner and day: the signs a learner shows (`tutorat.warning.signs`), each
weighed by its line in `weights.toml` and by its strength (how long a silence, how many due
days missed), added up. Every sign that counts keeps its sentence; the strongest comes first.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tutorat.warning.signs import (
    Context,
    Deadline,
    History,
    Signal,
    Thresholds,
    missed,
    s1_not_started,
    s2_silent,
    s3_drop,
    s4_checkpoints,
    s5_isolated,
    s6_pulse,
    s7_no_pulse,
    s8_goal,
    s9_late,
    s10_rarely,
    silence_alone,
    silences,
    slip,
    working,
    working_after,
)

WEIGHTS = Path(__file__).with_name("weights.toml")
MOST_SILENCE, MOST_MISSED, MOST_LATE = 4.0, 3.0, 2.0
WORKING = 0.25  # what a missed or late deadline counts for a learner who keeps working


@dataclass(frozen=True)
class Weights:
    signs: dict[str, float]
    on_track_quantile: float = 0.95
    floor: float = 3.0
    watch_share: float = 0.75
    reads: tuple[str, ...] = ("S2", "S3", "S4", "S9", "S10")


@cache
def load_weights(path: Path = WEIGHTS) -> Weights:
    """The table of weights (`weights.toml`)."""
    found = tomllib.loads(path.read_text(encoding="utf-8"))
    calibration = dict(found["calibration"])
    calibration["reads"] = tuple(calibration.get("reads", Weights.reads))
    return Weights({k: float(v) for k, v in found["weights"].items()}, **calibration)


@dataclass(frozen=True)
class Score:
    """A learner's score today and its reasons, strongest first: (what it adds, the sign)."""

    user_id: int
    value: float
    reasons: tuple[tuple[float, Signal], ...]

    @property
    def signals(self) -> list[Signal]:
        return [s for _, s in self.reasons]

    @property
    def form(self) -> str | None:
        """The dropout form of the strongest sign."""
        return self.reasons[0][1].form if self.reasons else None

    def part(self, codes: tuple[str, ...]) -> float:
        """What these signs add to the score."""
        return round(sum(x for x, s in self.reasons if s.code in codes), 3)

    def forms(self, strong: float) -> dict[str, list[Signal]]:
        """The forms a case opens for, each with its signs, strongest first: the strongest
        sign's, and any other whose own signs reach `strong` (a strong sign of its own)."""
        parts: dict[str, list[tuple[float, Signal]]] = {}
        for x, s in self.reasons:
            parts.setdefault(s.form, []).append((x, s))
        return {
            form: [s for _, s in found]
            for form, found in parts.items()
            if form == self.form or sum(x for x, _ in found) >= strong
        }


def late_lately(d: Deadline, ctx: Context, t: Thresholds) -> bool:
    """Met after its due day, in the last four weeks."""
    return d.done is not None and d.done > d.due and (ctx.today - d.done).days <= t.late_days


def fresh(d: Deadline, ctx: Context, t: Thresholds) -> bool:
    """Past its due day by no more than `t.working_grace` days: a learner still at work may be
    finishing it; later, still not met, it counts in full."""
    return (ctx.today - d.due).days <= t.working_grace


def due_days(h: History, ctx: Context, which) -> float:
    """How many due days have a deadline for which `which` holds: deadlines due the same day
    count as one; one that weighs less than the cohort's usual deadline counts for its share
    of it (a formative one, weight 0, for nothing; one whose weight is not said, as usual)."""
    days: dict = {}
    for d in h.deadlines:
        if which(d):
            if d.weight is None:
                share = 1.0
            elif d.weight == 0 or not ctx.usual_weight:
                share = 1.0 if d.weight else 0.0
            else:
                share = d.weight / ctx.usual_weight
            days[d.due] = max(days.get(d.due, 0.0), min(1.0, share))
    return sum(days.values())


def strengths(h: History, ctx: Context, t: Thresholds) -> list[tuple[Signal, float]]:
    """Every sign the learner shows today, with its strength."""
    if h.left:
        return []
    first = s1_not_started(h, ctx, t)
    if first is not None:  # a non-starter is only that
        return [(first, 1.0)]
    found: list[tuple[Signal, float]] = []
    busy = working(h, ctx)
    busy_after = working_after(h, ctx, t)  # one deadline missed, and still at work
    silent = s2_silent(h, ctx, t)
    if silent is not None:
        usual = max(t.silent_days, ctx.usual_silence)
        strength = min(MOST_SILENCE, silences(h, ctx)[0] / usual) or 1.0
        if silence_alone(h, ctx, t):  # ten weeks away, or three with nothing else to read
            strength = MOST_SILENCE
        found.append((silent, strength))
    for sign in (s3_drop(h, ctx, t), s5_isolated(h, ctx, t), s7_no_pulse(h, ctx, t)):
        if sign is not None:
            found.append((sign, 1.0))
    found += [(sign, 1.0) for sign in s6_pulse(h, ctx, t)]
    goal = s8_goal(h, ctx, t)
    if goal is not None:
        found.append((goal, 1.0))
    gone = s4_checkpoints(h, ctx, t)
    if gone is not None and not slip(h, ctx, t):  # one due day missed in a long record
        n = due_days(h, ctx, lambda d: missed(d, ctx, t))
        if busy_after:  # late, while at work: a quarter, the first days past the due day only
            recent = due_days(h, ctx, lambda d: missed(d, ctx, t) and fresh(d, ctx, t))
            n -= (1 - WORKING) * recent
        found.append((gone, min(MOST_MISSED, n)))
    late = s9_late(h, ctx, t)
    if late is not None:
        n = min(MOST_LATE, due_days(h, ctx, lambda d: late_lately(d, ctx, t)))
        found.append((late, n * (WORKING if busy else 1.0)))
    rarely = s10_rarely(h, ctx, t)
    if rarely is not None:
        found.append(rarely)
    return [(s, x) for s, x in found if x > 0]


def score(h: History, ctx: Context, t: Thresholds, weights: Weights) -> Score:
    """The learner's score today: each sign's weight times its strength, added up; an
    absence told alone (ten weeks, or three with nothing else to read) counts at least as a
    strong sign (the floor)."""
    parts = [(weights.signs.get(s.code, 0.0) * x, s) for s, x in strengths(h, ctx, t)]
    parts = [
        (max(x, weights.floor), s)
        if s.code == "S2" and x > 0 and silence_alone(h, ctx, t)
        else (x, s)
        for x, s in parts
    ]
    parts = sorted((p for p in parts if p[0] > 0), key=lambda p: (-p[0], int(p[1].code[1:])))
    return Score(h.user_id, round(sum(x for x, _ in parts), 3), tuple(parts))
