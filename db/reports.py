"""What the tutors' reports read: a cohort's rows in one query per table, one learner's rows,
the tutors' posts and the help channel's waiting times."""

from __future__ import annotations

import json
from datetime import date, datetime

from db.cases import CaseRepository, _case
from db.cohorts import LearnerRepository
from db.convert import instant, parse_instant
from db.database import Database
from db.routine import CheckpointRepository
from tutorat.models import Cohort
from tutorat.reports import CohortRows


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.cases = CaseRepository(db)
        self.checkpoints = CheckpointRepository(db)

    async def cohort_rows(self, cohort: Cohort, since: date = date.min) -> CohortRows:
        """The cohort's rows; its learners' activity from `since` on."""
        activity = await self.cases.activity(cohort.guild_id, cohort.id, since)
        anonymous = await self.db.fetchall(
            "SELECT day, total, peer FROM anonymous_activity WHERE cohort_id = ?", (cohort.id,)
        )
        pulses = await self.cases.pulses(cohort.id)
        cases = await self.db.fetchall("SELECT * FROM cases WHERE cohort_id = ?", (cohort.id,))
        effects = await self.cases.effects([cohort.id])
        pairs = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM pairs p JOIN pair_rounds r ON r.id = p.round_id"
            " WHERE r.cohort_id = ? AND r.closed_at IS NULL AND p.closed_at IS NULL",
            (cohort.id,),
        )
        tutors = await self.db.fetchall(
            "SELECT learner_id, tutor_id FROM assignments WHERE cohort_id = ?", (cohort.id,)
        )
        links = await self.db.fetchall(
            "SELECT user_id, confirmed_at FROM platform_links WHERE cohort_id = ?", (cohort.id,)
        )
        sources = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM platform_sources WHERE cohort_id = ?", (cohort.id,)
        )
        return CohortRows(
            cohort=cohort,
            learners=await LearnerRepository(self.db).of_cohort(cohort.id),
            activity=[
                (r["user_id"], date.fromisoformat(r["day"]), r["total"], r["peer"])
                for r in activity
            ],
            anonymous=[(date.fromisoformat(r["day"]), r["total"], r["peer"]) for r in anonymous],
            pulses=[
                (r["user_id"], r["week"], tuple(r[f"p{i}"] for i in range(1, 7))) for r in pulses
            ],
            cases=[_case(row) for row in cases],
            effects={e["case_id"]: (e["activity_before"], e["activity_after"]) for e in effects},
            checkpoints=await self.checkpoints.of_cohort(cohort.id),
            done=await self.checkpoints.done_counts(cohort.id),
            pairs_active=pairs["n"],
            tutors={r["learner_id"]: r["tutor_id"] for r in tutors},
            linked={r["user_id"]: r["confirmed_at"] is not None for r in links},
            platform=bool(links) or sources["n"] > 0,
        )

    async def learner_activity(self, guild_id: int, user_id: int, since: date) -> list:
        rows = await self.db.fetchall(
            "SELECT day, SUM(count) AS total,"
            " SUM(CASE WHEN place = 'platform' THEN count ELSE 0 END) AS platform"
            " FROM activity WHERE guild_id = ? AND user_id = ? AND day >= ? GROUP BY day",
            (guild_id, user_id, since.isoformat()),
        )
        return [(date.fromisoformat(r["day"]), r["total"], r["platform"]) for r in rows]

    async def learner_checkpoints(
        self, cohort_id: int, user_id: int
    ) -> list[tuple[str, datetime, datetime | None, bool]]:
        """The cohort's checkpoints, each with the learner's declaration: (name, due, done at
        or None, late)."""
        rows = await self.db.fetchall(
            "SELECT c.name, c.due_at, d.done_at, d.late FROM checkpoints c"
            " LEFT JOIN checkpoint_done d ON d.checkpoint_id = c.id AND d.user_id = ?"
            " WHERE c.cohort_id = ? ORDER BY c.due_at, c.id",
            (user_id, cohort_id),
        )
        return [
            (
                r["name"],
                parse_instant(r["due_at"]),
                parse_instant(r["done_at"]) if r["done_at"] else None,
                bool(r["late"]),
            )
            for r in rows
        ]

    async def learner_watch(self, cohort_id: int, user_id: int) -> tuple[date, list[str]] | None:
        """The day the learner was last put on the watch list, and why (None: not on it)."""
        row = await self.db.fetchone(
            "SELECT day, reasons FROM watch_list WHERE cohort_id = ? AND user_id = ?",
            (cohort_id, user_id),
        )
        if row is None:
            return None
        return date.fromisoformat(str(row["day"])), json.loads(row["reasons"])

    async def tutor_posts(
        self, guild_id: int, tutors: list[int], first: date, last: date
    ) -> dict[int, int]:
        """Messages each tutor wrote in cohort channels of the server, days first..last."""
        if not tutors:
            return {}
        marks = ",".join("?" * len(tutors))
        rows = await self.db.fetchall(
            "SELECT user_id, SUM(count) AS n FROM activity WHERE guild_id = ?"
            f" AND user_id IN ({marks}) AND place = 'cohort' AND kind = 'message'"
            " AND day BETWEEN ? AND ? GROUP BY user_id",
            (guild_id, *tutors, first.isoformat(), last.isoformat()),
        )
        return {r["user_id"]: r["n"] for r in rows}

    async def help_waits(self, cohort_id: int, since: datetime) -> list:
        rows = await self.db.fetchall(
            "SELECT asked_at, answered_at, tutor_id FROM help_waits"
            " WHERE cohort_id = ? AND asked_at >= ? ORDER BY asked_at",
            (cohort_id, instant(since)),
        )
        return [
            (parse_instant(r["asked_at"]), parse_instant(r["answered_at"]), r["tutor_id"])
            for r in rows
        ]

    async def watching(self, cohort_id: int) -> tuple[int, int]:
        """How many learners wait on the cohort's watch list, and how many of them are over
        the threshold (past their tutor's weekly cap)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n, COALESCE(SUM(past_cap), 0) AS over FROM watch_list"
            " WHERE cohort_id = ?",
            (cohort_id,),
        )
        return int(row["n"]), int(row["over"])

    async def has_help_channel(self, cohort_id: int) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM places WHERE cohort_id = ? AND place = 'help'", (cohort_id,)
        )
        return row is not None
