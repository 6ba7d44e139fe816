"""Who is in which cohort: a learner enters with the cohort's role and leaves with it,
or by leaving the server. Leaving ends participation; history stays."""

from __future__ import annotations

import discord
from discord.ext import commands

from tutorat.membership import RoleHolders


class Members(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.membership = bot.services.membership

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """What changed while the bot was away, both ways: role holders are enrolled (welcomed
        once, as the outbox keys the welcome); learners who lost the role or left leave."""
        try:
            roles, now = await self._role_holders(), self.bot.clock.now()
            found = await self.membership.reconcile(roles, now, self._holds)
        except Exception:
            if self.bot.is_closed():  # closing while this ran: the next start does it
                return
            raise
        finally:
            self.bot.reconciled.set()
        if found:
            self.bot.kick_delivery()

    def _holds(self, cohort, user_id: int) -> bool:
        """Does the member hold the cohort's role right now (the cache, no request)?"""
        guild = self.bot.get_guild(cohort.guild_id)
        member = guild.get_member(user_id) if guild else None
        return member is not None and any(r.id == cohort.role_id for r in member.roles)

    async def _role_holders(self) -> list[RoleHolders]:
        found = []
        for guild in self.bot.guilds:
            for role_id, cohort in (await self.membership.roles_of_guild(guild.id)).items():
                role = guild.get_role(role_id)
                if role is None:  # a deleted role says nothing about who is in the cohort
                    continue
                holders = {m.id: m.display_name for m in role.members if not m.bot}
                found.append(RoleHolders(cohort, holders))
        return found

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if after.bot or before.roles == after.roles:
            return
        by_role = await self.membership.roles_of_guild(after.guild.id)
        now = self.bot.clock.now()
        had = {r.id for r in before.roles}
        has = {r.id for r in after.roles}
        enrolled = False
        for role_id in has - had:
            if role_id in by_role:
                await self.membership.role_given(
                    by_role[role_id], after.id, after.display_name, now
                )
                enrolled = True
        for role_id in had - has:
            if role_id in by_role:
                await self.membership.role_taken(by_role[role_id], after.id, now)
        if enrolled:
            self.bot.kick_delivery()

    @commands.Cog.listener()
    async def on_raw_member_remove(self, event: discord.RawMemberRemoveEvent) -> None:
        await self.membership.left_server(event.user.id, event.guild_id, self.bot.clock.now())
        self.bot.kick_delivery()


async def setup(bot) -> None:
    await bot.add_cog(Members(bot))
