"""Activity counting: who did something, which day, where, of what kind. Counts, never content.

Gateway events arrive one by one; the buffer adds them up in memory and hands the totals to
the store in one batch, so a busy server costs one commit every few seconds, not one per message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol

from tutorat.models import ActivityCount, ActivityKind, Place

PLATFORM_KINDS = frozenset({
    ActivityKind.VIEWED, ActivityKind.SUBMITTED, ActivityKind.COMPLETED, ActivityKind.ANSWERED,
    ActivityKind.SCORED, ActivityKind.LOGGED_IN, ActivityKind.OTHER,
})  # fmt: skip


def platform_kind(name: str | None) -> ActivityKind:
    """A platform activity's kind by its name; a name we do not know is `other`."""
    for kind in PLATFORM_KINDS:
        if kind.value == name:
            return kind
    return ActivityKind.OTHER


class ActivityBuffer:
    def __init__(self) -> None:
        self._counts: Counter[tuple] = Counter()
        self.events = 0

    def add(
        self,
        guild_id: int,
        user_id: int,
        at: datetime,
        place: Place,
        kind: ActivityKind,
        zone: tzinfo,
        amount: int = 1,
    ) -> None:
        self.add_day(guild_id, user_id, at.astimezone(zone).date(), place, kind, amount)

    def add_day(
        self, guild_id: int, user_id: int, day: date, place: Place, kind: ActivityKind, amount: int
    ) -> None:
        self._counts[(guild_id, user_id, day, place, kind)] += amount
        self.events += 1

    def pending_for(self, user_id: int) -> int:
        """How many events of this member wait to be written."""
        return sum(n for key, n in self._counts.items() if key[1] == user_id)

    def __len__(self) -> int:
        return len(self._counts)

    def drain(self) -> list[ActivityCount]:
        counts = [ActivityCount(*key, count=value) for key, value in self._counts.items()]
        self._counts.clear()
        self.events = 0
        return counts

    def restore(self, counts: list[ActivityCount]) -> None:
        """Put back counts that could not be written, so nothing is lost."""
        for c in counts:
            self._counts[(c.guild_id, c.user_id, c.day, c.place, c.kind)] += c.count


@dataclass(frozen=True)
class HelpEvent:
    """A message in a cohort's help channel: a learner's question, or a tutor's reply (to
    the learners it replies to or mentions, else to every open question there)."""

    cohort_id: int
    channel_id: int
    user_id: int
    at: datetime
    tutor: bool
    to: tuple[int, ...] = ()


class ActivityStore(Protocol):
    async def add_counts(self, counts: list[ActivityCount]) -> None: ...
    async def add_help(self, events: list[HelpEvent]) -> None: ...


class ActivityService:
    """Turns what members do into counts, in the right place and the right local day."""

    def __init__(self, store: ActivityStore, default_zone: tzinfo, recent=None) -> None:
        self.store = store
        self.recent = recent  # RecentActivity: told of every count written
        self.buffer = ActivityBuffer()
        self.default_zone = default_zone
        self.places: dict[int, tuple[int | None, Place]] = {}  # channel -> (cohort, place)
        self.zones: dict[int, tzinfo] = {}  # cohort -> zone
        self.help: list[HelpEvent] = []  # waiting to be written with the counts

    def help_channel(self, channel_id: int | None) -> int | None:
        """The cohort whose help channel this is, if it is one."""
        cohort_id, place = self.places.get(channel_id or 0, (None, Place.OTHER))
        return cohort_id if place is Place.HELP else None

    def place_of(self, channel_id: int | None) -> tuple[Place, tzinfo]:
        cohort_id, place = self.places.get(channel_id or 0, (None, Place.OTHER))
        return place, self.zones.get(cohort_id, self.default_zone)

    def record(
        self,
        guild_id: int,
        user_id: int,
        at: datetime,
        channel_id: int | None,
        kinds: list[ActivityKind],
    ) -> None:
        place, zone = self.place_of(channel_id)
        for kind in kinds:
            self.buffer.add(guild_id, user_id, at, place, kind, zone)

    def record_platform(
        self,
        guild_id: int,
        cohort_id: int,
        user_id: int,
        when: datetime | date,
        kind: ActivityKind,
        count: int = 1,
    ) -> None:
        """`count` things a learner did on the course platform, on the cohort's local day
        (an instant is placed in the cohort's zone; a date is taken as it is)."""
        if isinstance(when, datetime):
            when = when.astimezone(self.zones.get(cohort_id, self.default_zone)).date()
        self.buffer.add_day(guild_id, user_id, when, Place.PLATFORM, kind, count)

    @asynccontextmanager
    async def flushing_in(self, transaction: AbstractAsyncContextManager) -> AsyncIterator[None]:
        """A transaction that flushes counts: if it does not land, the recent activity told
        of them forgets everything (it reads the store again)."""
        try:
            async with transaction:
                yield
        except BaseException:
            if self.recent is not None:
                self.recent.clear()
            raise

    async def flush(self) -> int:
        counts = self.buffer.drain()
        try:
            if self.recent is None:
                await self.store.add_counts(counts)
            else:
                async with self.recent.adding(counts):
                    await self.store.add_counts(counts)
        except Exception:
            self.buffer.restore(counts)
            raise
        help_events, self.help = self.help, []
        try:
            await self.store.add_help(help_events)
        except Exception:
            self.help = help_events + self.help
            raise
        return len(counts)
