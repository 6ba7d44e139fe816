"""The outbox: every message to Discord is recorded under a unique key, then sent once.

A restart retries what was recorded and not sent; the same key twice records nothing new.
A temporary failure (429, 5xx, network) is retried later with a growing delay; a permanent
one (DMs closed, missing permission, unknown channel) is kept as failed for the tutors.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from tutorat.errors import Refusal
from tutorat.models import OutboxItem
from tutorat.notify import WINDOW, Budget, TutorHours, next_allowed, parse_days, parse_quiet

log = logging.getLogger(__name__)

DMS_CLOSED = 50007
MISSING_PERMISSIONS = 50013
PERMANENT_CODES = {DMS_CLOSED, MISSING_PERMISSIONS, 10003, 10013, 50001}


def outbox_key(*parts: object) -> str:
    """A readable unique key, e.g. outbox_key('cohort', 3, 'presence', '2027-01-12')."""
    return ":".join(str(part) for part in parts)


def nonce_for(key: str) -> str:
    """Discord's create-message nonce (<= 25 characters), stable for one outbox key."""
    return hashlib.sha256(key.encode()).hexdigest()[:25]


class DeliveryError(Exception):
    def __init__(self, reason: str, *, code: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.retry_after = retry_after


class TemporaryFailure(DeliveryError):
    """Worth trying again later: rate limit, server error, network."""


class PermanentFailure(DeliveryError):
    """Trying again changes nothing until a human acts (DMs closed, permission missing)."""


class Sender(Protocol):
    async def send(self, item: OutboxItem) -> int:
        """Deliver one item and return the Discord message id."""
        ...


class OutboxStore(Protocol):
    async def add(self, key: str, payload: dict, now: datetime, **target: int | None) -> bool: ...
    async def claim(self, now: datetime, limit: int = 50) -> list[OutboxItem]: ...
    async def mark_sent(self, item_id: int, message_id: int, now: datetime) -> None: ...
    async def mark_retry(
        self, item_id: int, next_at: datetime, error: str, code: int | None
    ) -> None: ...
    async def mark_failed(self, item_id: int, error: str, code: int | None) -> None: ...
    async def next_attempt(self) -> datetime | None: ...
    async def postpone(self, item_id: int, until: datetime) -> None: ...
    async def sent_to(self, user_id: int, since: datetime) -> list[datetime]: ...
    async def dm_limit(self, guild_id: int | None, user_id: int, default: int) -> int: ...
    async def get(self, key: str) -> OutboxItem | None: ...
    async def tutor_hours(
        self, guild_id: int | None, user_id: int
    ) -> tuple[time, time, frozenset[int]] | None: ...
    async def set_tutor_hours(
        self,
        guild_id: int,
        user_id: int,
        quiet: tuple[time, time],
        days: frozenset[int],
        now: datetime,
    ) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_seconds: float = 30.0
    max_seconds: float = 3600.0

    def next_attempt(self, now: datetime, attempts: int, retry_after: float | None) -> datetime:
        delay = min(self.base_seconds * 2**attempts, self.max_seconds)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return now + timedelta(seconds=delay)


@dataclass
class FlushReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


class Outbox:
    def __init__(
        self,
        store: OutboxStore,
        policy: RetryPolicy | None = None,
        budget: Budget | None = None,
        tutor_hours: TutorHours | None = None,
    ) -> None:
        self.store = store
        self.policy = policy or RetryPolicy()
        self.budget = budget or Budget()
        self.tutor_hours = tutor_hours or TutorHours()
        # told of each item that failed for good (tutorat.undelivered reports it to tutors)
        self.on_failed: Callable[[OutboxItem, int | None, datetime], Awaitable[None]] | None = None
        # sent, but the database went away before it was marked: marked first at the next flush
        # (before anything is claimed), so that nothing sent is sent again
        self.unmarked: list[tuple[int, int, datetime]] = []

    async def _failed(self, item: OutboxItem, error: str, code: int | None, now) -> None:
        """Reported first (the report's key is unique), then marked: a crash in between
        retries the item and records no second report."""
        if self.on_failed is not None:
            await self.on_failed(item, code, now)
        await self.store.mark_failed(item.id, error, code)

    async def held_back(self, item: OutboxItem, now: datetime) -> bool:
        """A learner's DM in quiet hours or over the weekly budget waits (or is dropped when
        it would be stale by then); a tutor's waits for their working hours and days."""
        if item.user_id is None:
            return False
        if item.payload.get("audience") == "tutor":
            return await self._tutor_waits(item, now)
        if item.payload.get("audience") != "learner":
            return False
        zone = ZoneInfo(item.payload.get("zone") or "Europe/Paris")
        limit = await self.store.dm_limit(item.guild_id, item.user_id, self.budget.per_week)
        sent = await self.store.sent_to(item.user_id, now - WINDOW)
        when = next_allowed(now, zone, self.budget, limit, sent)
        if when <= now:
            return False
        expires = item.payload.get("expires")
        if limit <= 0 or (expires and when >= datetime.fromisoformat(expires)):
            await self.store.mark_failed(item.id, "held back: quiet hours or weekly budget", None)
        else:
            await self.store.postpone(item.id, when)
        return True

    async def _tutor_waits(self, item: OutboxItem, now: datetime) -> bool:
        hours = await self.tutor_hours_of(item.guild_id, item.user_id)
        zone = ZoneInfo(item.payload.get("zone") or "Europe/Paris")
        when = hours.next_allowed(now.astimezone(zone)).astimezone(now.tzinfo)
        if when <= now:
            return False
        await self.store.postpone(item.id, when)
        return True

    async def tutor_hours_of(self, guild_id: int | None, user_id: int) -> TutorHours:
        """A tutor's chosen hours, or the deployment's."""
        chosen = await self.store.tutor_hours(guild_id, user_id)
        return TutorHours(*chosen) if chosen else self.tutor_hours

    async def set_tutor_hours(
        self, guild_id: int, user_id: int, quiet: str | None, days: str | None, now: datetime
    ) -> TutorHours:
        """A tutor's own quiet hours ('20:00-08:00') and working days ('lun-ven')."""
        current = await self.tutor_hours_of(guild_id, user_id)
        start, end = parse_quiet(quiet) if quiet else (current.quiet_from, current.quiet_until)
        chosen = TutorHours(start, end, parse_days(days) if days else current.days)
        if not chosen.days:
            raise Refusal("notify.bad_days", value=days)
        await self.store.set_tutor_hours(guild_id, user_id, (start, end), chosen.days, now)
        return chosen

    async def item(self, key: str) -> OutboxItem | None:
        """What was recorded under a key, and whether it went."""
        return await self.store.get(key)

    async def drop(self, item: OutboxItem, why: str) -> None:
        """An item no longer worth sending (never sent, never reported to tutors)."""
        await self.store.mark_failed(item.id, why, None)

    async def next_attempt(self) -> datetime | None:
        """When the next item waiting for a retry is due (None if none waits)."""
        return await self.store.next_attempt()

    async def set_dm_limit(self, guild_id: int, user_id: int, per_week: int, now) -> None:
        """A learner's own choice: at most `per_week` direct messages from the bot."""
        await self.store.set_dm_limit(guild_id, user_id, per_week, now)

    async def post(
        self, key: str, payload: dict, now: datetime, *, guild_id: int | None, channel_id: int
    ) -> bool:
        return await self.store.add(key, payload, now, guild_id=guild_id, channel_id=channel_id)

    async def direct(
        self, key: str, payload: dict, now: datetime, *, guild_id: int | None, user_id: int
    ) -> bool:
        return await self.store.add(key, payload, now, guild_id=guild_id, user_id=user_id)

    async def flush(self, sender: Sender, now: datetime, limit: int = 50) -> FlushReport:
        """Send what is due, oldest first. Safe to call from several places: keys are unique."""
        report = FlushReport()
        while self.unmarked:
            await self.store.mark_sent(*self.unmarked[0])
            self.unmarked.pop(0)
        for item in await self.store.claim(now, limit):
            expires = item.payload.get("expires")
            if expires and now >= datetime.fromisoformat(expires):
                log.info("outbox %s dropped: no longer useful after %s", item.key, expires)
                await self.store.mark_failed(item.id, "stale", None)
                report.failed += 1
                continue
            if await self.held_back(item, now):
                continue
            try:
                message_id = await sender.send(item)
            except PermanentFailure as exc:
                log.warning("outbox %s failed for good: %s (%s)", item.key, exc.reason, exc.code)
                await self._failed(item, exc.reason, exc.code, now)
                report.failed += 1
            except TemporaryFailure as exc:
                if item.attempts + 1 >= self.policy.max_attempts:
                    await self._failed(item, exc.reason, exc.code, now)
                    report.failed += 1
                    continue
                next_at = self.policy.next_attempt(now, item.attempts, exc.retry_after)
                log.info("outbox %s will be retried at %s: %s", item.key, next_at, exc.reason)
                await self.store.mark_retry(item.id, next_at, exc.reason, exc.code)
                report.retried += 1
            else:
                try:
                    await self.store.mark_sent(item.id, message_id, now)
                except Exception:
                    self.unmarked.append((item.id, message_id, now))
                    raise
                report.sent += 1
        return report
