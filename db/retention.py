"""Retention: the cohorts past their keeping time, and the erasure of their learners' rows."""

from __future__ import annotations

from datetime import datetime

from db.cohorts import _cohort
from db.convert import instant
from db.database import Database
from db.platform import PlatformRepository
from db.rights import RightsRepository
from tutorat.models import Cohort

# A learner still in a cohort that is kept loses only the rows of the expired cohort.
COHORT_ROWS = (
    "DELETE FROM pulse_answers WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM goals WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM contacts WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM cases WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM pair_prefs WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM help_waits WHERE cohort_id = :cohort AND user_id = :user",
    "DELETE FROM checkpoint_done WHERE user_id = :user AND checkpoint_id IN"
    " (SELECT id FROM checkpoints WHERE cohort_id = :cohort)",
    "DELETE FROM learners WHERE cohort_id = :cohort AND user_id = :user",
)
ENDED = "COALESCE(c.ends_at, c.archived_at)"


class RetentionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.rights = RightsRepository(db)
        self.platform = PlatformRepository(db)

    async def expired(self, ended_before: datetime) -> list[Cohort]:
        """Cohorts that ended (or were archived) before this instant, not yet erased."""
        rows = await self.db.fetchall(
            f"SELECT c.* FROM cohorts c WHERE {ENDED} IS NOT NULL AND {ENDED} < ?"  # noqa: S608
            " AND c.id NOT IN (SELECT cohort_id FROM retention_done) ORDER BY c.id",
            (instant(ended_before),),
        )
        return [_cohort(row) for row in rows]

    async def erase_cohort(self, cohort: Cohort, ended_before: datetime, now: datetime) -> int:
        """Every learner's personal rows for this cohort (their activity folded into the
        cohort's anonymous totals first), its platform links and ids seen. Answers how many
        learners were erased."""
        learners = await self.db.fetchall(
            "SELECT user_id FROM learners WHERE cohort_id = ?", (cohort.id,)
        )
        async with self.db.transaction():
            for row in learners:
                user = row["user_id"]
                kept = await self.db.fetchone(
                    "SELECT 1 FROM learners l JOIN cohorts c ON c.id = l.cohort_id"
                    f" WHERE l.user_id = ? AND c.guild_id = ? AND c.id != ? AND"  # noqa: S608
                    f" ({ENDED} IS NULL OR {ENDED} >= ?)",
                    (user, cohort.guild_id, cohort.id, instant(ended_before)),
                )
                if kept is None:
                    await self.rights.erase(cohort.guild_id, user)
                    continue
                for sql in COHORT_ROWS:
                    await self.db.execute(sql, {"cohort": cohort.id, "user": user})
            await self.platform.erase_cohort_links(cohort.id)
            await self.db.execute("DELETE FROM platform_seen WHERE cohort_id = ?", (cohort.id,))
            await self.db.execute(
                "INSERT INTO retention_done (cohort_id, erased_at, learners) VALUES (?, ?, ?)",
                (cohort.id, instant(now), len(learners)),
            )
        return len(learners)
