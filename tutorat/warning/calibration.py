"""The threshold each cohort sets itself, without knowing any outcome: a high quantile of the
scores of its learners on track (started, no graded deadline missed that most of the cohort met), as
Solin's Moodle block calibrates from the rhythm of successful students; never below one strong
sign (`floor`). Recomputed at every scan, so it follows the cohort week after week; no number
here depends on which course it is.

A quantile q read off fewer than 1 / (1 - q) learners (20 for 0.95) is only their highest score,
which a calm draw of a dozen learners puts low: in a tutoring group of 20, that is the usual
case. There the threshold is also at least the upper prediction bound of one more on-track
learner's score, mean + t(q, n - 1) · sd · √(1 + 1/n) (Student's t), which widens as the group
shrinks; from 1 / (1 - q) learners on, the quantile alone."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from statistics import mean, stdev

from tutorat.warning.score import Score, Weights
from tutorat.warning.signs import Context, History, Thresholds, has_started, missed


def on_track(h: History, ctx: Context, t: Thresholds) -> bool:
    """Started, and no graded deadline missed that the cohort met (late is not missed)."""
    if h.left or not has_started(h, ctx):
        return False
    return not any(missed(d, ctx, t) for d in h.deadlines if d.weight != 0)


def quantile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@cache
def student_t(q: float, df: int) -> float:
    """The `q` quantile (q ≥ 0.5) of Student's t with `df` degrees of freedom, by bisection
    on its distribution function (Simpson's rule over the density from 0)."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def density(x: float) -> float:
        return c * (1 + x * x / df) ** (-(df + 1) / 2)

    def cdf(x: float, steps: int = 200) -> float:
        h = x / steps
        inner = sum((4 if i % 2 else 2) * density(i * h) for i in range(1, steps))
        return 0.5 + h / 3 * (density(0.0) + inner + density(x))

    low, high = 0.0, 1.0
    while cdf(high) < q:
        low, high = high, high * 2
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < q else (low, middle)
    return (low + high) / 2


def prediction_bound(values: list[float], q: float) -> float:
    """The upper `q` prediction bound of one more value like `values` (at least two)."""
    n = len(values)
    return mean(values) + student_t(q, n - 1) * stdev(values) * math.sqrt(1 + 1 / n)


def threshold(
    on_track_scores: Iterable[float], weights: Weights, fewest: int = 2, size: int | None = None
) -> float:
    """The score above which a learner is unusual for this cohort today. The prediction bound
    needs a cohort of `fewest` learners ([signals] small_cohort; `size`, the cohort's present
    learners, by default those on track) and two on track: in a class of five there is no
    rhythm of its own to widen, and one strong sign is enough, as the floor says; in a group
    of twenty where only five still follow, their scores are all there is, and the fewer they
    are, the wider the bound."""
    values = list(on_track_scores)
    size = len(values) if size is None else size
    q = weights.on_track_quantile
    found = quantile(values, q)
    if size >= fewest and 2 <= len(values) < round(1 / (1 - q)):  # too few for the quantile
        found = max(found, prediction_bound(values, q))
    if found <= weights.floor:  # one strong sign alone reaches the floor
        return weights.floor
    # above it, a score the cohort's own on-track learners reach is not unusual: only one
    # higher is (scores come in steps, and many may stand exactly there)
    return math.nextafter(found, math.inf)


def ranked(scores: Iterable[Score]) -> list[Score]:
    """Highest score first; equal scores by learner, so that a rerun gives the same order."""
    return sorted(scores, key=lambda s: (-s.value, s.user_id))
