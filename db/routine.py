"""Breaks, the presence queue and duty, checkpoints, and pulse answers."""

from __future__ import annotations

from datetime import date, datetime

from db.convert import instant, parse_instant
from db.database import Database
from tutorat.calendar import Break
from tutorat.models import Checkpoint, PresenceItem, PulseAnswer


class BreakRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, cohort_id: int, first: date, last: date, now: datetime) -> int:
        return await self.db.insert(
            "INSERT INTO breaks (cohort_id, first_day, last_day, created_at) VALUES (?, ?, ?, ?)",
            (cohort_id, first.isoformat(), last.isoformat(), instant(now)),
        )

    async def of_cohort(self, cohort_id: int) -> list[Break]:
        rows = await self.db.fetchall(
            "SELECT * FROM breaks WHERE cohort_id = ? ORDER BY first_day", (cohort_id,)
        )
        return [
            Break(
                row["cohort_id"],
                date.fromisoformat(row["first_day"]),
                date.fromisoformat(row["last_day"]),
                row["id"],
            )
            for row in rows
        ]


class PresenceRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def queue(
        self, cohort_id: int, day: date, body: str, author_id: int, now: datetime
    ) -> int:
        return await self.db.insert(
            "INSERT INTO presence_items (cohort_id, day, body, author_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (cohort_id, day.isoformat(), body, author_id, instant(now)),
        )

    async def items(
        self, cohort_id: int, since: date | None = None, day: date | None = None
    ) -> list[PresenceItem]:
        sql = "SELECT * FROM presence_items WHERE cohort_id = ?"
        params: tuple = (cohort_id,)
        if day is not None:
            sql, params = sql + " AND day = ?", (*params, day.isoformat())
        if since is not None:
            sql, params = sql + " AND day >= ?", (*params, since.isoformat())
        rows = await self.db.fetchall(sql + " ORDER BY day, id", params)
        return [
            PresenceItem(
                row["id"],
                row["cohort_id"],
                date.fromisoformat(row["day"]),
                row["body"],
                row["author_id"],
            )
            for row in rows
        ]

    async def remove(self, cohort_id: int, item_id: int) -> bool:
        return (
            await self.db.execute(
                "DELETE FROM presence_items WHERE cohort_id = ? AND id = ?", (cohort_id, item_id)
            )
            == 1
        )

    async def set_duty(self, cohort_id: int, day: date, tutor_id: int) -> None:
        await self.db.execute(
            "INSERT INTO duty (cohort_id, day, tutor_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (cohort_id, day.isoformat(), tutor_id),
        )

    async def on_duty(self, cohort_id: int, day: date) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT tutor_id FROM duty WHERE cohort_id = ? AND day = ? ORDER BY tutor_id",
            (cohort_id, day.isoformat()),
        )
        return [row["tutor_id"] for row in rows]


def _checkpoint(row) -> Checkpoint:
    return Checkpoint(row["id"], row["cohort_id"], row["name"], parse_instant(row["due_at"]))


class CheckpointRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        cohort_id: int,
        name: str,
        due_at: datetime,
        now: datetime,
        weight: float | None = None,
    ) -> int | None:
        return await self.db.insert(
            "INSERT INTO checkpoints (cohort_id, name, due_at, created_at, weight)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cohort_id, name) DO NOTHING",
            (cohort_id, name, instant(due_at), instant(now), weight),
        )

    async def get(self, checkpoint_id: int) -> Checkpoint | None:
        row = await self.db.fetchone("SELECT * FROM checkpoints WHERE id = ?", (checkpoint_id,))
        return _checkpoint(row) if row else None

    async def of_cohort(self, cohort_id: int) -> list[Checkpoint]:
        rows = await self.db.fetchall(
            "SELECT * FROM checkpoints WHERE cohort_id = ? ORDER BY due_at, id", (cohort_id,)
        )
        return [_checkpoint(row) for row in rows]

    async def by_name(self, cohort_id: int, name: str) -> Checkpoint | None:
        row = await self.db.fetchone(
            "SELECT * FROM checkpoints WHERE cohort_id = ? AND lower(name) = lower(?)",
            (cohort_id, name),
        )
        return _checkpoint(row) if row else None

    async def change(self, checkpoint_id: int, name: str, due_at: datetime) -> None:
        """A new name or date; declarations made are kept, late or not by the new date."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE checkpoints SET name = ?, due_at = ? WHERE id = ?",
                (name, instant(due_at), checkpoint_id),
            )
            await self.db.execute(
                "UPDATE checkpoint_done SET late = CASE WHEN done_at > ? THEN 1 ELSE 0 END"
                " WHERE checkpoint_id = ?",
                (instant(due_at), checkpoint_id),
            )

    async def remove(self, checkpoint_id: int) -> None:
        """The checkpoint and its declarations (a deadline typed by mistake)."""
        await self.db.execute("DELETE FROM checkpoints WHERE id = ?", (checkpoint_id,))

    async def declare(self, checkpoint_id: int, user_id: int, now: datetime, late: bool) -> bool:
        """Record a learner's « fait »; False when it was already declared."""
        return (
            await self.db.execute(
                "INSERT INTO checkpoint_done (checkpoint_id, user_id, done_at, late)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (checkpoint_id, user_id, instant(now), int(late)),
                about=user_id,
            )
            == 1
        )

    async def done_by(self, cohort_id: int, user_id: int) -> dict[int, bool]:
        """checkpoint id -> declared late?"""
        rows = await self.db.fetchall(
            "SELECT d.checkpoint_id, d.late FROM checkpoint_done d"
            " JOIN checkpoints c ON c.id = d.checkpoint_id"
            " WHERE c.cohort_id = ? AND d.user_id = ?",
            (cohort_id, user_id),
        )
        return {row["checkpoint_id"]: bool(row["late"]) for row in rows}

    async def done_counts(self, cohort_id: int) -> dict[int, int]:
        rows = await self.db.fetchall(
            "SELECT c.id, COUNT(d.user_id) AS n FROM checkpoints c"
            " LEFT JOIN checkpoint_done d ON d.checkpoint_id = c.id"
            " WHERE c.cohort_id = ? GROUP BY c.id",
            (cohort_id,),
        )
        return {row["id"]: row["n"] for row in rows}


def _answer(row) -> PulseAnswer:
    return PulseAnswer(
        row["cohort_id"],
        row["user_id"],
        row["week"],
        tuple(row[f"p{i}"] for i in range(1, 7)),
        parse_instant(row["answered_at"]),
        parse_instant(row["updated_at"]),
    )


class PulseRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(
        self, cohort_id: int, user_id: int, week: int, answers: tuple, now: datetime
    ) -> bool:
        """Store (or replace) a learner's answer for a week; True if it is a first answer."""
        existed = await self.get(cohort_id, user_id, week) is not None
        await self.db.execute(
            "INSERT INTO pulse_answers (cohort_id, user_id, week, p1, p2, p3, p4, p5, p6,"
            " answered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (cohort_id, user_id, week) DO UPDATE SET p1 = excluded.p1,"
            " p2 = excluded.p2, p3 = excluded.p3, p4 = excluded.p4, p5 = excluded.p5,"
            " p6 = excluded.p6, updated_at = excluded.updated_at",
            (cohort_id, user_id, week, *answers, instant(now), instant(now)),
            about=user_id,
        )
        return not existed

    async def get(self, cohort_id: int, user_id: int, week: int) -> PulseAnswer | None:
        row = await self.db.fetchone(
            "SELECT * FROM pulse_answers WHERE cohort_id = ? AND user_id = ? AND week = ?",
            (cohort_id, user_id, week),
        )
        return _answer(row) if row else None

    async def of_week(self, cohort_id: int, week: int) -> list[PulseAnswer]:
        rows = await self.db.fetchall(
            "SELECT * FROM pulse_answers WHERE cohort_id = ? AND week = ? ORDER BY user_id",
            (cohort_id, week),
        )
        return [_answer(row) for row in rows]

    async def of_learner(self, cohort_id: int, user_id: int) -> list[PulseAnswer]:
        rows = await self.db.fetchall(
            "SELECT * FROM pulse_answers WHERE cohort_id = ? AND user_id = ? ORDER BY week",
            (cohort_id, user_id),
        )
        return [_answer(row) for row in rows]
