"""Early-warning storage: cases, their effects, and the cohort-wide history the scan reads
in one pass (one query per table for the whole cohort, never one per learner)."""

from __future__ import annotations

import json
from datetime import date, datetime

from db.convert import among, instant, parse_instant
from db.database import Database
from tutorat.models import Case

PEER_KINDS = ("peer_reply",)


_PARSED: dict[tuple, Case] = {}  # a case's row -> the case read from it (rows read again)
PARSED_KEPT = 5_000  # rows, about a kilobyte each


def _case(row) -> Case:
    """The case of this row: the daily scan reads every case of a cohort each day, and a
    case's row changes rarely; the same row gives the same (frozen) case, read once."""
    key = tuple(row)
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) >= PARSED_KEPT:
            _PARSED.clear()
        found = _PARSED[key] = _read_case(row)
    return found


def _read_case(row) -> Case:
    return Case(
        id=row["id"],
        cohort_id=row["cohort_id"],
        user_id=row["user_id"],
        tutor_id=row["tutor_id"],
        form=row["form"],
        signals=json.loads(row["signals"]),
        reasons=json.loads(row["reasons"]),
        opened_at=parse_instant(row["opened_at"]),
        acted_at=parse_instant(row["acted_at"]),
        contacted_at=parse_instant(row["contacted_at"]),
        snoozed_until=parse_instant(row["snoozed_until"]),
        reminded_at=parse_instant(row["reminded_at"]),
        escalated_at=parse_instant(row["escalated_at"]),
        closed_at=parse_instant(row["closed_at"]),
        outcome=row["outcome"],
        notes=row["notes"],
        next_step=row["next_step"],
        quiet_until=parse_instant(row["quiet_until"]),
        contacted_by=row["contacted_by"],
        closed_by=row["closed_by"],
    )


class CaseRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def atomic(self):
        """One transaction around several writes (a case and its prompt go in together)."""
        return self.db.transaction()

    # cases -----------------------------------------------------------------------------

    async def open(
        self,
        cohort_id: int,
        user_id: int,
        tutor_id: int | None,
        form: str,
        signals: list[str],
        reasons: list[str],
        at: datetime,
    ) -> int | None:
        """A new case; None when one of that form is already open for the learner."""
        async with self.db.transaction():  # joins the caller's transaction, if any
            return await self.db.insert(
                "INSERT INTO cases (cohort_id, user_id, tutor_id, form, signals, reasons,"
                " opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id, form) WHERE closed_at IS NULL DO NOTHING",
                (
                    cohort_id,
                    user_id,
                    tutor_id,
                    form,
                    json.dumps(signals),
                    json.dumps(reasons, ensure_ascii=False),
                    instant(at),
                ),
                about=user_id,
            )

    async def get(self, case_id: int) -> Case | None:
        row = await self.db.fetchone("SELECT * FROM cases WHERE id = ?", (case_id,))
        return _case(row) if row else None

    async def of_cohort(
        self, cohort_id: int, *, open_only: bool = True, users: list[int] | None = None
    ) -> list[Case]:
        """The cohort's cases (or those of some of its learners)."""
        narrow, params = among("user_id", users)
        sql = "SELECT * FROM cases WHERE cohort_id = ?" + narrow
        if open_only:
            sql += " AND closed_at IS NULL"
        rows = await self.db.fetchall(sql + " ORDER BY id", (cohort_id, *params))
        return [_case(row) for row in rows]

    async def opened_since(self, guild_id: int, since: datetime) -> dict[int, int]:
        """tutor -> cases opened for them since then, in every cohort of the server."""
        rows = await self.db.fetchall(
            "SELECT c.tutor_id, COUNT(*) AS n FROM cases c JOIN cohorts h ON h.id = c.cohort_id"
            " WHERE h.guild_id = ? AND c.opened_at >= ? AND c.tutor_id IS NOT NULL"
            " GROUP BY c.tutor_id",
            (guild_id, instant(since)),
        )
        return {row["tutor_id"]: row["n"] for row in rows}

    async def to_follow_up(self, cohort_id: int) -> list[Case]:
        """The open cases still waiting for a contact that may yet get a reminder or an
        escalation (one that had both gets nothing more)."""
        rows = await self.db.fetchall(
            "SELECT * FROM cases WHERE cohort_id = ? AND closed_at IS NULL"
            " AND contacted_at IS NULL AND (escalated_at IS NULL OR reminded_at IS NULL)"
            " ORDER BY id",
            (cohort_id,),
        )
        return [_case(row) for row in rows]

    async def of_learner(self, cohort_id: int, user_id: int) -> list[Case]:
        rows = await self.db.fetchall(
            "SELECT * FROM cases WHERE cohort_id = ? AND user_id = ? ORDER BY id",
            (cohort_id, user_id),
        )
        return [_case(row) for row in rows]

    async def of_tutor(self, tutor_id: int) -> list[Case]:
        rows = await self.db.fetchall(
            "SELECT * FROM cases WHERE tutor_id = ? AND closed_at IS NULL ORDER BY opened_at",
            (tutor_id,),
        )
        return [_case(row) for row in rows]

    async def update(self, case: Case, **fields: object) -> None:
        allowed = {
            "signals",
            "reasons",
            "acted_at",
            "contacted_at",
            "snoozed_until",
            "reminded_at",
            "escalated_at",
            "closed_at",
            "outcome",
            "notes",
            "next_step",
            "tutor_id",
            "quiet_until",
            "contacted_by",
            "closed_by",
        }
        assert set(fields) <= allowed, fields
        values = [
            json.dumps(v, ensure_ascii=False)
            if isinstance(v, list)
            else instant(v)
            if isinstance(v, datetime)
            else v
            for v in fields.values()
        ]
        sets = ", ".join(f"{name} = ?" for name in fields)
        await self.db.execute(
            f"UPDATE cases SET {sets} WHERE id = ?", (*values, case.id), about=case.user_id
        )

    async def save_effect(
        self, case_id: int, before: int, after: int, pulse_before, pulse_after, at: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO case_effects (case_id, activity_before, activity_after, pulse_before,"
            " pulse_after, computed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (case_id, before, after, pulse_before, pulse_after, instant(at)),
        )

    async def effects(self, cohort_ids: list[int]) -> list[dict]:
        if not cohort_ids:
            return []
        marks = ",".join("?" * len(cohort_ids))
        rows = await self.db.fetchall(
            "SELECT c.form, e.* FROM case_effects e JOIN cases c ON c.id = e.case_id"
            f" WHERE c.cohort_id IN ({marks})",
            tuple(cohort_ids),
        )
        return [dict(row) for row in rows]

    async def without_effect(self, cohort_id: int, contacted_before: datetime) -> list[Case]:
        rows = await self.db.fetchall(
            "SELECT c.* FROM cases c LEFT JOIN case_effects e ON e.case_id = c.id"
            " WHERE c.cohort_id = ? AND c.outcome = 'done' AND c.contacted_at IS NOT NULL"
            " AND c.contacted_at <= ? AND e.case_id IS NULL",
            (cohort_id, instant(contacted_before)),
        )
        return [_case(row) for row in rows]

    # the cohort-wide history, one query per table ----------------------------------------

    async def activity(self, guild_id: int, cohort_id: int, since: date) -> list:
        """(user, day, total, peer, platform) for every learner of the cohort, from `since`."""
        # learners first, then each one's rows by the primary key (guild, user, day, ...):
        # the cost follows the cohort's size, not the guild's whole history
        return await self.db.fetchall(
            "SELECT a.user_id, a.day, SUM(a.count) AS total,"
            " SUM(CASE WHEN a.kind = 'peer_reply' OR (a.place = 'pair' AND a.kind = 'message')"
            " THEN a.count ELSE 0 END) AS peer,"
            " SUM(CASE WHEN a.place = 'platform' THEN a.count ELSE 0 END) AS platform"
            " FROM learners l CROSS JOIN activity a"
            " WHERE l.cohort_id = ? AND a.guild_id = ? AND a.user_id = l.user_id AND a.day >= ?"
            " GROUP BY a.user_id, a.day",
            (cohort_id, guild_id, since.isoformat()),
        )

    async def last_active_before(self, guild_id: int, cohort_id: int, day: date) -> dict:
        """Learner -> the last day they were active before `day` (one index seek each)."""
        rows = await self.db.fetchall(
            "SELECT l.user_id, (SELECT MAX(a.day) FROM activity a WHERE a.guild_id = ?"
            " AND a.user_id = l.user_id AND a.day < ?) AS last"
            " FROM learners l WHERE l.cohort_id = ?",
            (guild_id, day.isoformat(), cohort_id),
        )
        return {r["user_id"]: date.fromisoformat(r["last"]) for r in rows if r["last"]}

    async def pulses(self, cohort_id: int) -> list:
        return await self.db.fetchall(
            "SELECT user_id, week, p1, p2, p3, p4, p5, p6 FROM pulse_answers WHERE cohort_id = ?",
            (cohort_id,),
        )

    async def checkpoint_status(
        self, cohort_id: int, now: datetime
    ) -> tuple[list, dict[tuple[int, int], datetime]]:
        """Past-due checkpoints (latest first) and the declarations made until `now`:
        (checkpoint, learner) -> when."""
        due = await self.db.fetchall(
            "SELECT id, name, due_at, weight FROM checkpoints WHERE cohort_id = ? AND due_at < ?"
            " ORDER BY due_at DESC",
            (cohort_id, instant(now)),
        )
        done = await self.db.fetchall(
            "SELECT d.checkpoint_id, d.user_id, d.done_at FROM checkpoint_done d"
            " JOIN checkpoints c ON c.id = d.checkpoint_id WHERE c.cohort_id = ? AND d.done_at <= ?",
            (cohort_id, instant(now)),
        )
        return list(due), {
            (r["checkpoint_id"], r["user_id"]): parse_instant(r["done_at"]) for r in done
        }

    # the score: each learner's highest so far, the watch list -----------------------------

    async def peaks(self, cohort_id: int) -> dict[int, float]:
        rows = await self.db.fetchall(
            "SELECT user_id, peak FROM warning_peaks WHERE cohort_id = ?", (cohort_id,)
        )
        return {row["user_id"]: row["peak"] for row in rows}

    async def raise_peaks(self, cohort_id: int, peaks: dict[int, float]) -> None:
        """Learners' new highest scores."""
        if peaks:
            await self.db.executemany(
                "INSERT INTO warning_peaks (cohort_id, user_id, peak) VALUES (?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id) DO UPDATE SET peak = excluded.peak",
                [(cohort_id, user, peak) for user, peak in peaks.items()],
            )

    async def replace_watch_list(self, cohort_id: int, rows: list[dict]) -> None:
        """Today's watch list of the cohort, in place of yesterday's."""
        async with self.db.transaction():
            await self.db.execute("DELETE FROM watch_list WHERE cohort_id = ?", (cohort_id,))
            if rows:
                await self.db.executemany(
                    "INSERT INTO watch_list (cohort_id, user_id, tutor_id, ranking, score,"
                    " threshold, past_cap, reasons, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            cohort_id,
                            r["user_id"],
                            r["tutor_id"],
                            r["ranking"],
                            r["score"],
                            r["threshold"],
                            int(r["past_cap"]),
                            json.dumps(r["reasons"], ensure_ascii=False),
                            r["day"],
                        )
                        for r in rows
                    ],
                )

    async def watch_list(self, cohort_id: int) -> list[dict]:
        """The cohort's watch list, highest score first."""
        rows = await self.db.fetchall(
            "SELECT user_id, tutor_id, ranking, score, threshold, past_cap, reasons, day"
            " FROM watch_list WHERE cohort_id = ? ORDER BY ranking",
            (cohort_id,),
        )
        return [
            {**dict(row), "past_cap": bool(row["past_cap"]), "reasons": json.loads(row["reasons"])}
            for row in rows
        ]

    async def partners_silent(self, cohort_id: int) -> dict[int, str]:
        """Learners who said, at the check-back of a pair still open, that their partner does
        not answer: user id -> when they said it."""
        rows = await self.db.fetchall(
            "SELECT k.user_id, k.answered_at FROM pair_checkbacks k"
            " JOIN pairs p ON p.id = k.pair_id JOIN pair_rounds r ON r.id = p.round_id"
            " WHERE r.cohort_id = ? AND r.closed_at IS NULL AND p.closed_at IS NULL"
            " AND k.answer = 'no_answer'",
            (cohort_id,),
        )
        return {row["user_id"]: row["answered_at"] for row in rows}

    async def goals_dropped(self, cohort_id: int) -> set[int]:
        rows = await self.db.fetchall(
            "SELECT DISTINCT user_id FROM goals WHERE cohort_id = ? AND stage != 'start'"
            " AND still_holds = 0",
            (cohort_id,),
        )
        return {row["user_id"] for row in rows}


