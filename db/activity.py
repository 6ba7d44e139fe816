"""Activity counts per member, day, place and kind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from db.convert import instant
from db.database import Database
from tutorat.activity import HelpEvent
from tutorat.models import ActivityCount, ActivityKind, Place


class ActivityRepository:
    TABLES = ("activity", "help_waits", "meta")  # what a write of counts of activity writes

    def __init__(self, db: Database) -> None:
        self.db = db

    @asynccontextmanager
    async def once(self, name: str) -> AsyncIterator[bool]:
        """A transaction for the batch `name`: its mark is written in it, so a batch whose
        commit landed unseen (the connection cut at that moment) is found, not added twice.
        The marks of this process's earlier batches, all settled by then, go in the same
        transaction."""
        process = name.split(":", 1)[0]
        async with self.db.transaction():
            new = await self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, '') ON CONFLICT (key) DO NOTHING",
                (f"activity-batch:{name}",),
            )
            await self.db.execute(
                "DELETE FROM meta WHERE key LIKE ? AND key != ?",
                (f"activity-batch:{process}:%", f"activity-batch:{name}"),
            )
            yield new == 1

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
                about={c.user_id for c in counts},
            )

    async def add_help(self, events: list[HelpEvent]) -> None:
        """In order: a learner's message opens a question unless one is open; a tutor's
        message answers the open questions it is addressed to (all of them if none)."""
        if not events:
            return
        questions: list[tuple] = []  # learners' messages since the last tutor's: one batch

        async def ask() -> None:
            if questions:
                await self.db.executemany(
                    "INSERT OR IGNORE INTO help_waits (cohort_id, channel_id, user_id,"
                    " asked_at) VALUES (?, ?, ?, ?)",
                    questions,
                )
                questions.clear()

        async with self.db.transaction():
            for e in events:
                if not e.tutor:
                    questions.append((e.cohort_id, e.channel_id, e.user_id, instant(e.at)))
                    continue
                await ask()  # the questions before this answer are open when it comes
                marks = ",".join("?" * len(e.to))
                to = f" AND user_id IN ({marks})" if e.to else ""
                await self.db.execute(
                    "UPDATE help_waits SET answered_at = ?, tutor_id = ?"
                    " WHERE channel_id = ? AND answered_at IS NULL" + to,
                    (instant(e.at), e.user_id, e.channel_id, *e.to),
                )
            await ask()

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
