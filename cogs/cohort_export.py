"""/cohorte export: the CSV (tutorat.export's) as an attachment, privately."""

from __future__ import annotations

import io

import discord

from cogs.helpers import lang
from tutorat.texts import text


async def send_export(interaction: discord.Interaction, cohort, separator: str) -> None:
    bot, guild = interaction.client, interaction.guild
    await interaction.response.defer(ephemeral=True, thinking=True)

    def name_of(user_id: int) -> str:
        member = guild.get_member(user_id)
        return member.display_name if member else str(user_id)

    data = await bot.services.export.csv(cohort, name_of, bot.clock.now(), separator)
    attachment = discord.File(io.BytesIO(data), filename=f"cohorte-{cohort.name}.csv")
    await interaction.followup.send(
        text("cohort.exported", lang(interaction), name=cohort.name),
        file=attachment,
        ephemeral=True,
    )
