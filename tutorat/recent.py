"""The cohorts' recent activity as the daily scan reads it: each cohort's window of days read
from the store once, then kept up to date by the writers of activity, so that a scan reads no
activity rows (on a real course, the daily scan re-read most of its activity table).

Every writer of activity in the process tells it what changed: the activity service what it
writes (`adding`: the same sums the store makes; a window read while a write is under way is
not kept), an erasure whom it erased (`forget`), retention or a write that did not land that
it knows nothing any more (`clear`). A guild's activity is written by the one process that
serves its shard; the one exception, retention in the process of shard 0, erases only
learners no longer in a cohort the scan reads, and a window keeps only the cohort's learners
of the day.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from tutorat.models import ActivityCount, ActivityKind, Place


def is_peer(place: Place, kind: ActivityKind) -> bool:
    """An interaction with peers, as db/cases.py's `activity()` counts it."""
    return kind is ActivityKind.PEER_REPLY or (place is Place.PAIR and kind is ActivityKind.MESSAGE)


@dataclass
class Days:
    """One learner's activity per day: all of it, with peers, on the course platform (the
    last two hold only the days with some, as the scan reads them)."""

    total: dict[date, int] = field(default_factory=dict)
    peer: dict[date, int] = field(default_factory=dict)
    platform: dict[date, int] = field(default_factory=dict)


@dataclass
class Window:
    """One cohort's learners' activity from `since` on."""

    guild_id: int
    since: date
    days: dict[int, Days]  # learner -> their days
    before: dict[int, date] = field(default_factory=dict)  # learner -> last day before `since`
    changes: int = 0  # counts added so far, one a count
    # learner -> `changes` at their last count; the last to change come last
    changed: dict[int, int] = field(default_factory=dict)

    def roll(self, since: date) -> None:
        """Move the window's first day on to `since`: the days left behind tell `before`.
        (No day before `since` is ever kept: only the days between the two firsts go.)"""
        gone = [self.since + timedelta(days=i) for i in range((since - self.since).days)]
        for user_id, days in self.days.items():
            for d in gone:
                if days.total.pop(d, None) is not None:
                    self.before[user_id] = d
                    days.peer.pop(d, None)
                    days.platform.pop(d, None)
        self.since = since

    def add(self, c: ActivityCount) -> None:
        self.changes += 1
        self.changed.pop(c.user_id, None)
        self.changed[c.user_id] = self.changes
        if c.day < self.since:
            if c.day > self.before.get(c.user_id, date.min):
                self.before[c.user_id] = c.day
            return
        days = self.days[c.user_id]
        days.total[c.day] = days.total.get(c.day, 0) + c.count
        if c.count and is_peer(c.place, c.kind):
            days.peer[c.day] = days.peer.get(c.day, 0) + c.count
        if c.count and c.place is Place.PLATFORM:
            days.platform[c.day] = days.platform.get(c.day, 0) + c.count


class RecentActivity:
    def __init__(self, store, keep: bool = True) -> None:
        self.store = store  # CaseRepository: activity(), last_active_before()
        self.keep = keep  # False: read the store at every scan (nobody tells of writes)
        self.windows: dict[int, Window] = {}  # cohort -> its window
        self.writing = 0  # writes of counts under way
        self.writes = 0  # writes of counts done (landed or not)

    async def read(self, guild_id: int, cohort_id: int, users: set[int], since: date) -> Window:
        """The activity of these learners of the cohort from `since` on, and their last
        active day before it."""
        window = self.windows.get(cohort_id)
        keep = self.keep
        if window is None or since < window.since or not users <= window.days.keys():
            writes, quiet = self.writes, not self.writing
            window = await self._load(guild_id, cohort_id, users, since)
            # counts written while the store was read may or may not be in what it answered
            keep = keep and quiet and not self.writing and self.writes == writes
        elif since > window.since:
            window.roll(since)
        if len(window.days) != len(users):  # (users are among them: the same when as many)
            for user_id in window.days.keys() - users:  # gone from the cohort
                del window.days[user_id]
                window.before.pop(user_id, None)
        if keep:
            self.windows[cohort_id] = window
        else:
            self.windows.pop(cohort_id, None)
        return window

    async def _load(self, guild_id: int, cohort_id: int, users: set[int], since: date) -> Window:
        window = Window(guild_id, since, {user_id: Days() for user_id in users})
        for row in await self.store.activity(guild_id, cohort_id, since):
            days = window.days.get(row["user_id"])
            if days is not None:
                day = date.fromisoformat(row["day"])
                days.total[day] = row["total"]
                if row["peer"]:
                    days.peer[day] = row["peer"]
                if row["platform"]:
                    days.platform[day] = row["platform"]
        found = await self.store.last_active_before(guild_id, cohort_id, since)
        window.before = {user_id: day for user_id, day in found.items() if user_id in users}
        return window

    @asynccontextmanager
    async def adding(self, counts: list[ActivityCount]) -> AsyncIterator[None]:
        """Around the store's write of these counts: once it landed, each day's count grows
        by them, as in the store."""
        self.writing += 1
        try:
            yield
            self._add(counts)
        finally:
            self.writing -= 1
            self.writes += 1

    def _add(self, counts: list[ActivityCount]) -> None:
        for c in counts:
            for window in self.windows.values():
                if window.guild_id == c.guild_id and c.user_id in window.days:
                    window.add(c)

    def forget(self, guild_id: int, user_id: int) -> None:
        """The learner's activity in this server was erased: their cohorts are read again."""
        for cohort_id, window in list(self.windows.items()):
            if window.guild_id == guild_id and user_id in window.days:
                del self.windows[cohort_id]

    def drop(self, cohort_id: int) -> None:
        """A cohort the scan no longer reads (it ended)."""
        self.windows.pop(cohort_id, None)

    def clear(self) -> None:
        self.windows.clear()
