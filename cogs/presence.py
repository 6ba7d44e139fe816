"""/presence: what tutors add to the daily presence post (a message for a day, who is on
duty), and the list of what is queued. The post itself is scheduled work (tutorat.presence)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor, tutor_check
from cogs.helpers import _, cohort_choices, lang
from cogs.pages import send_list
from tutorat.dates import day_name, local_day
from tutorat.errors import Refusal
from tutorat.texts import text


class PresenceForm(discord.ui.Modal):
    def __init__(self, cohort_id: int, loc: str) -> None:
        super().__init__(
            title=text("presence.modal_title", loc)[:45], custom_id=f"tutorat:presence:{cohort_id}"
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("presence.modal_day", loc)[:45], max_length=20, custom_id="day"
            )
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("presence.modal_body", loc)[:45],
                style=discord.TextStyle.paragraph,
                max_length=1500,
                custom_id="body",
            )
        )


async def presence_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    await require_tutor(interaction)
    bot = interaction.client
    cohort = await bot.services.cohorts.get(int(match["cohort"]))
    if cohort is None or cohort.guild_id != interaction.guild_id:
        raise Refusal("cohort.unknown", name=match["cohort"])
    day = await bot.services.presence.queue(
        cohort, values.get("day", ""), values.get("body", ""), interaction.user.id, bot.clock.now()
    )
    await interaction.response.send_message(
        text("presence.queued", lang(interaction), day=day_name(day, lang(interaction))),
        ephemeral=True,
    )


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class PresenceCommands(
    commands.GroupCog,
    group_name=_("presence", "cmd.presence"),
    group_description=_("Les signes de présence quotidiens", "cmd.presence.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.presence = bot.services.presence
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.forms.register(r"tutorat:presence:(?P<cohort>\d+)", presence_submitted)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await tutor_check(interaction)

    @app_commands.command(
        name=_("programmer", "cmd.presence.programmer"),
        description=_(
            "Ajouter un message au post d'un jour", "cmd.presence.programmer.description"
        ),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    async def programmer(self, interaction: discord.Interaction, cohorte: str) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        await interaction.response.send_modal(PresenceForm(cohort.id, lang(interaction)))

    @app_commands.command(
        name=_("liste", "cmd.presence.liste"),
        description=_("Ce qui est programmé", "cmd.presence.liste.description"),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    async def liste(self, interaction: discord.Interaction, cohorte: str) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        today = local_day(self.bot.clock.now(), cohort.zone)
        loc = lang(interaction)
        items = await self.presence.items.items(cohort.id, since=today)
        lines = [f"**n° {i.id}** — {day_name(i.day, loc)} : {i.body[:150]}" for i in items]
        await send_list(interaction, lines, text("presence.list_empty", loc), loc)

    @app_commands.command(
        name=_("retirer", "cmd.presence.retirer"),
        description=_("Retirer un message programmé", "cmd.presence.retirer.description"),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        numero=_("Le numéro montré par /presence liste", "opt.numero"),
    )
    async def retirer(
        self, interaction: discord.Interaction, cohorte: str, numero: app_commands.Range[int, 1]
    ) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        if not await self.presence.items.remove(cohort.id, numero):
            raise Refusal("presence.unknown_item", id=numero)
        await interaction.response.send_message(
            text("presence.removed", lang(interaction)), ephemeral=True
        )

    @app_commands.command(
        name=_("permanence", "cmd.presence.permanence"),
        description=_("Qui est de permanence un jour donné", "cmd.presence.permanence.description"),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        jour=_("Le jour, ex. 2027-01-12", "opt.jour"),
        tuteur=_("Le tuteur ou la tutrice", "opt.tuteur"),
    )
    async def permanence(
        self, interaction: discord.Interaction, cohorte: str, jour: str, tuteur: discord.Member
    ) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        day = await self.presence.on_duty(cohort, jour, tuteur.id, self.bot.clock.now())
        await interaction.response.send_message(
            text(
                "presence.duty_set",
                lang(interaction),
                tutor=tuteur.mention,
                day=day_name(day, lang(interaction)),
            ),
            ephemeral=True,
        )

    @programmer.autocomplete("cohorte")
    @liste.autocomplete("cohorte")
    @retirer.autocomplete("cohorte")
    @permanence.autocomplete("cohorte")
    async def names(self, interaction: discord.Interaction, current: str):
        return await cohort_choices(interaction, current)


async def setup(bot) -> None:
    await bot.add_cog(PresenceCommands(bot))
