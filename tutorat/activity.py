"""Activity counting: who did something, which day, where, of what kind. Counts, never content.

Gateway events arrive one by one; the buffer adds them up in memory and hands the totals to
the store in one batch, so a busy server costs one commit every few seconds, not one per message.

When the database is away, the counts wait in memory: a batch that could not be written is
kept as it was and written again, once (the store marks each batch in the same transaction,
so a batch whose commit landed unseen is not added twice); newer counts gather behind it, up
to MAX_KEPT distinct (member, day, place, kind) totals — beyond that a new total is dropped
and counted in `lost`, said in the logs.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol

from tutorat.models import ActivityCount, ActivityKind, Place

log = logging.getLogger(__name__)
MAX_KEPT = 100_000  # distinct totals kept in memory while the database is away (~20 MB)

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
    def __init__(self, limit: int = MAX_KEPT) -> None:
        self._counts: Counter[tuple] = Counter()
        self.events = 0
        self.limit = limit
        self.lost = 0  # events dropped because `limit` totals were already waiting

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
        key = (guild_id, user_id, day, place, kind)
        if key not in self._counts and len(self._counts) >= self.limit:
            if not self.lost:
                log.warning(
                    "%d activity totals wait for the database: new ones are dropped", self.limit
                )
            self.lost += amount
            return
        self._counts[key] += amount
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


@dataclass
class Batch:
    """Counts and help events handed to the store together, under a name of their own."""

    name: str
    counts: list[ActivityCount]
    help: list[HelpEvent]


class ActivityStore(Protocol):
    async def add_counts(self, counts: list[ActivityCount]) -> None: ...
    async def add_help(self, events: list[HelpEvent]) -> None: ...
    def once(self, name: str) -> AbstractAsyncContextManager[bool]:
        """A transaction that says whether the batch of that name is new (False: it landed
        before, its write is skipped)."""
        ...


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
        self.unwritten: Batch | None = None  # a batch whose write failed: written first
        self._flushing = asyncio.Lock()  # one flush at a time
        self._batches = 0
        self._process = secrets.token_hex(4)  # batch names unique across processes

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
    async def flushing_in(
        self, transaction: AbstractAsyncContextManager
    ) -> AsyncIterator[Callable[[], Awaitable[int]]]:
        """A transaction that flushes counts, with the flush to call in it. The flush's turn
        is taken first, then the transaction: the order every flush takes them (a flush of
        the gateway's counts holding its turn while it waits for the transaction, and a
        transaction waiting for that turn, would wait for each other forever). If the
        transaction does not land, the recent activity told of the counts forgets
        everything (it reads the store again)."""
        async with self._flushing:
            try:
                async with transaction:
                    yield self._flush
            except BaseException:
                if self.recent is not None:
                    self.recent.clear()
                raise

    @property
    def flushing(self) -> bool:
        """A flush is under way: what arrives meanwhile waits for the next one."""
        return self._flushing.locked()

    async def flush(self) -> int:
        """Write the batch that failed before, if any, then what the buffer holds now; how
        many totals were written. On failure the batch stays as it is, for the next flush.
        One flush at a time, and each writes what was there when its turn came: under a
        flood, what arrives during a write waits for the next batch (it used to be chased
        in batches of a few events, a transaction each)."""
        async with self._flushing:
            return await self._flush()

    async def _flush(self) -> int:
        """`flush`, its turn taken."""
        written = 0
        if self.unwritten is not None:
            written += await self._write_kept()
        if len(self.buffer) or self.help:
            self._batches += 1
            self.unwritten = Batch(
                f"{self._process}:{self._batches}", self.buffer.drain(), self.help
            )
            self.help = []
            written += await self._write_kept()
        return written

    async def _write_kept(self) -> int:
        batch = self.unwritten
        try:
            await self._write(batch)
        except BaseException:
            if self.recent is not None:  # the write may have landed unseen: read again
                self.recent.clear()
            raise
        self.unwritten = None
        return len(batch.counts)

    async def _write(self, batch: Batch) -> None:
        async with self.store.once(batch.name) as new:
            if not new:
                return
            if self.recent is None:
                await self.store.add_counts(batch.counts)
            else:
                async with self.recent.adding(batch.counts):
                    await self.store.add_counts(batch.counts)
            await self.store.add_help(batch.help)
