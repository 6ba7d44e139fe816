"""Retention, as European institutions must apply it: `[privacy] retention_days` after a cohort
ends, its learners' personal rows (activity from Discord and the platform, pulse answers,
goals, cases, platform links) are erased; the cohort's anonymous totals stay."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from tutorat.schedule import Job, daily_at

log = logging.getLogger(__name__)


class Retention:
    def __init__(self, store, days: int, recent=None) -> None:
        self.store = store  # db.retention.RetentionRepository
        self.days = days
        self.recent = recent  # RecentActivity: forgets all it held once learners are erased

    async def run(self, now: datetime) -> int:
        """Erase what is past its keeping time; answers how many learners' rows went."""
        limit = now - timedelta(days=self.days)
        erased = 0
        for cohort in await self.store.expired(limit):
            n = await self.store.erase_cohort(cohort, limit, now)
            if self.recent is not None:
                self.recent.clear()
            log.info("retention: cohort %s ended over %d days ago, learners erased: %d",
                     cohort.id, self.days, n)  # fmt: skip
            erased += n
        return erased

    def jobs(self) -> list[Job]:
        """Once a day, at night; a run missed while the bot was down is caught up."""
        return [Job("retention", daily_at(3, 15, UTC), self.run, timedelta(days=1))]