class ExportRepository:
    """The rows the cohort export needs, one query per table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def accounts_and_tutors(
        self, cohort_id: int, users: list[int] | None = None
    ) -> tuple[dict[int, str], dict[int, int]]:
        """learner -> confirmed platform account; learner -> tutor (every learner's, or
        those of `users`)."""
        narrow, params = among("user_id", users)
        links = await self.db.fetchall(
            "SELECT user_id, account FROM platform_links"
            " WHERE cohort_id = ? AND confirmed_at IS NOT NULL" + narrow,
            (cohort_id, *params),
        )
        narrow, params = among("learner_id", users)
        tutors = await self.db.fetchall(
            "SELECT learner_id, tutor_id FROM assignments WHERE cohort_id = ?" + narrow,
            (cohort_id, *params),
        )
        return (
            {r["user_id"]: r["account"] for r in links},
            {r["learner_id"]: r["tutor_id"] for r in tutors},
        )

    async def rows(self, cohort_id: int, guild_id: int) -> tuple[list, list, list, list]:
        """activity (user, day, total, peer, platform); pulses (user, week, p1..p6); checkpoints done
        (user, when); cases opened (user, when)."""
        activity = await CaseRepository(self.db).activity(guild_id, cohort_id, date.min)
        pulses = await self.db.fetchall(
            "SELECT user_id, week, p1, p2, p3, p4, p5, p6 FROM pulse_answers WHERE cohort_id = ?",
            (cohort_id,),
        )
        done = await self.db.fetchall(
            "SELECT d.user_id, d.done_at FROM checkpoint_done d JOIN checkpoints c"
            " ON c.id = d.checkpoint_id WHERE c.cohort_id = ?",
            (cohort_id,),
        )
        cases = await self.db.fetchall(
            "SELECT user_id, opened_at FROM cases WHERE cohort_id = ?", (cohort_id,)
        )
        return (
            [
                (r["user_id"], date.fromisoformat(r["day"]), r["total"], r["peer"], r["platform"])
                for r in activity
            ],
            [tuple(r) for r in pulses],
            [(r["user_id"], parse_instant(r["done_at"])) for r in done],
            [(r["user_id"], parse_instant(r["opened_at"])) for r in cases],
        )
