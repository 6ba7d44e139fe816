"""Peer pairs: preferences, rounds, pairs and members, check-back answers."""

from __future__ import annotations

from datetime import datetime

from db.convert import instant, parse_instant
from db.database import Database


class PairRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def atomic(self):
        return self.db.transaction()

    async def save_prefs(
        self, cohort_id: int, user_id: int, prefs: dict, status: str, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO pair_prefs (cohort_id, user_id, languages, utc_offset, slots,"
            " planned_hours, tutor_only, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (cohort_id, user_id) DO UPDATE SET languages = excluded.languages,"
            " utc_offset = excluded.utc_offset, slots = excluded.slots,"
            " planned_hours = excluded.planned_hours, tutor_only = excluded.tutor_only,"
            " status = excluded.status, updated_at = excluded.updated_at",
            (
                cohort_id,
                user_id,
                prefs["languages"],
                prefs["utc_offset"],
                prefs["slots"],
                prefs["planned_hours"],
                int(prefs["tutor_only"]),
                status,
                instant(now),
            ),
        )

    async def set_status(self, cohort_id: int, user_id: int, status: str, now: datetime) -> bool:
        return (
            await self.db.execute(
                "UPDATE pair_prefs SET status = ?, updated_at = ? WHERE cohort_id = ? AND user_id = ?",
                (status, instant(now), cohort_id, user_id),
            )
            == 1
        )

    async def prefs(self, cohort_id: int) -> list:
        return await self.db.fetchall(
            "SELECT p.* FROM pair_prefs p JOIN learners l ON l.cohort_id = p.cohort_id"
            " AND l.user_id = p.user_id WHERE p.cohort_id = ? AND l.left_at IS NULL"
            " ORDER BY p.user_id",
            (cohort_id,),
        )

    async def current_round(self, cohort_id: int):
        return await self.db.fetchone(
            "SELECT * FROM pair_rounds WHERE cohort_id = ? AND closed_at IS NULL"
            " ORDER BY number DESC LIMIT 1",
            (cohort_id,),
        )

    async def last_number(self, cohort_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT MAX(number) AS n FROM pair_rounds WHERE cohort_id = ?", (cohort_id,)
        )
        return row["n"] or 0

    async def open_round(self, cohort_id: int, number: int, now: datetime) -> int:
        return await self.db.insert(
            "INSERT INTO pair_rounds (cohort_id, number, started_at) VALUES (?, ?, ?)",
            (cohort_id, number, instant(now)),
        )

    async def close_round(self, round_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE pair_rounds SET closed_at = ? WHERE id = ?", (instant(now), round_id)
        )
        await self.db.execute(
            "UPDATE pairs SET closed_at = ? WHERE round_id = ? AND closed_at IS NULL",
            (instant(now), round_id),
        )

    async def drop_round(self, round_id: int) -> None:
        await self.db.execute("DELETE FROM pair_rounds WHERE id = ?", (round_id,))

    async def add_pair(
        self, round_id: int, members: tuple[int, ...], space_id: int, is_thread: bool
    ) -> int:
        pair_id = await self.db.insert(
            "INSERT INTO pairs (round_id, space_id, is_thread) VALUES (?, ?, ?)",
            (round_id, space_id, int(is_thread)),
        )
        await self.db.executemany(
            "INSERT INTO pair_members (pair_id, user_id) VALUES (?, ?)",
            [(pair_id, user) for user in members],
        )
        return pair_id

    async def add_member(self, pair_id: int, user_id: int) -> None:
        await self.db.execute(
            "INSERT INTO pair_members (pair_id, user_id) VALUES (?, ?)"
            " ON CONFLICT (pair_id, user_id) DO UPDATE SET left_at = NULL",
            (pair_id, user_id),
        )

    async def member_left(self, pair_id: int, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE pair_members SET left_at = ? WHERE pair_id = ? AND user_id = ?",
            (instant(now), pair_id, user_id),
        )

    async def pairs_of_round(self, round_id: int) -> list[dict]:
        rows = await self.db.fetchall(
            "SELECT p.id, p.space_id, p.is_thread, m.user_id, m.left_at FROM pairs p"
            " JOIN pair_members m ON m.pair_id = p.id WHERE p.round_id = ? ORDER BY p.id",
            (round_id,),
        )
        pairs: dict[int, dict] = {}
        for row in rows:
            pair = pairs.setdefault(
                row["id"],
                {
                    "id": row["id"],
                    "space_id": row["space_id"],
                    "is_thread": bool(row["is_thread"]),
                    "members": [],
                    "left": [],
                },
            )
            (pair["left"] if row["left_at"] else pair["members"]).append(row["user_id"])
        return list(pairs.values())

    async def recent_pairs(self, cohort_id: int, since: datetime) -> set[frozenset[int]]:
        rows = await self.db.fetchall(
            "SELECT a.user_id AS a, b.user_id AS b FROM pair_members a"
            " JOIN pair_members b ON a.pair_id = b.pair_id AND a.user_id < b.user_id"
            " JOIN pairs p ON p.id = a.pair_id JOIN pair_rounds r ON r.id = p.round_id"
            " WHERE r.cohort_id = ? AND r.started_at >= ?",
            (cohort_id, instant(since)),
        )
        return {frozenset((row["a"], row["b"])) for row in rows}

    async def space(self, space_id: int):
        return await self.db.fetchone(
            "SELECT p.*, r.cohort_id FROM pairs p JOIN pair_rounds r ON r.id = p.round_id"
            " WHERE p.space_id = ?",
            (space_id,),
        )

    async def pair(self, pair_id: int):
        return await self.db.fetchone(
            "SELECT p.*, r.cohort_id FROM pairs p JOIN pair_rounds r ON r.id = p.round_id"
            " WHERE p.id = ?",
            (pair_id,),
        )

    async def checkback(self, pair_id: int, user_id: int, answer: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO pair_checkbacks (pair_id, user_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (pair_id, user_id) DO UPDATE SET"
            " answer = excluded.answer, answered_at = excluded.answered_at",
            (pair_id, user_id, answer, instant(now)),
        )

    async def checkbacks(self, round_id: int) -> dict[int, dict[int, str]]:
        rows = await self.db.fetchall(
            "SELECT c.* FROM pair_checkbacks c JOIN pairs p ON p.id = c.pair_id"
            " WHERE p.round_id = ?",
            (round_id,),
        )
        found: dict[int, dict[int, str]] = {}
        for row in rows:
            found.setdefault(row["pair_id"], {})[row["user_id"]] = row["answer"]
        return found

    async def started(self, round_row) -> datetime:
        return parse_instant(round_row["started_at"])
