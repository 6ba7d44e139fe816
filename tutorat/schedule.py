"""Scheduled work as data: named jobs with APScheduler triggers in a cohort's time zone.

The real bot hands the triggers to APScheduler; tests, the demo and trace replays ask the
same triggers which fire times fall between two instants and run them in order. Either way
a job only asks the database what is due, so running it twice does nothing new.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

JobAction = Callable[[datetime], Awaitable[None]]


@dataclass(frozen=True)
class Job:
    id: str  # deterministic, e.g. "presence:12"
    trigger: BaseTrigger
    action: JobAction = field(compare=False)
    grace: timedelta | None = None  # how late a missed run is still worth doing


def daily_at(hour: int, minute: int, zone, days: str = "*", *, start=None, end=None) -> CronTrigger:
    return CronTrigger(
        day_of_week=days, hour=hour, minute=minute, timezone=zone, start_date=start, end_date=end
    )


def once_at(when: datetime) -> DateTrigger:
    return DateTrigger(run_date=when)


def fire_times(trigger: BaseTrigger, after: datetime, until: datetime) -> list[datetime]:
    """The trigger's fire times t with after < t <= until."""
    times: list[datetime] = []
    current = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    while current is not None and current <= until:
        if current > after:  # a date trigger answers its date whatever `now` is
            times.append(current)
        current = trigger.get_next_fire_time(current, current + timedelta(microseconds=1))
    return times


def due_between(jobs: list[Job], after: datetime, until: datetime) -> list[tuple[datetime, Job]]:
    """Every (fire time, job) in (after, until], in time order then job id."""
    due = [(t, job) for job in jobs for t in fire_times(job.trigger, after, until)]
    due.sort(key=lambda pair: (pair[0], pair[1].id))
    return due


def next_fire(jobs: list[Job], after: datetime) -> datetime | None:
    """The first fire time after `after` of any of the jobs, or None."""
    found = [
        t
        for job in jobs
        if (t := job.trigger.get_next_fire_time(None, after + timedelta(microseconds=1)))
        is not None
        and t > after
    ]
    return min(found, default=None)


def last_fire_before(trigger: BaseTrigger, now: datetime, grace: timedelta) -> datetime | None:
    """The latest fire time within `grace` before now: what a catch-up pass should run."""
    times = fire_times(trigger, now - grace, now)
    return times[-1] if times else None
