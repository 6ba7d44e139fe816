"""The outbox table: work recorded before it is sent, then marked sent (or failed)."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from db.convert import instant, parse_instant
from db.database import Database
from tutorat.models import OutboxItem, OutboxStatus
from tutorat.shards import EVERY_GUILD, Shards


def _item(row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        key=row["key"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        user_id=row["user_id"],
        payload=json.loads(row["payload"]),
        status=OutboxStatus(row["status"]),
        attempts=row["attempts"],
        next_attempt_at=parse_instant(row["next_attempt_at"]),
        created_at=parse_instant(row["created_at"]),
        last_error=row["last_error"],
        error_code=row["error_code"],
        message_id=row["message_id"],
        sent_at=parse_instant(row["sent_at"]),
    )


LEASE = timedelta(minutes=5)  # a claimed item is this process's for that long


class OutboxRepository:
    def __init__(self, db: Database, shards: Shards = EVERY_GUILD) -> None:
        self.db = db
        self.shards = shards

    def _mine(self) -> tuple[str, tuple]:
        """The SQL condition (and its parameters) for this process's guilds."""
        if self.shards.all:
            return "", ()
        marks = ", ".join("?" * len(self.shards.ids))
        return (
            f" AND ((COALESCE(guild_id, 0) >> 22) % ?) IN ({marks})",
            (self.shards.count, *sorted(self.shards.ids)),
        )

    async def add(
        self,
        key: str,
        payload: dict,
        now: datetime,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
    ) -> bool:
        """Record a message to send; False when that key was already recorded."""
        async with self.db.transaction():
            new_id = await self.db.insert(
                "INSERT INTO outbox (key, guild_id, channel_id, user_id, payload,"
                " next_attempt_at, created_at, audience) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                (
                    key,
                    guild_id,
                    channel_id,
                    user_id,
                    json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    instant(now),
                    instant(now),
                    payload.get("audience"),
                ),
            )
        return new_id is not None

    async def get(self, key: str) -> OutboxItem | None:
        row = await self.db.fetchone("SELECT * FROM outbox WHERE key = ?", (key,))
        return _item(row) if row else None

    async def recorded(self, keys: list[str]) -> set[str]:
        """Which of these keys the outbox holds (one query)."""
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = await self.db.fetchall(f"SELECT key FROM outbox WHERE key IN ({marks})", tuple(keys))
        return {r["key"] for r in rows}

    async def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
            " ORDER BY next_attempt_at, id LIMIT ?",
            (instant(now), limit),
        )
        return [_item(row) for row in rows]

    async def claim(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        """The due items of this process's guilds, oldest first, taken for LEASE: their
        next_attempt_at moves to now + LEASE in the same statement, so another process (or a
        second flush) does not take them; marking them sent, retried or failed ends the lease.
        A process that dies holding one lets it go when the lease is over (the nonce keeps a
        second send from posting twice). PostgreSQL skips rows another claim is locking."""
        mine, params = self._mine()
        async with self.db.transaction():
            rows = await self.db.fetchall(
                "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
                + mine
                + " ORDER BY next_attempt_at, id LIMIT ?"
                + self.db.skip_locked,
                (instant(now), *params, limit),
            )
            if rows:
                marks = ", ".join("?" * len(rows))
                await self.db.execute(
                    f"UPDATE outbox SET next_attempt_at = ? WHERE id IN ({marks})",
                    (instant(now + LEASE), *(row["id"] for row in rows)),
                )
        return [_item(row) for row in rows]

    async def next_attempt(self) -> datetime | None:
        """When the earliest pending item is due (to wake up a virtual clock)."""
        mine, params = self._mine()
        row = await self.db.fetchone(
            "SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'pending'" + mine,
            params,
        )
        return parse_instant(row["t"]) if row and row["t"] else None

    async def mark_sent(self, item_id: int, message_id: int, now: datetime) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?,"
                " attempts = attempts + 1, last_error = NULL WHERE id = ?",
                (message_id, instant(now), item_id),
            )

    async def mark_retry(
        self, item_id: int, next_at: datetime, error: str, code: int | None
    ) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                " last_error = ?, error_code = ? WHERE id = ?",
                (instant(next_at), error, code, item_id),
            )

    async def postpone(self, item_id: int, until: datetime) -> None:
        """Held back (quiet hours, weekly budget): not an attempt, just later."""
        await self.db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE id = ?", (instant(until), item_id)
        )

    async def sent_to(self, user_id: int, since: datetime) -> list[datetime]:
        """When the learner's recent direct messages went out."""
        rows = await self.db.fetchall(
            "SELECT sent_at FROM outbox WHERE user_id = ? AND audience = 'learner'"
            " AND status = 'sent' AND sent_at >= ?",
            (user_id, instant(since)),
        )
        return [parse_instant(row["sent_at"]) for row in rows]

    async def dm_limit(self, guild_id: int | None, user_id: int, default: int) -> int:
        row = await self.db.fetchone(
            "SELECT per_week FROM notify_prefs WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return min(default, row["per_week"]) if row else default

    async def set_dm_limit(self, guild_id: int, user_id: int, per_week: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO notify_prefs (guild_id, user_id, per_week, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, user_id) DO UPDATE SET per_week = excluded.per_week,"
            " updated_at = excluded.updated_at",
            (guild_id, user_id, per_week, instant(now)),
        )

    async def tutor_hours(
        self, guild_id: int | None, user_id: int
    ) -> tuple[time, time, frozenset[int]] | None:
        """A tutor's own quiet hours and working days (Monday = 0), if they chose them."""
        row = await self.db.fetchone(
            "SELECT quiet_from, quiet_until, days FROM tutor_hours"
            " WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        if row is None:
            return None
        days = frozenset(int(d) for d in row["days"].split(",") if d)
        return time.fromisoformat(row["quiet_from"]), time.fromisoformat(row["quiet_until"]), days

    async def set_tutor_hours(
        self,
        guild_id: int,
        user_id: int,
        quiet: tuple[time, time],
        days: frozenset[int],
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT INTO tutor_hours (guild_id, user_id, quiet_from, quiet_until, days,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id) DO UPDATE"
            " SET quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until,"
            " days = excluded.days, updated_at = excluded.updated_at",
            (
                guild_id,
                user_id,
                quiet[0].isoformat("minutes"),
                quiet[1].isoformat("minutes"),
                ",".join(str(d) for d in sorted(days)),
                instant(now),
            ),
        )

    async def mark_failed(self, item_id: int, error: str, code: int | None) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE outbox SET status = 'failed', attempts = attempts + 1,"
                " last_error = ?, error_code = ? WHERE id = ?",
                (error, code, item_id),
            )

    async def by_status(
        self, status: OutboxStatus, guild_id: int | None = None
    ) -> list[OutboxItem]:
        sql = "SELECT * FROM outbox WHERE status = ?"
        params: tuple = (status.value,)
        if guild_id is not None:
            sql += " AND guild_id = ?"
            params += (guild_id,)
        rows = await self.db.fetchall(sql + " ORDER BY id", params)
        return [_item(row) for row in rows]
