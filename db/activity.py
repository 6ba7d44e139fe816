"""Activity counts per member, day, place and kind."""

from __future__ import annotations

from datetime import date

from db.database import Database
from tutorat.models import ActivityCount, ActivityKind, Place


class ActivityRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_counts(self, counts: list[ActivityCount]) -> None:
        if not counts:
            return
        async with self.db.transaction():
            await self.db.executemany(
                "INSERT INTO activity (guild_id, user_id, day, place, kind, count)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id, day, place, kind)"
                " DO UPDATE SET count = activity.count + excluded.count",
                [
                    (c.guild_id, c.user_id, c.day.isoformat(), c.place.value, c.kind.value, c.count)
                    for c in counts
                ],
            )

    async def for_user(self, guild_id: int, user_id: int) -> list[ActivityCount]:
        rows = await self.db.fetchall(
            "SELECT * FROM activity WHERE guild_id = ? AND user_id = ? ORDER BY day, place, kind",
            (guild_id, user_id),
        )
        return [
            ActivityCount(
                guild_id=row["guild_id"],
                user_id=row["user_id"],
                day=date.fromisoformat(row["day"]),
                place=Place(row["place"]),
                kind=ActivityKind(row["kind"]),
                count=row["count"],
            )
            for row in rows
        ]
