"""How much the bot may speak to a learner privately: a weekly budget of direct messages and
quiet hours in the cohort's time zone. What is held back goes at the next allowed time, or
not at all once it is stale. Tutors' prompts are not counted, but wait for the tutor's
working hours and days (TutorHours): none goes at night or on a day off."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from tutorat.errors import Refusal

WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Budget:
    per_week: int = 3
    quiet_from: time = time(21, 0)
    quiet_until: time = time(8, 0)

    def quiet(self, local: datetime) -> bool:
        now = local.time()
        return now >= self.quiet_from or now < self.quiet_until

    def after_quiet(self, local: datetime) -> datetime:
        """The next moment outside quiet hours (the same instant if already outside)."""
        if not self.quiet(local):
            return local
        day = local.date() if local.time() < self.quiet_until else local.date() + timedelta(1)
        return datetime.combine(day, self.quiet_until, tzinfo=local.tzinfo)


def next_allowed(
    now: datetime, zone: ZoneInfo, budget: Budget, limit: int, sent: list[datetime]
) -> datetime:
    """When a learner's DM may go: now, after quiet hours, or when the budget frees up."""
    recent = sorted(t for t in sent if now - t < WINDOW)
    when = now
    if limit <= 0:
        return datetime.max.replace(tzinfo=now.tzinfo)
    if len(recent) >= limit:
        when = recent[len(recent) - limit] + WINDOW
    return budget.after_quiet(when.astimezone(zone)).astimezone(now.tzinfo)


# day names a tutor or config.toml may write (French or English), Monday = 0
DAY_NAMES = {
    **{d: i for i, d in enumerate(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"))},
    **{d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}


def parse_days(value: str) -> frozenset[int]:
    """'lun-ven', 'mon-fri', 'lun,mer,ven', 'mon-sat' -> the weekdays (Monday = 0)."""
    days: set[int] = set()
    for part in value.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first[:3] not in DAY_NAMES or (last and last[:3] not in DAY_NAMES):
            raise Refusal("notify.bad_days", value=value)
        start = DAY_NAMES[first[:3]]
        end = DAY_NAMES[last[:3]] if last else start
        days.update((start + i) % 7 for i in range((end - start) % 7 + 1))
    return frozenset(days)


def parse_quiet(value: str) -> tuple[time, time]:
    """'20:00-08:00', '20h-8h', '19 h - 7 h 30' -> (from, until)."""
    found = re.fullmatch(
        r"\s*(\d{1,2})\s*[h:]?\s*(\d{2})?\s*-\s*(\d{1,2})\s*[h:]?\s*(\d{2})?\s*", value.lower()
    )
    try:
        if not found:
            raise ValueError
        start = time(int(found[1]), int(found[2] or 0))
        end = time(int(found[3]), int(found[4] or 0))
    except ValueError:
        raise Refusal("notify.bad_quiet", value=value) from None
    return start, end


@dataclass(frozen=True)
class TutorHours:
    """When a tutor may be written to privately: outside quiet hours (from == until: none),
    on working days, in the cohort's time zone."""

    quiet_from: time = time(20, 0)
    quiet_until: time = time(8, 0)
    days: frozenset[int] = frozenset(range(5))

    def quiet(self, local: datetime) -> bool:
        start, end, now = self.quiet_from, self.quiet_until, local.time()
        if start == end:
            return False
        if start > end:  # over midnight
            return now >= start or now < end
        return start <= now < end

    def allowed(self, local: datetime) -> bool:
        return local.weekday() in self.days and not self.quiet(local)

    def next_allowed(self, local: datetime) -> datetime:
        """The first moment from `local` on when the tutor may be written to: a working
        window opens at the end of quiet hours or at midnight of a working day."""
        if not self.days or self.allowed(local):
            return local
        openings = sorted(
            datetime.combine(local.date() + timedelta(days), at, tzinfo=local.tzinfo)
            for days in range(9)
            for at in (self.quiet_until, time(0, 0))
        )
        return next(t for t in openings if t > local and self.allowed(t))
