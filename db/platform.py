"""Platform links, statements seen, counts waiting for a link, CSV rows imported, poll state."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime

from db.convert import instant, parse_instant
from db.database import Database
from tutorat.platform import Link, SourceState

CHUNK = 500  # ids per IN (...) query, under SQLite's variable limit


def _link(row) -> Link:
    return Link(
        row["cohort_id"],
        row["user_id"],
        row["account"],
        row["origin"],
        parse_instant(row["created_at"]),
        row["confirmed_by"],
        parse_instant(row["confirmed_at"]),
    )


class PlatformRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def batch(self) -> AbstractAsyncContextManager:
        """One transaction: what a page of statements changes lands whole or not at all."""
        return self.db.transaction()

    # links ------------------------------------------------------------------------------

    async def link(
        self,
        cohort_id: int,
        user_id: int,
        account: str,
        origin: str,
        now: datetime,
        confirmed_by: int | None = None,
    ) -> None:
        confirmed = instant(now) if confirmed_by is not None else None
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM platform_links WHERE cohort_id = ? AND account = ? AND user_id != ?",
                (cohort_id, account, user_id),
            )
            await self.db.execute(
                "INSERT INTO platform_links (cohort_id, user_id, account, origin, created_at,"
                " confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id) DO UPDATE SET account = excluded.account,"
                " origin = excluded.origin, created_at = excluded.created_at,"
                " confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at",
                (cohort_id, user_id, account, origin, instant(now), confirmed_by, confirmed),
                about=user_id,
            )

    async def confirm(self, cohort_id: int, user_id: int, tutor_id: int, now: datetime) -> bool:
        return (
            await self.db.execute(
                "UPDATE platform_links SET confirmed_by = ?, confirmed_at = ?"
                " WHERE cohort_id = ? AND user_id = ? AND confirmed_at IS NULL",
                (tutor_id, instant(now), cohort_id, user_id),
                about=user_id,
            )
            == 1
        )

    async def unlink(self, cohort_id: int, user_id: int) -> bool:
        return (
            await self.db.execute(
                "DELETE FROM platform_links WHERE cohort_id = ? AND user_id = ?",
                (cohort_id, user_id),
                about=user_id,
            )
            == 1
        )

    async def links(self, cohort_id: int) -> list[Link]:
        rows = await self.db.fetchall(
            "SELECT * FROM platform_links WHERE cohort_id = ? ORDER BY created_at, user_id",
            (cohort_id,),
        )
        return [_link(row) for row in rows]

    async def links_of(self, user_id: int) -> list[Link]:
        rows = await self.db.fetchall(
            "SELECT * FROM platform_links WHERE user_id = ? ORDER BY cohort_id", (user_id,)
        )
        return [_link(row) for row in rows]

    # statements seen, pending counts ------------------------------------------------------

    async def unseen(self, cohort_id: int, ids: list[str]) -> set[str]:
        """The ids among these not counted yet for this cohort."""
        seen: set[str] = set()
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            rows = await self.db.fetchall(
                "SELECT statement_id FROM platform_seen WHERE cohort_id = ?"
                f" AND statement_id IN ({','.join('?' * len(part))})",
                (cohort_id, *part),
            )
            seen.update(row["statement_id"] for row in rows)
        return set(ids) - seen

    async def mark_seen(self, cohort_id: int, ids: Iterable[str]) -> None:
        await self.db.executemany(
            "INSERT OR IGNORE INTO platform_seen (cohort_id, statement_id) VALUES (?, ?)",
            [(cohort_id, sid) for sid in ids],
        )

    async def add_pending(self, cohort_id: int, counts: dict[tuple[str, date, str], int]) -> None:
        await self.db.executemany(
            "INSERT INTO platform_pending (cohort_id, account, day, kind, count)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cohort_id, account, day, kind)"
            " DO UPDATE SET count = platform_pending.count + excluded.count",
            [(cohort_id, a, d.isoformat(), k, n) for (a, d, k), n in counts.items()],
        )

    async def add_pending_aliases(self, cohort_id: int, aliases: dict[str, str]) -> None:
        """Other keys of accounts whose counts wait (alias -> the key they wait under)."""
        await self.db.executemany(
            "INSERT INTO platform_pending_aliases (cohort_id, alias, account) VALUES (?, ?, ?)"
            " ON CONFLICT (cohort_id, alias) DO UPDATE SET account = excluded.account",
            [(cohort_id, alias, account) for alias, account in aliases.items()],
        )

    async def take_pending(self, cohort_id: int, accounts: list[str]) -> list[tuple]:
        """Counts waiting for these accounts (or under a key one of them is an alias of),
        removed as they are handed over; each row says which of `accounts` it was asked by."""
        marks = ",".join("?" * len(accounts))
        async with self.db.transaction():
            rows = await self.db.fetchall(
                "SELECT alias, account FROM platform_pending_aliases"
                f" WHERE cohort_id = ? AND alias IN ({marks})",
                (cohort_id, *accounts),
            )
            asked = {a: a for a in accounts} | {
                r["account"]: r["alias"] for r in rows if r["account"] not in accounts
            }
            keys = list(asked)
            marks = ",".join("?" * len(keys))
            rows = await self.db.fetchall(
                "SELECT account, day, kind, count FROM platform_pending"
                f" WHERE cohort_id = ? AND account IN ({marks})",
                (cohort_id, *keys),
            )
            await self.db.execute(
                f"DELETE FROM platform_pending WHERE cohort_id = ? AND account IN ({marks})",
                (cohort_id, *keys),
            )
            await self.db.execute(
                "DELETE FROM platform_pending_aliases WHERE cohort_id = ?"
                f" AND (account IN ({marks}) OR alias IN ({marks}))",
                (cohort_id, *keys, *keys),
            )
        return [
            (asked[r["account"]], date.fromisoformat(r["day"]), r["kind"], r["count"]) for r in rows
        ]

    async def imported_more(
        self, cohort_id: int, counts: dict[tuple[str, date, str], int]
    ) -> dict[tuple[str, date, str], int]:
        """Record a CSV's counts; answer what each row adds to what was imported before."""
        added: dict[tuple[str, date, str], int] = {}
        for (account, day, kind), count in counts.items():
            row = await self.db.fetchone(
                "SELECT count FROM platform_imported WHERE cohort_id = ? AND account = ?"
                " AND day = ? AND kind = ?",
                (cohort_id, account, day.isoformat(), kind),
            )
            before = row["count"] if row else 0
            if count > before:
                added[(account, day, kind)] = count - before
        await self.db.executemany(
            "INSERT INTO platform_imported (cohort_id, account, day, kind, count)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (cohort_id, account, day, kind)"
            " DO UPDATE SET count = CASE WHEN excluded.count > platform_imported.count"
            " THEN excluded.count ELSE platform_imported.count END",
            [(cohort_id, a, d.isoformat(), k, n) for (a, d, k), n in counts.items()],
        )
        return added

    # sources --------------------------------------------------------------------------------

    async def set_source(
        self, cohort_id: int, source: str, scope: str, connected_by: int | None = None
    ) -> None:
        await self.db.execute(
            "INSERT INTO platform_sources (cohort_id, source, scope, connected_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (cohort_id, source) DO UPDATE SET"
            " scope = excluded.scope, connected_by = excluded.connected_by, progress = NULL",
            (cohort_id, source, scope, connected_by),
        )

    async def sources(self, cohort_id: int | None = None) -> list[SourceState]:
        sql, params = "SELECT * FROM platform_sources", ()
        if cohort_id is not None:
            sql, params = sql + " WHERE cohort_id = ?", (cohort_id,)
        rows = await self.db.fetchall(sql + " ORDER BY cohort_id, source", params)
        return [
            SourceState(
                row["cohort_id"],
                row["source"],
                row["scope"],
                parse_instant(row["cursor"]),
                parse_instant(row["polled_at"]),
                parse_instant(row["failing_since"]),
                row["failure"],
                row["progress"],
                row["connected_by"],
            )
            for row in rows
        ]

    async def save_state(self, state: SourceState) -> None:
        await self.db.execute(
            "UPDATE platform_sources SET cursor = ?, polled_at = ?, failing_since = ?,"
            " failure = ?, progress = ? WHERE cohort_id = ? AND source = ?",
            (
                instant(state.cursor),
                instant(state.polled_at),
                instant(state.failing_since),
                state.failure,
                state.progress,
                state.cohort_id,
                state.source,
            ),
        )

    async def checkpoint_facts(self, cohort_id: int) -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT fact, checkpoint_id FROM platform_checkpoints WHERE cohort_id = ?",
            (cohort_id,),
        )
        return {row["fact"]: row["checkpoint_id"] for row in rows}

    async def map_checkpoint(self, cohort_id: int, fact: str, checkpoint_id: int) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO platform_checkpoints (cohort_id, fact, checkpoint_id)"
            " VALUES (?, ?, ?)",
            (cohort_id, fact, checkpoint_id),
        )

    async def erase_cohort_links(self, cohort_id: int) -> int:
        """Retention: the links, the counts waiting and the ids seen of a cohort."""
        removed = 0
        async with self.db.transaction():
            for table in (
                "platform_links",
                "platform_pending",
                "platform_pending_aliases",
                "platform_imported",
            ):
                removed += await self.db.execute(
                    f"DELETE FROM {table} WHERE cohort_id = ?",  # noqa: S608 - fixed names
                    (cohort_id,),
                )
        return removed
