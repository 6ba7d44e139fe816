"""Who is in which cohort, as Discord says it: the cohort's role given or taken, the server
left, and, at start-up, what changed while the bot was away (both ways)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tutorat.models import Cohort


@dataclass(frozen=True)
class RoleHolders:
    """One cohort's role on Discord right now: who holds it (id -> display name)."""

    cohort: Cohort
    holders: dict[int, str]


class Membership:
    def __init__(self, cohorts, onboarding, pairs) -> None:
        self.cohorts = cohorts
        self.onboarding = onboarding
        self.pairs = pairs

    async def roles_of_guild(self, guild_id: int) -> dict[int, Cohort]:
        """The cohorts of a server, by the id of their role."""
        return {c.role_id: c for c in await self.cohorts.cohorts.for_guild(guild_id) if c.role_id}

    async def role_given(self, cohort: Cohort, user_id: int, name: str, now: datetime) -> bool:
        return await self.onboarding.enrol(cohort, user_id, name, now)

    async def role_taken(self, cohort: Cohort, user_id: int, now: datetime) -> None:
        if await self.cohorts.leave(cohort.id, user_id, now):
            await self.pairs.member_left(cohort.id, user_id, now)

    async def left_server(self, user_id: int, guild_id: int, now: datetime) -> None:
        for cohort_id in await self.cohorts.leave_all(user_id, now, guild_id):
            await self.pairs.member_left(cohort_id, user_id, now)

    async def reconcile(
        self,
        roles: list[RoleHolders],
        now: datetime,
        holds: Callable[[Cohort, int], bool] = lambda cohort, user_id: False,
    ) -> bool:
        """Start-up: whoever holds a cohort's role is enrolled; whoever no longer does (role
        taken, or server left, while the bot was down) leaves — `holds` asks Discord again
        just before, for a role given meanwhile. True if someone was enrolled."""
        enrolled = False
        for role in roles:
            cohort = role.cohort
            if cohort.ended(now):
                continue
            known = {x.user_id for x in await self.cohorts.learners_of(cohort.id, active_only=True)}
            for user_id, name in role.holders.items():
                if user_id not in known:
                    await self.onboarding.enrol(cohort, user_id, name, now)
                    enrolled = True
            for user_id in sorted(known - role.holders.keys()):
                if not holds(cohort, user_id):
                    await self.role_taken(cohort, user_id, now)
            await self.pairs.repair(cohort)
        return enrolled
