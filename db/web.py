"""What the tutors' web view keeps (links, sessions, the contact log) and the rows its pages
read, one query per table and cohort."""

from __future__ import annotations

from datetime import date, datetime

from db.activity import ActivityRepository
from db.convert import among, instant, parse_instant
from db.database import Database

# Tables that no page about a learner (their page, their timeline, their row of a cohort's
# table) reads, and that are written often (messages sent, the course platform's cursors, the
# daily scan's peaks, the web view's own links and sessions, what a count of activity writes
# beside it): a write to them alone leaves those pages as they were (DeskPages.version,
# DeskPages.rows; tests/test_web_kept.py checks that the pages read none of them).
UNREAD_BY_LEARNER = (
    *(t for t in ActivityRepository.TABLES if t != "activity"),
    "outbox",
    "platform_sources",
    "platform_seen",
    "platform_pending",
    "platform_pending_aliases",
    "platform_imported",
    "warning_peaks",
    "web_links",
    "web_sessions",
)
# ... and those a cohort's rows never read besides: the counts of activity (the last days
# are kept up to date from the scan's window), a learner's notes, contacts and goals
UNREAD_BY_ROWS = (*UNREAD_BY_LEARNER, "activity", "contacts", "goals", "case_effects")


class WebWrites:
    """What the web view asks of the store's writes in this process (DeskPages): how many
    there were, and which learners they were about."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> int:
        return self.db.writes

    def rows(self) -> int:
        """The writes that may change any learner's row of a cohort."""
        return self.db.unplaced_besides(UNREAD_BY_ROWS)

    def rows_about_since(self, writes: int) -> set[int]:
        """The learners whose rows may have changed since `all()` was `writes`."""
        return self.db.about_since(writes, UNREAD_BY_ROWS)

    def learner(self, user_id: int) -> tuple[int, int]:
        """What a learner's page may change with: the writes about nobody said, the last
        about them."""
        return (
            self.db.unplaced_besides(UNREAD_BY_LEARNER),
            self.db.last_about(user_id, UNREAD_BY_LEARNER),
        )


