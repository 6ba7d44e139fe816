"""Server settings, tutor assignments and learners' personal goals."""

from __future__ import annotations

from datetime import datetime

from db.convert import instant, parse_instant
from db.database import Database
from tutorat.models import Goals, GuildSettings


class SettingsRepository:
    """Read on every message of a help channel (is the author a tutor?): kept in memory once
    read. This repository is the only writer of guild_settings, and one process runs the bot."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: dict[int, GuildSettings] = {}

    async def get(self, guild_id: int) -> GuildSettings:
        known = self._known.get(guild_id)
        if known is not None:
            return known
        row = await self.db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        if row is None:
            settings = GuildSettings(guild_id)
        else:
            settings = GuildSettings(guild_id, row["tutor_role_id"], row["coordinator_role_id"])
        self._known[guild_id] = settings
        return settings

    async def save(self, settings: GuildSettings, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO guild_settings (guild_id, tutor_role_id, coordinator_role_id,"
            " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
            " tutor_role_id = excluded.tutor_role_id,"
            " coordinator_role_id = excluded.coordinator_role_id,"
            " updated_at = excluded.updated_at",
            (settings.guild_id, settings.tutor_role_id, settings.coordinator_role_id, instant(now)),
        )
        self._known[settings.guild_id] = settings


class AssignmentRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def assign(self, cohort_id: int, learner_id: int, tutor_id: int, *, chosen: bool) -> None:
        await self.db.execute(
            "INSERT INTO assignments (cohort_id, learner_id, tutor_id, chosen)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (cohort_id, learner_id) DO UPDATE SET"
            " tutor_id = excluded.tutor_id, chosen = excluded.chosen",
            (cohort_id, learner_id, tutor_id, int(chosen)),
            about=learner_id,
        )

    async def tutor_of(self, cohort_id: int, learner_id: int) -> int | None:
        row = await self.db.fetchone(
            "SELECT tutor_id FROM assignments WHERE cohort_id = ? AND learner_id = ?",
            (cohort_id, learner_id),
        )
        return row["tutor_id"] if row else None

    async def loads(self, cohort_id: int) -> dict[int, int]:
        """How many active learners each tutor of the cohort follows."""
        rows = await self.db.fetchall(
            "SELECT t.tutor_id, COUNT(l.user_id) AS n FROM cohort_tutors t"
            " LEFT JOIN assignments a ON a.cohort_id = t.cohort_id AND a.tutor_id = t.tutor_id"
            " LEFT JOIN learners l ON l.cohort_id = a.cohort_id AND l.user_id = a.learner_id"
            " AND l.left_at IS NULL"
            " WHERE t.cohort_id = ? GROUP BY t.tutor_id",
            (cohort_id,),
        )
        return {row["tutor_id"]: row["n"] for row in rows}


class GoalsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, goals: Goals) -> None:
        await self.db.execute(
            "INSERT INTO goals (cohort_id, user_id, stage, aim, hours, obstacles, still_holds,"
            " written_at, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (cohort_id, user_id, stage) DO UPDATE SET aim = excluded.aim,"
            " hours = excluded.hours, obstacles = excluded.obstacles,"
            " still_holds = excluded.still_holds, written_at = excluded.written_at,"
            " changed = excluded.changed",
            (
                goals.cohort_id,
                goals.user_id,
                goals.stage,
                goals.aim,
                goals.hours,
                goals.obstacles,
                None if goals.still_holds is None else int(goals.still_holds),
                instant(goals.written_at),
                goals.changed,
            ),
            about=goals.user_id,
        )

    async def get(self, cohort_id: int, user_id: int, stage: str) -> Goals | None:
        row = await self.db.fetchone(
            "SELECT * FROM goals WHERE cohort_id = ? AND user_id = ? AND stage = ?",
            (cohort_id, user_id, stage),
        )
        if row is None:
            return None
        holds = row["still_holds"]
        return Goals(
            row["cohort_id"],
            row["user_id"],
            row["stage"],
            row["aim"],
            row["hours"],
            row["obstacles"],
            parse_instant(row["written_at"]),
            None if holds is None else bool(holds),
            row["changed"],
        )
