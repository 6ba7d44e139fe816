"""Cohorts and their learners: creating a cohort, joining, starting, leaving."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tutorat.errors import Refusal
from tutorat.models import Cohort, Learner


class CohortStore(Protocol):
    async def create(
        self,
        guild_id: int,
        name: str,
        tz: str,
        kickoff_at: datetime,
        ends_at: datetime | None,
        now: datetime,
        **where: int | None,
    ) -> Cohort: ...
    async def get(self, cohort_id: int) -> Cohort | None: ...
    async def for_guild(self, guild_id: int) -> list[Cohort]: ...


class LearnerStore(Protocol):
    async def join(self, cohort_id: int, user_id: int, now: datetime) -> bool: ...
    async def start(self, cohort_id: int, user_id: int, now: datetime) -> bool: ...
    async def leave(self, cohort_id: int, user_id: int, now: datetime) -> bool: ...
    async def get(self, cohort_id: int, user_id: int) -> Learner | None: ...
    async def cohorts_of(self, user_id: int, guild_id: int | None = None) -> list[int]: ...


def check_zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refusal("cohort.unknown_timezone", tz=tz) from None


class CohortService:
    def __init__(self, cohorts: CohortStore, learners: LearnerStore) -> None:
        self.cohorts = cohorts
        self.learners = learners

    async def create(
        self,
        guild_id: int,
        name: str,
        tz: str,
        kickoff_at: datetime,
        ends_at: datetime | None,
        now: datetime,
        **where: int | str | None,
    ) -> Cohort:
        """Record a cohort; `where` are its places on Discord (channel_id, role_id, ...)."""
        name = name.strip()
        if not name:
            raise Refusal("cohort.empty_name")
        check_zone(tz)
        if ends_at is not None and ends_at <= kickoff_at:
            raise Refusal("cohort.ends_before_kickoff")
        return await self.cohorts.create(guild_id, name, tz, kickoff_at, ends_at, now, **where)

    async def join(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        return await self.learners.join(cohort_id, user_id, now)

    async def start(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        return await self.learners.start(cohort_id, user_id, now)

    async def leave(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        return await self.learners.leave(cohort_id, user_id, now)

    async def leave_all(
        self, user_id: int, now: datetime, guild_id: int | None = None
    ) -> list[int]:
        """A member left the server: their participation there ends, history stays."""
        left = []
        for cohort_id in await self.learners.cohorts_of(user_id, guild_id):
            if await self.learners.leave(cohort_id, user_id, now):
                left.append(cohort_id)
        return left

    # what the cogs read and change, one intention per call ------------------------------

    async def get(self, cohort_id: int) -> Cohort | None:
        return await self.cohorts.get(cohort_id)

    async def active(self) -> list[Cohort]:
        """Every cohort not archived, on every server."""
        return await self.cohorts.active()

    async def places(self) -> dict:
        """channel -> (cohort, place): where activity counts, and as what."""
        return await self.cohorts.places()

    async def of_guild(self, guild_id: int) -> list[Cohort]:
        return await self.cohorts.for_guild(guild_id)

    async def learner(self, cohort_id: int, user_id: int) -> Learner | None:
        return await self.learners.get(cohort_id, user_id)

    async def learners_of(
        self, cohort_id: int, *, active_only: bool = False, users: list[int] | None = None
    ) -> list[Learner]:
        """The cohort's learners (or those of them among `users`)."""
        found = await self.learners.of_cohort(cohort_id, users)
        return [x for x in found if x.active] if active_only else found

    async def of_member(self, user_id: int, guild_id: int | None) -> list[Cohort]:
        """The cohorts a member is a learner of, on this server."""
        ids = await self.learners.cohorts_of(user_id, guild_id)
        return [c for c in [await self.cohorts.get(i) for i in ids] if c is not None]

    async def tutors(self, cohort_id: int) -> list[int]:
        return await self.cohorts.tutors(cohort_id)

    async def add_tutor(self, cohort_id: int, tutor_id: int) -> None:
        await self.cohorts.add_tutor(cohort_id, tutor_id)

    async def set_presentation(self, cohort_id: int, presentation: str) -> None:
        await self.cohorts.set_presentation(cohort_id, presentation)

    async def set_place(self, channel_id: int, guild_id: int, cohort_id: int, place) -> None:
        await self.cohorts.set_place(channel_id, guild_id, cohort_id, place)

    async def archive(self, cohort_id: int, now: datetime) -> None:
        await self.cohorts.archive(cohort_id, now)
