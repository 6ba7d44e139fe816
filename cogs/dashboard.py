"""/tableau: a tutor's one-time link to the web view (web/), answered privately. The web view
asks Discord's cache, through `DiscordPeople`, who someone is on a server: their standing for
the tutors' rule, and their display name."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import standing_of, tutors_only
from cogs.helpers import _, lang
from tutorat.team import NOBODY, Standing
from tutorat.texts import text


class DiscordPeople:
    """What the web view needs of Discord, read from the bot's member cache."""

    def __init__(self, bot) -> None:
        self.bot = bot

    def _member(self, guild_id: int, user_id: int) -> discord.Member | None:
        guild = self.bot.get_guild(guild_id)
        return guild.get_member(user_id) if guild else None

    def standing(self, guild_id: int, user_id: int) -> Standing:
        member = self._member(guild_id, user_id)
        return NOBODY if member is None else standing_of(member)

    def names(self, guild_id: int) -> Callable[[int], str]:
        guild = self.bot.get_guild(guild_id)

        def name(user_id: int) -> str:
            member = guild.get_member(user_id) if guild else None
            return member.display_name if member else str(user_id)

        return name


class Dashboard(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("tableau", "cmd.tableau"),
        description=_(
            "Le tableau de bord web des tuteur·ices (lien personnel)", "cmd.tableau.description"
        ),
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @tutors_only
    async def tableau(self, interaction: discord.Interaction) -> None:
        member, loc = interaction.user, lang(interaction)
        token = await self.bot.services.desk.link(
            interaction.guild_id, member.id, standing_of(member), loc, self.bot.clock.now()
        )
        url = f"<{self.bot.web.base_url}/enter/{token}>"  # <…>: Discord shows no preview
        await interaction.response.send_message(text("web.link", loc, url=url), ephemeral=True)


async def setup(bot) -> None:
    await bot.add_cog(Dashboard(bot))
