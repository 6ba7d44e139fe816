"""Cohorts, their learners, and which channel is which place."""

from __future__ import annotations

from datetime import datetime

from db.convert import among, instant, parse_instant
from db.database import Database
from tutorat.models import Cohort, Learner, Place


def _cohort(row) -> Cohort:
    return Cohort(
        id=row["id"],
        guild_id=row["guild_id"],
        name=row["name"],
        tz=row["tz"],
        kickoff_at=parse_instant(row["kickoff_at"]),
        ends_at=parse_instant(row["ends_at"]),
        channel_id=row["channel_id"],
        role_id=row["role_id"],
        category_id=row["category_id"],
        event_id=row["event_id"],
        event_channel_id=row["event_channel_id"],
        event_link=row["event_link"],
        presentation=row["presentation"],
        locale=row["locale"],
        archived_at=parse_instant(row["archived_at"]),
        presence_time=row["presence_time"],
        presence_days=row["presence_days"],
        pulse_day=row["pulse_day"],
        pulse_time=row["pulse_time"],
        tutors_channel_id=row["tutors_channel_id"],
    )


def _learner(row) -> Learner:
    return Learner(
        cohort_id=row["cohort_id"],
        user_id=row["user_id"],
        joined_at=parse_instant(row["joined_at"]),
        started_at=parse_instant(row["started_at"]),
        left_at=parse_instant(row["left_at"]),
    )


class CohortRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        guild_id: int,
        name: str,
        tz: str,
        kickoff_at: datetime,
        ends_at: datetime | None,
        now: datetime,
        *,
        channel_id: int | None = None,
        role_id: int | None = None,
        category_id: int | None = None,
        event_id: int | None = None,
        event_channel_id: int | None = None,
        event_link: str | None = None,
        locale: str = "fr",
        tutor_id: int | None = None,
        routine: dict | None = None,
        tutors_channel_id: int | None = None,
    ) -> Cohort:
        """`routine`: presence_time, presence_days, pulse_day, pulse_time (config defaults)."""
        routine = {
            "presence_time": "09:00",
            "presence_days": "mon-fri",
            "pulse_day": 4,
            "pulse_time": "10:00",
            **(routine or {}),
        }
        async with self.db.transaction():
            cohort_id = await self.db.insert(
                "INSERT INTO cohorts (guild_id, name, tz, kickoff_at, ends_at, channel_id,"
                " role_id, category_id, event_id, event_channel_id, event_link, locale,"
                " created_at, presence_time, presence_days, pulse_day, pulse_time,"
                " tutors_channel_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    name,
                    tz,
                    instant(kickoff_at),
                    instant(ends_at),
                    channel_id,
                    role_id,
                    category_id,
                    event_id,
                    event_channel_id,
                    event_link,
                    locale,
                    instant(now),
                    routine["presence_time"],
                    routine["presence_days"],
                    routine["pulse_day"],
                    routine["pulse_time"],
                    tutors_channel_id,
                ),
            )
            if channel_id is not None:
                await self.set_place(channel_id, guild_id, cohort_id, Place.COHORT)
            if tutor_id is not None:
                await self.add_tutor(cohort_id, tutor_id)
        return await self.get(cohort_id)

    async def by_name(self, guild_id: int, name: str) -> Cohort | None:
        row = await self.db.fetchone(
            "SELECT * FROM cohorts WHERE guild_id = ? AND name = ?", (guild_id, name)
        )
        return _cohort(row) if row else None

    async def update_dates(
        self, cohort_id: int, kickoff_at: datetime, ends_at: datetime | None
    ) -> None:
        await self.db.execute(
            "UPDATE cohorts SET kickoff_at = ?, ends_at = ? WHERE id = ?",
            (instant(kickoff_at), instant(ends_at), cohort_id),
        )

    async def set_presentation(self, cohort_id: int, text: str) -> None:
        await self.db.execute("UPDATE cohorts SET presentation = ? WHERE id = ?", (text, cohort_id))

    async def archive(self, cohort_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE cohorts SET archived_at = ? WHERE id = ? AND archived_at IS NULL",
            (instant(now), cohort_id),
        )

    async def add_tutor(self, cohort_id: int, tutor_id: int) -> None:
        await self.db.execute(
            "INSERT INTO cohort_tutors (cohort_id, tutor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (cohort_id, tutor_id),
        )

    async def tutors(self, cohort_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT tutor_id FROM cohort_tutors WHERE cohort_id = ? ORDER BY tutor_id",
            (cohort_id,),
        )
        return [row["tutor_id"] for row in rows]

    async def get(self, cohort_id: int) -> Cohort | None:
        row = await self.db.fetchone("SELECT * FROM cohorts WHERE id = ?", (cohort_id,))
        return _cohort(row) if row else None

    async def active(self) -> list[Cohort]:
        rows = await self.db.fetchall("SELECT * FROM cohorts WHERE archived_at IS NULL ORDER BY id")
        return [_cohort(row) for row in rows]

    async def for_guild(self, guild_id: int) -> list[Cohort]:
        rows = await self.db.fetchall(
            "SELECT * FROM cohorts WHERE guild_id = ? AND archived_at IS NULL ORDER BY id",
            (guild_id,),
        )
        return [_cohort(row) for row in rows]

    async def set_place(
        self, channel_id: int, guild_id: int, cohort_id: int | None, place: Place
    ) -> None:
        await self.db.execute(
            "INSERT INTO places (channel_id, guild_id, cohort_id, place) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel_id) DO UPDATE SET cohort_id = excluded.cohort_id,"
            " place = excluded.place",
            (channel_id, guild_id, cohort_id, place.value),
        )

    async def places(self) -> dict[int, tuple[int | None, Place]]:
        rows = await self.db.fetchall("SELECT channel_id, cohort_id, place FROM places")
        return {row["channel_id"]: (row["cohort_id"], Place(row["place"])) for row in rows}


class LearnerRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def join(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        """Enter (or re-enter) a cohort; False if already an active learner."""
        async with self.db.transaction():
            changed = await self.db.execute(
                "INSERT INTO learners (cohort_id, user_id, joined_at) VALUES (?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id) DO UPDATE SET left_at = NULL"
                " WHERE learners.left_at IS NOT NULL",
                (cohort_id, user_id, instant(now)),
            )
        return changed == 1

    async def start(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        """Record the « Je démarre »; False when it was already recorded."""
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE learners SET started_at = ? WHERE cohort_id = ? AND user_id = ?"
                " AND started_at IS NULL",
                (instant(now), cohort_id, user_id),
                about=user_id,
            )
        return changed == 1

    async def leave(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE learners SET left_at = ? WHERE cohort_id = ? AND user_id = ?"
                " AND left_at IS NULL",
                (instant(now), cohort_id, user_id),
            )
        return changed == 1

    async def get(self, cohort_id: int, user_id: int) -> Learner | None:
        row = await self.db.fetchone(
            "SELECT * FROM learners WHERE cohort_id = ? AND user_id = ?", (cohort_id, user_id)
        )
        return _learner(row) if row else None

    async def of_cohort(self, cohort_id: int, users: list[int] | None = None) -> list[Learner]:
        """The cohort's learners (or those of them among `users`)."""
        narrow, params = among("user_id", users)
        rows = await self.db.fetchall(
            "SELECT * FROM learners WHERE cohort_id = ?" + narrow + " ORDER BY user_id",  # noqa: S608
            (cohort_id, *params),
        )
        return [_learner(row) for row in rows]

    async def cohorts_of(self, user_id: int, guild_id: int | None = None) -> list[int]:
        """The cohorts a member is an active learner of (in one guild, if given)."""
        rows = await self.db.fetchall(
            "SELECT l.cohort_id FROM learners l JOIN cohorts c ON c.id = l.cohort_id"
            " WHERE l.user_id = ? AND l.left_at IS NULL AND (? IS NULL OR c.guild_id = ?)",
            (user_id, guild_id, guild_id),
        )
        return [row["cohort_id"] for row in rows]

    async def not_started(self, cohort_id: int, since_day: str) -> list[Learner]:
        """Active learners with no « Je démarre » and no activity from `since_day` on."""
        rows = await self.db.fetchall(
            "SELECT l.* FROM learners l JOIN cohorts c ON c.id = l.cohort_id"
            " WHERE l.cohort_id = ? AND l.left_at IS NULL AND l.started_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.guild_id = c.guild_id"
            " AND a.user_id = l.user_id AND a.day >= ? AND a.count > 0)"
            " ORDER BY l.joined_at, l.user_id",
            (cohort_id, since_day),
        )
        return [_learner(row) for row in rows]
