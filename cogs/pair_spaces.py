"""Pair spaces on Discord: private channels in "Binômes …" categories of at most 50, or
private threads of the cohort's channel when the server nears its 500-channel limit."""

from __future__ import annotations

import contextlib

import discord

from cogs.cohort_places import BOT_ALLOW, LEARNER_ALLOW
from tutorat.models import Place
from tutorat.outbox import MISSING_PERMISSIONS, PermanentFailure, TemporaryFailure

CATEGORY_SIZE = 50
GUILD_CHANNELS = 500


class DiscordSpaces:
    """Pair spaces on Discord. A refusal (50013) surfaces as a PermanentFailure."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self.filled: dict[int, int] = {}  # category -> channels made (the cache may lag)

    async def room_left(self, cohort) -> int:
        guild = self.bot.get_guild(cohort.guild_id)
        reserve = self.bot.config.pairs.max_guild_channels_reserve
        return GUILD_CHANNELS - reserve - len(guild.channels)

    async def open(self, cohort, members, name: str, as_thread: bool) -> int:
        guild = self.bot.get_guild(cohort.guild_id)
        try:
            space = await (
                self._thread(guild, cohort, members, name)
                if as_thread
                else self._channel(guild, cohort, members, name)
            )
        except discord.Forbidden as error:
            raise PermanentFailure(
                error.text or "Missing Permissions", code=MISSING_PERMISSIONS
            ) from error
        except discord.HTTPException as error:  # tried again at the next daily pass
            raise TemporaryFailure(error.text or str(error), code=error.code) from error
        await self.bot.services.cohorts.set_place(space.id, guild.id, cohort.id, Place.PAIR)
        await self.bot.refresh_places()
        return space.id

    async def _category(self, guild: discord.Guild, cohort) -> discord.CategoryChannel:
        prefix = f"Binômes {cohort.name}"[:90]
        mine = [c for c in guild.categories if c.name.startswith(prefix)]
        for category in mine:
            made = max(len(category.channels), self.filled.get(category.id, 0))
            if made < CATEGORY_SIZE:
                return category
        hidden = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            guild.me: discord.PermissionOverwrite.from_pair(BOT_ALLOW, discord.Permissions.none()),
        }
        return await guild.create_category(f"{prefix} {len(mine) + 1}", overwrites=hidden)

    async def _channel(self, guild, cohort, members, name) -> discord.TextChannel:
        allow = discord.PermissionOverwrite.from_pair
        overwrites = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            guild.me: allow(BOT_ALLOW, discord.Permissions.none()),
        }
        for user_id in members:
            overwrites[discord.Object(user_id, type=discord.Member)] = allow(
                LEARNER_ALLOW, discord.Permissions.none()
            )
        settings = await self.bot.services.team.get(guild.id)
        for role_id in (settings.tutor_role_id, settings.coordinator_role_id):
            if role_id and guild.get_role(role_id):
                overwrites[guild.get_role(role_id)] = allow(
                    LEARNER_ALLOW, discord.Permissions.none()
                )
        category = await self._category(guild, cohort)
        before = max(len(category.channels), self.filled.get(category.id, 0))
        channel = await guild.create_text_channel(name, category=category, overwrites=overwrites)
        self.filled[category.id] = before + 1
        return channel

    async def _thread(self, guild, cohort, members, name) -> discord.Thread:
        parent = guild.get_channel(cohort.channel_id)
        thread = await parent.create_thread(
            name=name,
            type=discord.ChannelType.private_thread,
            invitable=False,
            auto_archive_duration=10080,
        )
        tutors = await self.bot.services.cohorts.tutors(cohort.id)
        for user_id in (*members, *tutors):
            await thread.add_user(discord.Object(user_id))
        return thread

    async def close(self, space_id: int, is_thread: bool) -> None:
        """Lock and archive a thread; delete a channel. The bot keeps nothing of what was said."""
        space = self.bot.get_channel(space_id)
        if space is None:
            return
        with contextlib.suppress(discord.NotFound):
            if is_thread:
                await space.edit(archived=True, locked=True)
            else:
                await space.delete(reason="tutorat: fin du tour de binômes")

    async def add(self, space_id: int, is_thread: bool, user_id: int) -> None:
        try:
            if is_thread:
                await self.bot.http.add_user_to_thread(space_id, user_id)
                return
            allow, deny = LEARNER_ALLOW.value, 0
            await self.bot.http.edit_channel_permissions(
                space_id, user_id, str(allow), str(deny), 1, reason="tutorat: binôme"
            )
        except discord.Forbidden as error:
            raise PermanentFailure(error.text or "Forbidden", code=error.code) from error
        except discord.HTTPException as error:
            raise TemporaryFailure(error.text or str(error), code=error.code) from error

    async def without_access(self, space_id: int, is_thread: bool, members: list[int]) -> list:
        """Members with no overwrite of their own on the channel (read from the cache: no
        request). A thread's members are not cached: every one is (harmlessly) added again."""
        space = self.bot.get_channel(space_id)
        if space is None:
            return []
        if is_thread:
            return list(members)
        present = {target.id for target in space.overwrites}
        return [user_id for user_id in members if user_id not in present]
