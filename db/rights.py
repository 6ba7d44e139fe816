"""What the bot holds about one learner (to show and export it) and its erasure.

Tutors' notes and the signals about a learner are the tutors' working data: they are not
shown to the learner, and they go with the erasure.
"""

from __future__ import annotations

from db.database import Database

# (table, columns shown, condition on the learner); all in one place for show and erase
HELD = [
    ("learners", "cohort_id, joined_at, started_at, left_at", "user_id = :user"),
    ("activity", "day, place, kind, count", "user_id = :user AND guild_id = :guild"),
    (
        "pulse_answers",
        "cohort_id, week, p1, p2, p3, p4, p5, p6, answered_at, updated_at",
        "user_id = :user",
    ),
    (
        "goals",
        "cohort_id, stage, aim, hours, obstacles, still_holds, changed, written_at",
        "user_id = :user",
    ),
    ("checkpoint_done", "checkpoint_id, done_at, late", "user_id = :user"),
    (
        "pair_prefs",
        "cohort_id, languages, slots, planned_hours, tutor_only, status",
        "user_id = :user",
    ),
    ("pair_members", "pair_id, left_at", "user_id = :user"),
    ("pair_checkbacks", "pair_id, answer, answered_at", "user_id = :user"),
    ("help_waits", "cohort_id, asked_at, answered_at", "user_id = :user"),
    ("platform_links", "cohort_id, account, origin, created_at, confirmed_at", "user_id = :user"),
]


# Before an erasure, what the learner did becomes anonymous cohort totals (no id kept).
def fold_activity(day_of) -> str:
    """day_of: the backend's spelling of "the UTC day of an instant" (Database.day_of)."""
    return FOLD_ACTIVITY.replace("{joined_day}", day_of("l.joined_at"))


FOLD_ACTIVITY = (
    "INSERT INTO anonymous_activity (cohort_id, day, total, peer)"
    " SELECT l.cohort_id, a.day, SUM(a.count),"
    " SUM(CASE WHEN a.kind = 'peer_reply' OR (a.place = 'pair' AND a.kind = 'message')"
    " THEN a.count ELSE 0 END)"
    " FROM learners l JOIN cohorts h ON h.id = l.cohort_id"
    " JOIN activity a ON a.guild_id = h.guild_id AND a.user_id = l.user_id"
    " WHERE l.user_id = :user AND h.guild_id = :guild AND a.day >= {joined_day}"
    " GROUP BY l.cohort_id, a.day"
    " ON CONFLICT (cohort_id, day) DO UPDATE SET total = anonymous_activity.total"
    " + excluded.total, peer = anonymous_activity.peer + excluded.peer"
)


class RightsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def held(self, guild_id: int, user_id: int) -> dict[str, list[dict]]:
        """Everything about the learner in this server's cohorts, table by table."""
        found: dict[str, list[dict]] = {}
        params = {"user": user_id, "guild": guild_id}
        for table, columns, where in HELD:
            rows = await self.db.fetchall(
                f"SELECT {columns} FROM {table} WHERE {where}"  # noqa: S608 - fixed names
                + self._in_guild(table),
                params,
            )
            found[table] = [dict(row) for row in rows]
        return found

    def _in_guild(self, table: str) -> str:
        """Rows of cohorts of other servers stay out of this server's answer."""
        if table in (
            "learners",
            "pulse_answers",
            "goals",
            "pair_prefs",
            "help_waits",
            "platform_links",
        ):
            return " AND cohort_id IN (SELECT id FROM cohorts WHERE guild_id = :guild)"
        return ""

    async def open_cases(self, guild_id: int, user_id: int) -> list:
        return await self.db.fetchall(
            "SELECT c.id, c.cohort_id FROM cases c JOIN cohorts h ON h.id = c.cohort_id"
            " WHERE c.user_id = ? AND h.guild_id = ? AND c.closed_at IS NULL",
            (user_id, guild_id),
        )

    async def erase(self, guild_id: int, user_id: int) -> int:
        """Remove the learner's rows in this server, cases and DMs to them included."""
        params = {"user": user_id, "guild": guild_id}
        removed = 0
        async with self.db.transaction():
            await self.db.execute(fold_activity(self.db.day_of), params)
            for table, _, where in reversed(HELD):
                if table == "learners":
                    continue
                removed += await self.db.execute(
                    f"DELETE FROM {table} WHERE {where}" + self._in_guild(table), params
                )
            removed += await self.db.execute(  # tutors' notes and contacts go with them
                "DELETE FROM contacts WHERE user_id = :user AND cohort_id IN"
                " (SELECT id FROM cohorts WHERE guild_id = :guild)",
                params,
            )
            removed += await self.db.execute(
                "DELETE FROM cases WHERE user_id = :user AND cohort_id IN"
                " (SELECT id FROM cohorts WHERE guild_id = :guild)",
                params,
            )
            for table in ("warning_peaks", "watch_list"):  # the score: tutors' working data
                removed += await self.db.execute(
                    f"DELETE FROM {table} WHERE user_id = :user AND cohort_id IN"
                    " (SELECT id FROM cohorts WHERE guild_id = :guild)",
                    params,
                )
            removed += await self.db.execute(
                "DELETE FROM outbox WHERE user_id = :user AND guild_id = :guild", params
            )
            removed += await self.db.execute(
                "DELETE FROM learners WHERE user_id = :user AND cohort_id IN"
                " (SELECT id FROM cohorts WHERE guild_id = :guild)",
                params,
            )
        return removed
