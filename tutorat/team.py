"""The tutoring team of a server: who is on it (the tutor or coordination role set with
/configurer, or whoever manages the server) — one rule for commands, buttons and the help
channel's reply times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tutorat.errors import DatabaseUnavailable, Refusal
from tutorat.models import GuildSettings


@dataclass(frozen=True)
class Standing:
    """Someone's place on a server, as Discord says it: their roles, whether they manage it."""

    role_ids: frozenset[int] = frozenset()
    manages_guild: bool = False


NOBODY = Standing()


class Team:
    def __init__(self, settings) -> None:
        self.settings = settings  # SettingsRepository
        self._last: dict[int, GuildSettings] = {}  # for counting through a database outage

    async def get(self, guild_id: int) -> GuildSettings:
        return await self.settings.get(guild_id)

    async def save(self, settings: GuildSettings, now: datetime) -> None:
        await self.settings.save(settings, now)

    async def has(self, guild_id: int, standing: Standing) -> bool:
        """On the tutoring team: manages the server, or holds the tutor or coordination role."""
        if standing.manages_guild:
            return True
        settings = await self.settings.get(guild_id)
        team = {settings.tutor_role_id, settings.coordinator_role_id} - {None}
        return bool(team & standing.role_ids)

    async def among(self, guild_id: int, standings: dict[int, Standing]) -> set[int]:
        """Which of these members are on the tutoring team (the server's settings read once)."""
        settings = await self.settings.get(guild_id)
        team = {settings.tutor_role_id, settings.coordinator_role_id} - {None}
        return {member for member, s in standings.items() if s.manages_guild or team & s.role_ids}

    async def counted_as_team(self, guild_id: int, standing: Standing) -> bool:
        """`has`, to count a help channel's messages only (never to authorise anything):
        during a database outage, the settings last read in this process answer."""
        if standing.manages_guild:
            return True
        try:
            settings = await self.settings.get(guild_id)
        except DatabaseUnavailable:
            settings = self._last.get(guild_id)
            if settings is None:
                raise
        else:
            self._last[guild_id] = settings
        team = {settings.tutor_role_id, settings.coordinator_role_id} - {None}
        return bool(team & standing.role_ids)

    async def require(self, guild_id: int, standing: Standing) -> None:
        """A tutor command's check: a refusal naming the tutor role otherwise."""
        if await self.has(guild_id, standing):
            return
        role_id = (await self.settings.get(guild_id)).tutor_role_id
        raise Refusal("cohort.not_tutor", role=f"<@&{role_id}>" if role_id else "—")
