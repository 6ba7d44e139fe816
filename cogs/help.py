"""/aide: what the bot does for learners and tutors."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from tutorat.texts import text

_ = app_commands.locale_str


class Help(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("aide", key="cmd.aide"),
        description=_(
            "Ce que le bot fait pour les apprenants et les tuteurs", key="cmd.aide.description"
        ),
    )
    async def aide(self, interaction: discord.Interaction) -> None:
        locale = str(interaction.locale)
        embed = discord.Embed(title=text("help.title", locale), colour=discord.Colour.blurple())
        days = self.bot.config.privacy.retention_days
        embed.description = "\n\n".join(
            text(key, locale, days=days)
            for key in ("help.learner", "help.tutor", "help.platform", "help.measures", "help.kept")
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Help(bot))
