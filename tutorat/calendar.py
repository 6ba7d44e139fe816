"""The course calendar of a cohort: course weeks, open days, breaks, the end.

Course week 1 starts at 00:00 local on the kick-off's date and lasts 7 days; week n follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tutorat.dates import local_day, start_of_day
from tutorat.models import Cohort


@dataclass(frozen=True)
class Break:
    cohort_id: int
    first_day: date
    last_day: date
    id: int = 0

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def kickoff_day(cohort: Cohort) -> date:
    return local_day(cohort.kickoff_at, cohort.zone)


def course_week(cohort: Cohort, at: datetime) -> int:
    """1 for the kick-off week, 2 for the next; 0 or less before the kick-off."""
    return (local_day(at, cohort.zone) - kickoff_day(cohort)).days // 7 + 1


def week_start(cohort: Cohort, week: int) -> datetime:
    return start_of_day(kickoff_day(cohort) + timedelta(days=7 * (week - 1)), cohort.zone)


def week_end(cohort: Cohort, week: int) -> datetime:
    """The instant week `week` closes (00:00 local on the first day of the next week)."""
    return week_start(cohort, week + 1)


def week_days(cohort: Cohort, week: int) -> list[date]:
    first = kickoff_day(cohort) + timedelta(days=7 * (week - 1))
    return [first + timedelta(days=i) for i in range(7)]


def on_break(breaks: list[Break], day: date) -> bool:
    return any(b.covers(day) for b in breaks)


def in_course(cohort: Cohort, at: datetime) -> bool:
    """From the kick-off's day until the end (not after `ends`, not once archived)."""
    if cohort.ended(at):
        return False
    return local_day(at, cohort.zone) >= kickoff_day(cohort)


def open_day(cohort: Cohort, breaks: list[Break], at: datetime) -> bool:
    return in_course(cohort, at) and not on_break(breaks, local_day(at, cohort.zone))
