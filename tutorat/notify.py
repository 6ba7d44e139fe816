"""How much the bot may speak to a learner privately: a weekly budget of direct messages and
quiet hours in the cohort's time zone. What is held back goes at the next allowed time, or
not at all once it is stale. Tutors' prompts are not counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

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