class WebAccessRepository:
    """One-time links and sessions, known by a keyed hash only."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_link(
        self, token_hash: str, guild_id: int, user_id: int, locale: str, now, expires
    ) -> None:
        await self.db.execute(
            "INSERT INTO web_links (token_hash, guild_id, user_id, locale, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (token_hash, guild_id, user_id, locale, instant(now), instant(expires)),
        )

    async def links_since(self, guild_id: int, user_id: int, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM web_links WHERE guild_id = ? AND user_id = ?"
            " AND created_at >= ?",
            (guild_id, user_id, instant(since)),
        )
        return int(row["n"])

    async def use_link(self, token_hash: str, now: datetime) -> dict | None:
        """The link's row, marked used in the same transaction (None: no such link); a link
        already used comes back with its first use."""
        async with self.db.transaction():
            row = await self.db.fetchone(
                "SELECT guild_id, user_id, locale, expires_at, used_at FROM web_links"
                " WHERE token_hash = ?",
                (token_hash,),
            )
            if row is None:
                return None
            found = {
                "guild_id": row["guild_id"],
                "user_id": row["user_id"],
                "locale": row["locale"],
                "expires_at": parse_instant(row["expires_at"]),
                "used_at": parse_instant(row["used_at"]),
            }
            if found["used_at"] is None:
                await self.db.execute(
                    "UPDATE web_links SET used_at = ? WHERE token_hash = ?",
                    (instant(now), token_hash),
                )
            return found

    async def add_session(
        self, id_hash: str, guild_id: int, user_id: int, locale: str, now, expires
    ) -> None:
        await self.db.execute(
            "INSERT INTO web_sessions (id_hash, guild_id, user_id, locale, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (id_hash, guild_id, user_id, locale, instant(now), instant(expires)),
        )

    async def session(self, id_hash: str) -> dict | None:
        row = await self.db.fetchone(
            "SELECT guild_id, user_id, locale, expires_at, ended_at FROM web_sessions"
            " WHERE id_hash = ?",
            (id_hash,),
        )
        if row is None:
            return None
        return {
            "guild_id": row["guild_id"],
            "user_id": row["user_id"],
            "locale": row["locale"],
            "expires_at": parse_instant(row["expires_at"]),
            "ended_at": parse_instant(row["ended_at"]),
        }

    def sessions_written(self) -> int:
        """How many writes to the sessions this process made (a session read before and none
        since still holds)."""
        return self.db.by_table["web_sessions"]

    async def end_session(self, id_hash: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE web_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL",
            (instant(now), id_hash),
        )

    async def forget_before(self, when: datetime) -> None:
        """Links and sessions long expired go."""
        async with self.db.transaction():
            await self.db.execute("DELETE FROM web_links WHERE expires_at < ?", (instant(when),))
            await self.db.execute("DELETE FROM web_sessions WHERE expires_at < ?", (instant(when),))


class DeskRepository:
    """The rows the pages read: a cohort's in a few queries, whatever its size."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def last_days(
        self, guild_id: int, users: list[int], before: date
    ) -> dict[int, tuple[date | None, date | None]]:
        """These learners' last day on Discord and on the platform before a day (the days
        after it are known from the recent activity kept in memory)."""
        found: dict[int, list] = {}
        for at in range(0, len(users), 500):
            part = users[at : at + 500]
            marks = ", ".join("?" * len(part))
            rows = await self.db.fetchall(
                "SELECT user_id, CASE WHEN place = 'platform' THEN 1 ELSE 0 END AS side,"
                " MAX(day) AS last FROM activity WHERE guild_id = ? AND user_id IN"  # noqa: S608
                f" ({marks}) AND day < ? AND count > 0"
                " GROUP BY user_id, CASE WHEN place = 'platform' THEN 1 ELSE 0 END",
                (guild_id, *part, before.isoformat()),
            )
            for row in rows:
                found.setdefault(row["user_id"], [None, None])[row["side"]] = date.fromisoformat(
                    str(row["last"])
                )
        return {user: (days[0], days[1]) for user, days in found.items()}

    async def deadline_counts(
        self, cohort_id: int, now: datetime, users: list[int] | None = None
    ) -> tuple[int, dict]:
        """How many checkpoints are due, and per learner (every one, or `users`) how many of
        those they declared in time and late."""
        due = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM checkpoints WHERE cohort_id = ? AND due_at <= ?",
            (cohort_id, instant(now)),
        )
        narrow, params = among("d.user_id", users)
        rows = await self.db.fetchall(
            "SELECT d.user_id, SUM(CASE WHEN d.late = 0 THEN 1 ELSE 0 END) AS met,"
            " SUM(CASE WHEN d.late = 0 THEN 0 ELSE 1 END) AS late FROM checkpoint_done d"
            " JOIN checkpoints c ON c.id = d.checkpoint_id WHERE c.cohort_id = ?"
            " AND c.due_at <= ?" + narrow + " GROUP BY d.user_id",  # noqa: S608
            (cohort_id, instant(now), *params),
        )
        return int(due["n"]), {r["user_id"]: (int(r["met"]), int(r["late"])) for r in rows}

    async def recent_pulses(self, cohort_id: int, since_week: int, users: list[int] | None = None):
        """The cohort's answers since a week (or those of `users`)."""
        narrow, params = among("user_id", users)
        return await self.db.fetchall(
            "SELECT user_id, week, p1, p2, p3, p4, p5, p6 FROM pulse_answers"
            " WHERE cohort_id = ? AND week >= ?" + narrow,  # noqa: S608
            (cohort_id, since_week, *params),
        )

    async def checkpoints(self, cohort_id: int) -> list[tuple[str, datetime]]:
        rows = await self.db.fetchall(
            "SELECT name, due_at FROM checkpoints WHERE cohort_id = ? ORDER BY due_at",
            (cohort_id,),
        )
        return [(r["name"], parse_instant(r["due_at"])) for r in rows]

    async def pairs_open(self, cohort_id: int, users: list[int] | None = None) -> dict:
        """learner -> the other members of their open pair (every learner's, or those of the
        pairs of `users`)."""
        narrow, params = among("o.user_id", users)
        theirs = (
            ""
            if users is None
            else (
                " AND m.pair_id IN (SELECT o.pair_id FROM pair_members o WHERE o.left_at IS NULL"
                + narrow
                + ")"
            )
        )
        rows = await self.db.fetchall(
            "SELECT m.pair_id, m.user_id FROM pair_members m JOIN pairs p ON p.id = m.pair_id"
            " JOIN pair_rounds r ON r.id = p.round_id WHERE r.cohort_id = ?"
            " AND r.closed_at IS NULL AND p.closed_at IS NULL AND m.left_at IS NULL" + theirs,  # noqa: S608
            (cohort_id, *params),
        )
        members: dict[int, list[int]] = {}
        for row in rows:
            members.setdefault(row["pair_id"], []).append(row["user_id"])
        return {u: [o for o in group if o != u] for group in members.values() for u in group}

    async def actions_per_day(
        self, guild_id: int, users: list[int], since: date
    ) -> dict[int, dict[date, int]]:
        """These learners' actions per day from `since` (any place)."""
        found: dict[int, dict[date, int]] = {}
        for at in range(0, len(users), 500):
            part = users[at : at + 500]
            marks = ", ".join("?" * len(part))
            rows = await self.db.fetchall(
                "SELECT user_id, day, SUM(count) AS n FROM activity WHERE guild_id = ?"  # noqa: S608
                f" AND user_id IN ({marks}) AND day >= ? GROUP BY user_id, day",
                (guild_id, *part, since.isoformat()),
            )
            for row in rows:
                found.setdefault(row["user_id"], {})[date.fromisoformat(str(row["day"]))] = int(
                    row["n"]
                )
        return found

    async def goals(self, cohort_id: int, user_id: int) -> list:
        return await self.db.fetchall(
            "SELECT stage, aim, hours, obstacles, still_holds, changed, written_at FROM goals"
            " WHERE cohort_id = ? AND user_id = ? ORDER BY written_at",
            (cohort_id, user_id),
        )

    async def all_cases(self, cohort_id: int) -> list:
        return await self.db.fetchall(
            "SELECT id, user_id, tutor_id, form, opened_at, contacted_at, reminded_at,"
            " escalated_at, closed_at, outcome, notes, next_step FROM cases WHERE cohort_id = ?"
            " ORDER BY id",
            (cohort_id,),
        )

    # the contact log ------------------------------------------------------------------------

    async def add_contact(
        self,
        cohort_id: int,
        user_id: int,
        tutor_id: int,
        kind: str,
        note: str | None,
        at: datetime,
        case_id: int | None = None,
    ) -> int | None:
        return await self.db.insert(
            "INSERT INTO contacts (cohort_id, user_id, tutor_id, case_id, kind, note, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cohort_id, user_id, tutor_id, case_id, kind, note, instant(at)),
            about=user_id,
        )

    async def contacts(self, cohort_id: int, user_id: int | None = None) -> list[dict]:
        sql = (
            "SELECT id, user_id, tutor_id, case_id, kind, note, at FROM contacts"
            " WHERE cohort_id = ?"
        )
        params: tuple = (cohort_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        rows = await self.db.fetchall(sql + " ORDER BY at, id", params)
        return [{**dict(r), "at": parse_instant(r["at"])} for r in rows]
