"""Whether contacts helped, against comparable learners: for each contact, the learners whose
case of the same form was open that day and not yet answered in the days after, their
activity over the same days before and after, and their questionnaire over the same course
weeks (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from statistics import mean

from tutorat.models import Case
from tutorat.pulse import overall


@dataclass(frozen=True)
class Compared:
    """Per dropout form: the contacted learners' actions before and after their contact, and
    the comparable learners' over the same days; the questionnaire as each learner-window's
    mean, kept only where they answered (none: nobody answered, not 0)."""

    form: str
    contacted: int
    before: int
    after: int
    comparable: int  # learner-windows: a comparable learner counts once per contact
    comparable_before: int
    comparable_after: int
    pulses_before: tuple[float, ...] = ()
    pulses_after: tuple[float, ...] = ()
    comparable_pulses_before: tuple[float, ...] = ()
    comparable_pulses_after: tuple[float, ...] = ()

    @property
    def pulse_before(self) -> float | None:
        return _mean(self.pulses_before)

    @property
    def pulse_after(self) -> float | None:
        return _mean(self.pulses_after)

    @property
    def comparable_pulse_before(self) -> float | None:
        return _mean(self.comparable_pulses_before)

    @property
    def comparable_pulse_after(self) -> float | None:
        return _mean(self.comparable_pulses_after)


def weekly_pulse(rows) -> dict[int, dict[int, float]]:
    """learner -> course week -> the mean of that week's four dimensions (1-7), from rows of
    (user_id, week, p1..p6)."""
    found: dict[int, dict[int, float]] = {}
    for row in rows:
        answers = tuple(row[f"p{i}"] for i in range(1, 7))
        found.setdefault(row["user_id"], {})[row["week"]] = overall(answers)
    return found


def compared(
    cases: list[Case],
    activity: dict[int, dict[date, int]],
    pulses: dict[int, dict[int, float]],
    day_of: Callable[[datetime], date],
    week_of: Callable[[datetime], int],
    span: int,
    today: date,
) -> list[Compared]:
    """cases: a cohort's, all; activity: learner -> actions per day; pulses: learner -> course
    week -> mean answer (weekly_pulse); day_of, week_of: the cohort's local day and course
    week of an instant; span: the days measured each side ([cases] effect_days). The
    questionnaire is read as for a contact's measured effect: the two course weeks before the
    contact's week, and the two after it."""
    width = timedelta(days=span)

    def actions(user: int, first: date, last: date) -> int:
        days = activity.get(user, {})
        return sum(n for d, n in days.items() if first <= d < last)

    def pulse(user: int, weeks: tuple[int, int]) -> tuple[float, ...]:
        answered = [pulses.get(user, {}).get(w) for w in weeks]
        known = [v for v in answered if v is not None]
        return (mean(known),) if known else ()

    def comparable(other: Case, case: Case, day: date) -> bool:
        if other.form != case.form or other.user_id == case.user_id:
            return False
        opened, answered = day_of(other.opened_at), other.contacted_at or other.closed_at
        # open that day, and not answered within the days measured
        return opened <= day and (answered is None or day_of(answered) >= day + width)

    each = []
    for case in cases:
        if case.contacted_at is None:
            continue
        day = day_of(case.contacted_at)
        if day + width > today:
            continue  # the days after are not over yet
        week = week_of(case.contacted_at)
        weeks_before, weeks_after = (week - 2, week - 1), (week + 1, week + 2)
        others = [o.user_id for o in cases if comparable(o, case, day)]
        each.append(
            Compared(
                case.form,
                1,
                actions(case.user_id, day - width, day),
                actions(case.user_id, day, day + width),
                len(others),
                sum(actions(o, day - width, day) for o in others),
                sum(actions(o, day, day + width) for o in others),
                pulse(case.user_id, weeks_before),
                pulse(case.user_id, weeks_after),
                tuple(p for o in others for p in pulse(o, weeks_before)),
                tuple(p for o in others for p in pulse(o, weeks_after)),
            )
        )
    return merged(each)


def merged(found: list[Compared]) -> list[Compared]:
    """The figures of the same form added up: several contacts, or several cohorts (the
    questionnaire's means then over every learner-window)."""
    totals: dict[str, Compared] = {}
    for one in found:
        was = totals.get(one.form)
        if was is None:
            totals[one.form] = one
            continue
        totals[one.form] = Compared(
            one.form,
            *(
                getattr(was, f.name) + getattr(one, f.name)
                for f in fields(Compared)
                if f.name != "form"
            ),
        )
    return list(totals.values())


def _mean(values: tuple[float, ...]) -> float | None:
    return round(mean(values), 1) if values else None
