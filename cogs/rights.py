"""/mesdonnees: a learner sees, exports or erases what the bot keeps about them — only
their own data, always privately."""

from __future__ import annotations

import io
import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor
from cogs.errors import answers_errors
from cogs.helpers import _, lang
from tutorat.errors import Refusal
from tutorat.texts import days_said, text


class EraseButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:erase:(?P<guild>\d+):(?P<user>\d+)",
):
    def __init__(self, guild_id: int, user_id: int, lang: str = "fr") -> None:
        super().__init__(
            discord.ui.Button(
                label=text("rights.confirm_button", lang),
                style=discord.ButtonStyle.danger,
                custom_id=f"tutorat:erase:{guild_id}:{user_id}",
            )
        )
        self.guild_id, self.user_id = guild_id, user_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> EraseButton:
        return cls(int(match["guild"]), int(match["user"]))

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            raise Refusal("rights.not_yours")
        bot = interaction.client
        removed = await bot.services.rights.erase(self.guild_id, self.user_id, bot.clock.now())
        bot.kick_delivery()
        await interaction.response.send_message(
            text("rights.erased", lang(interaction), n=removed), ephemeral=True
        )


@app_commands.guild_only()
class MyData(
    commands.GroupCog,
    group_name=_("mesdonnees", "cmd.mesdonnees"),
    group_description=_(
        "Voir, exporter ou effacer ce que le bot garde sur vous", "cmd.mesdonnees.description"
    ),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.rights = bot.services.rights
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(EraseButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(EraseButton)

    @app_commands.command(
        name=_("voir", "cmd.mesdonnees.voir"),
        description=_("Ce que le bot garde sur vous", "cmd.mesdonnees.voir.description"),
    )
    async def voir(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        lines = await self.rights.summary(interaction.guild_id, interaction.user.id, loc)
        embed = discord.Embed(
            title=text("rights.title", loc),
            description="\n".join(f"• {x}" for x in lines)[:4000] or text("rights.nothing", loc),
        )
        embed.add_field(name="ℹ️", value=text("help.measures", loc)[:1024])
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name=_("exporter", "cmd.mesdonnees.exporter"),
        description=_("Tout recevoir en JSON", "cmd.mesdonnees.exporter.description"),
    )
    async def exporter(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.rights.export(
            interaction.guild_id, interaction.user.id, self.bot.clock.now()
        )
        await interaction.followup.send(
            text("rights.export", lang(interaction)),
            ephemeral=True,
            file=discord.File(io.BytesIO(data), filename="mes-donnees-tutorat.json"),
        )

    @app_commands.command(
        name=_("effacer", "cmd.mesdonnees.effacer"),
        description=_("Tout effacer (avec confirmation)", "cmd.mesdonnees.effacer.description"),
    )
    async def effacer(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(EraseButton(interaction.guild_id, interaction.user.id, lang(interaction)))
        await interaction.response.send_message(
            text("rights.confirm", lang(interaction)), view=view, ephemeral=True
        )


class Notifications(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("notifications", "cmd.notifications"),
        description=_(
            "Quand et combien le bot vous écrit en privé", "cmd.notifications.description"
        ),
    )
    @app_commands.describe(
        par_semaine=_("De 0 (aucun) à 3", "opt.par_semaine"),
        calme=_("Tuteurs : heures sans alerte, ex. 20:00-08:00", "opt.calme"),
        jours=_("Tuteurs : jours où recevoir les alertes, ex. lun-ven", "opt.jours"),
    )
    @app_commands.guild_only()
    async def notifications(
        self,
        interaction: discord.Interaction,
        par_semaine: app_commands.Range[int, 0, 3] | None = None,
        calme: str | None = None,
        jours: str | None = None,
    ) -> None:
        outbox, now, loc = self.bot.services.outbox, self.bot.clock.now(), lang(interaction)
        said = []
        if par_semaine is not None:
            await outbox.set_dm_limit(interaction.guild_id, interaction.user.id, par_semaine, now)
            budget = outbox.budget
            said.append(
                text(
                    "notify.saved",
                    loc,
                    n=par_semaine,
                    start=budget.quiet_from,
                    end=budget.quiet_until,
                )
            )
        if calme or jours or par_semaine is None:
            if calme or jours:
                await require_tutor(interaction)
                hours = await outbox.set_tutor_hours(
                    interaction.guild_id, interaction.user.id, calme, jours, now
                )
            else:
                hours = await outbox.tutor_hours_of(interaction.guild_id, interaction.user.id)
            said.append(
                text(
                    "notify.tutor_hours",
                    loc,
                    start=hours.quiet_from,
                    end=hours.quiet_until,
                    days=days_said(hours.days, loc),
                )
            )
        await interaction.response.send_message("\n".join(said), ephemeral=True)


async def setup(bot) -> None:
    await bot.add_cog(MyData(bot))
    await bot.add_cog(Notifications(bot))
