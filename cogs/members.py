"""Who is in which cohort: a learner enters with the cohort's role and leaves with it,
or by leaving the server. Leaving ends participation; history stays."""

from __future__ import annotations

import discord
from discord.ext import commands


class Members(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.cohorts = bot.services.cohorts
        self.onboarding = bot.services.onboarding

    async def _cohorts_by_role(self, guild_id: int) -> dict:
        return {c.role_id: c for c in await self.cohorts.cohorts.for_guild(guild_id) if c.role_id}

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Roles given while the bot was away: those members are enrolled now (welcomed
        once, as the outbox keys the welcome)."""
        try:
            found = await self._enrol_role_members()
        except Exception:
            if self.bot.is_closed():  # closing while this ran: the next start does it
                return
            raise
        if found:
            self.bot.get_cog("Delivery").kick()

    async def _enrol_role_members(self) -> bool:
        now, found = self.bot.clock.now(), False
        for guild in self.bot.guilds:
            for cohort in (await self._cohorts_by_role(guild.id)).values():
                role = guild.get_role(cohort.role_id)
                if role is None or cohort.ended(now) or self.bot.is_closed():
                    continue
                learners = await self.cohorts.learners.of_cohort(cohort.id)
                known = {x.user_id for x in learners if x.active}
                for member in role.members:
                    if not member.bot and member.id not in known:
                        await self.onboarding.enrol(cohort, member.id, member.display_name, now)
                        found = True
        return found

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if after.bot or before.roles == after.roles:
            return
        by_role = await self._cohorts_by_role(after.guild.id)
        now = self.bot.clock.now()
        had = {r.id for r in before.roles}
        has = {r.id for r in after.roles}
        enrolled = False
        for role_id in has - had:
            if role_id in by_role:
                await self.onboarding.enrol(by_role[role_id], after.id, after.display_name, now)
                enrolled = True
        for role_id in had - has:
            if role_id in by_role:
                await self.cohorts.leave(by_role[role_id].id, after.id, now)
                await self.bot.services.pairs.member_left(by_role[role_id].id, after.id, now)
        if enrolled:
            self.bot.get_cog("Delivery").kick()

    @commands.Cog.listener()
    async def on_raw_member_remove(self, event: discord.RawMemberRemoveEvent) -> None:
        now = self.bot.clock.now()
        for cohort_id in await self.cohorts.leave_all(event.user.id, now, event.guild_id):
            await self.bot.services.pairs.member_left(cohort_id, event.user.id, now)
        self.bot.get_cog("Delivery").kick()


async def setup(bot) -> None:
    await bot.add_cog(Members(bot))
