"""Counting signs of activity from gateway events: messages, replies and mentions, reactions,
voice sessions, interactions. The bot never sees message content (no such intent) and stores
none; it keeps who, which day, where and what kind, written in batches."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands, tasks

from tutorat.activity import HelpEvent
from tutorat.errors import DatabaseUnavailable
from tutorat.models import ActivityKind
from tutorat.team import Standing

log = logging.getLogger(__name__)


class Activity(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.service = bot.services.activity
        self.flusher.change_interval(seconds=bot.config.activity.flush_seconds)

    async def cog_load(self) -> None:
        await self.bot.refresh_places()
        self.flusher.start()

    async def cog_unload(self) -> None:
        self.flusher.cancel()
        await self.flush()

    @tasks.loop(seconds=5)
    async def flusher(self) -> None:
        await self.flush()

    async def flush(self) -> None:
        try:
            await self.service.flush()
        except DatabaseUnavailable as exc:
            log.warning("activity counts kept in memory until the database is back: %s", exc)
        except Exception:
            log.exception("activity counts could not be written; they stay in memory")

    async def _maybe_flush(self) -> None:
        if (
            self.service.buffer.events >= self.bot.config.activity.flush_events
            and not self.service.flushing  # the one under way is enough; the rest waits
        ):
            await self.flush()

    def _record(
        self, guild_id: int, user_id: int, channel_id: int | None, kinds: list[ActivityKind]
    ) -> None:
        self.service.record(guild_id, user_id, self.bot.clock.now(), channel_id, kinds)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot:
            return
        kinds = [ActivityKind.MESSAGE]
        others = {m.id for m in message.mentions if not m.bot and m.id != message.author.id}
        if others:
            kinds.append(ActivityKind.PEER_REPLY)
        self._record(message.guild.id, message.author.id, message.channel.id, kinds)
        cohort_id = self.service.help_channel(message.channel.id)
        if cohort_id is not None:
            await self._help(cohort_id, message, others)
        await self._maybe_flush()

    async def _help(self, cohort_id: int, message: discord.Message, others: set[int]) -> None:
        """A question or a tutor's reply in a help channel: who and when, never what."""
        roles = frozenset(role.id for role in getattr(message.author, "roles", []))
        team = self.bot.services.team
        tutor = await team.counted_as_team(message.guild.id, Standing(roles))  # by role
        self.service.help.append(
            HelpEvent(
                cohort_id,
                message.channel.id,
                message.author.id,
                self.bot.clock.now(),
                tutor=tutor,
                to=tuple(sorted(others)),
            )
        )

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        if event.guild_id is None or event.user_id == self.bot.user.id:
            return
        if event.member is not None and event.member.bot:
            return
        self._record(event.guild_id, event.user_id, event.channel_id, [ActivityKind.REACTION])
        await self._maybe_flush()

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        if member.bot or after.channel is None or before.channel == after.channel:
            return
        self._record(member.guild.id, member.id, after.channel.id, [ActivityKind.VOICE])
        await self._maybe_flush()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None or interaction.user.bot:
            return
        self._record(
            interaction.guild_id,
            interaction.user.id,
            interaction.channel_id,
            [ActivityKind.INTERACTION],
        )
        await self._maybe_flush()


async def setup(bot) -> None:
    await bot.add_cog(Activity(bot))
