"""Whether contacts helped, against comparable learners: for each contact, the learners whose
case of the same form was open that day and not yet answered in the days after, their
activity over the same days before and after (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tutorat.models import Case


@dataclass(frozen=True)
class Compared:
    """Per dropout form: the contacted learners' actions before and after their contact, and
    the comparable learners' over the same days."""

    form: str
    contacted: int
    before: int
    after: int
    comparable: int  # learner-windows: a comparable learner counts once per contact
    comparable_before: int
    comparable_after: int


def compared(
    cases: list[Case],
    activity: dict[int, dict[date, int]],
    day_of: Callable[[datetime], date],
    span: int,
    today: date,
) -> list[Compared]:
    """cases: a cohort's, all; activity: learner -> actions per day; day_of: the cohort's
    local day of an instant; span: the days measured each side ([cases] effect_days)."""
    width = timedelta(days=span)
    found: dict[str, list[int]] = {}

    def actions(user: int, first: date, last: date) -> int:
        days = activity.get(user, {})
        return sum(n for d, n in days.items() if first <= d < last)

    for case in cases:
        if case.contacted_at is None:
            continue
        day = day_of(case.contacted_at)
        if day + width > today:
            continue  # the days after are not over yet
        sums = found.setdefault(case.form, [0] * 6)
        sums[0] += 1
        sums[1] += actions(case.user_id, day - width, day)
        sums[2] += actions(case.user_id, day, day + width)
        for other in cases:
            if other.form != case.form or other.user_id == case.user_id:
                continue
            opened, answered = day_of(other.opened_at), other.contacted_at or other.closed_at
            if opened > day or (answered is not None and day_of(answered) < day + width):
                continue  # not open that day, or answered within the days measured
            sums[3] += 1
            sums[4] += actions(other.user_id, day - width, day)
            sums[5] += actions(other.user_id, day, day + width)
    return [Compared(form, *sums) for form, sums in found.items()]
