"""make evaluate's learned reference: how far these data let one go, not something a tutor
could have (it needs the presentation's own outcomes).

A small logistic regression on daily causal features of an OULAD presentation (what the bot
could see each day: activity, deadlines; no demographic data), cross-validated by learner
(five folds: a learner is scored by a model that never saw them). Each learner is flagged on
the first day their score reaches a threshold; swept over thresholds, it draws the frontier of
withdrawals caught at least 7 days ahead against passers flagged. scikit-learn is a dev
dependency for this file alone: the bot never imports it.

Data: Kuzilek J., Hlosta M., Zdrahal Z. (2017). Open University Learning Analytics dataset.
Scientific Data 4, 170171. doi:10.1038/sdata.2017.171. Licence CC BY 4.0.
"""

from __future__ import annotations

import numpy as np

from tests.traces.oulad import PASSED, Presentation
from tests.traces.real import ends, figures

FEATURES = (
    "share of course days active so far",
    "days since the last activity",
    "clicks, last 7 days (log)",
    "clicks, last 28 days (log)",
    "active days, last 14, against the cohort's median",
    "deadlines missed that half the cohort met",
    "deadlines met late",
    "active before the course started",
    "course day (log)",
    "share of course days active so far, against the cohort's median",
)
FOLDS = 5
AT = 0.30  # the reference: withdrawals caught when at most this share of passers is flagged


def daily_features(p: Presentation) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(rows × features, each row's learner index, each row's day, the learners' ids): one row
    per learner and course day they were enrolled, from what happened before that day."""
    ids = sorted(p.students)
    first = -30
    width = p.length - first + 1
    clicks = np.zeros((len(ids), width))
    for i, who in enumerate(ids):
        for day, n in p.students[who].clicks.items():
            if first <= day <= p.length:
                clicks[i, day - first] = n
    active = clicks > 0
    before = active[:, :-first].any(axis=1)
    seen = np.where(active, np.arange(width), -1)
    last = np.maximum.accumulate(seen, axis=1)
    cum_active = np.cumsum(active[:, -first:], axis=1)  # from day 0
    cum_clicks = np.cumsum(clicks, axis=1)
    cum_days = np.cumsum(active, axis=1)
    halfway = {}  # the first day by which half the cohort had met each deadline
    for a, _, _ in p.checkpoints:
        days = sorted(s.submitted[a] for s in p.students.values() if a in s.submitted)
        half = (len(p.students) + 1) // 2
        halfway[a] = days[half - 1] + 1 if len(days) >= half else 10**6
    rows, who_of, day_of = [], [], []
    enrolled = {who: (max(0, s.registered), ends(p, s)) for who, s in p.students.items()}
    for day in range(1, p.length + 1):
        col = day - first  # the features read the days before `day`
        window14 = cum_days[:, col - 1] - cum_days[:, col - 15]
        usual14 = np.median(window14[[enrolled[w][0] <= day < enrolled[w][1] for w in ids]])
        due = [(a, d) for a, _, d in p.checkpoints if d < day]
        usual_share = np.median(cum_active[:, day - 1]) / day
        for i, who in enumerate(ids):
            start, end = enrolled[who]
            if not start <= day < end:
                continue
            s = p.students[who]
            half = [
                a for a, _ in due if halfway[a] < day and s.submitted.get(a, p.length + 1) >= day
            ]
            rows.append(
                (
                    cum_active[i, day - 1] / day,
                    min(60, col - last[i, col - 1]) if last[i, col - 1] >= 0 else 60,
                    np.log1p(cum_clicks[i, col - 1] - cum_clicks[i, col - 8]),
                    np.log1p(cum_clicks[i, col - 1] - cum_clicks[i, col - 29]),
                    window14[i] - usual14,
                    len(half),
                    sum(1 for a, d in due if d < s.submitted.get(a, -1) < day),
                    float(before[i]),
                    np.log1p(day),
                    cum_active[i, day - 1] / day - usual_share,
                )
            )
            who_of.append(i)
            day_of.append(day)
    return np.array(rows), np.array(who_of), np.array(day_of), ids


def cross_validated(p: Presentation) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Every row's score from a model that never saw its learner."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, who, day, ids = daily_features(p)
    at_risk = np.array([p.students[w].result not in PASSED for w in ids])
    y = at_risk[who]
    scores = np.zeros(len(y))
    for train, test in GroupKFold(FOLDS).split(x, y, who):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        model.fit(x[train], y[train])
        scores[test] = model.predict_proba(x[test])[:, 1]
    return scores, who, day, ids


def frontier(p: Presentation, points: int = 120) -> list[dict]:
    """The learned model's figures at thresholds from lenient to strict (`figures` of
    tests/traces/real.py, one case per learner on their first flagged day)."""
    scores, who, day, ids = cross_validated(p)
    order = np.lexsort((day, who))
    scores, who, day = scores[order], who[order], day[order]
    found = []
    for t in np.quantile(scores, np.linspace(0.5, 0.999, points)):
        hit = scores >= t
        first: dict[int, int] = {}
        for i, d in zip(who[hit], day[hit], strict=True):
            first.setdefault(int(i), int(d))
        found.append(figures(p, [(ids[i], d) for i, d in first.items()]))
    return found


def reference(curve: list[dict]) -> dict:
    """The point of the frontier that catches the most withdrawals with at most AT of the
    passers flagged."""
    within = [f for f in curve if f["passed_flagged"] <= AT] or [
        min(curve, key=lambda f: f["passed_flagged"])
    ]
    return max(within, key=lambda f: (f["caught_share"], -f["passed_flagged"]))
