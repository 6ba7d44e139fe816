"""The threshold each cohort sets itself, without knowing any outcome: a high quantile of the
scores of its learners on track (started, no graded deadline missed that most of the cohort met), as
Solin's Moodle block calibrates from the rhythm of successful students; never below one strong
sign (`floor`). Recomputed at every scan, so it follows the cohort week after week; no number
here depends on which course it is."""

from __future__ import annotations

from collections.abc import Iterable

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


def threshold(on_track_scores: Iterable[float], weights: Weights) -> float:
    """The score above which a learner is unusual for this cohort today."""
    return max(weights.floor, quantile(list(on_track_scores), weights.on_track_quantile))


def ranked(scores: Iterable[Score]) -> list[Score]:
    """Highest score first; equal scores by learner, so that a rerun gives the same order."""
    return sorted(scores, key=lambda s: (-s.value, s.user_id))
