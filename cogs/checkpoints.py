"""/jalon: checkpoints (tutors add them; learners declare them done with a button or /jalon
fait). A declaration after the due date is recorded as late, not refused."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor, tutors_only
from cogs.errors import answers_errors
from cogs.helpers import _, cohort_choices, lang
from cogs.pages import send_list
from tutorat.dates import spoken
from tutorat.errors import Refusal
from tutorat.presence import CHECKPOINTS_VIEW
from tutorat.texts import text


async def declared(interaction: discord.Interaction, cohort_id: int, checkpoint_id: int) -> None:
    bot = interaction.client
    checkpoint, new, late = await bot.services.presence.declare(
        cohort_id, checkpoint_id, interaction.user.id, bot.clock.now()
    )
    key = "checkpoint.already" if not new else "checkpoint.done_late" if late else "checkpoint.done"
    await interaction.response.send_message(
        text(key, lang(interaction), name=checkpoint.name), ephemeral=True
    )


class DoneButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:done:(?P<cohort>\d+):(?P<checkpoint>\d+)",
):
    def __init__(self, cohort_id: int, checkpoint_id: int, label: str = "✓") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                style=discord.ButtonStyle.primary,
                emoji="✅",
                custom_id=f"tutorat:done:{cohort_id}:{checkpoint_id}",
            )
        )
        self.cohort_id, self.checkpoint_id = cohort_id, checkpoint_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> DoneButton:
        return cls(int(match["cohort"]), int(match["checkpoint"]))

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await declared(interaction, self.cohort_id, self.checkpoint_id)


def checkpoints_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for checkpoint_id, name in args["checkpoints"]:
        label = text("checkpoint.button", args.get("lang", "fr"), name=name)
        view.add_item(DoneButton(int(args["cohort"]), int(checkpoint_id), label))
    return view


@app_commands.guild_only()
class Checkpoints(
    commands.GroupCog,
    group_name=_("jalon", "cmd.jalon"),
    group_description=_("Les échéances de la formation", "cmd.jalon.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.presence = bot.services.presence
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DoneButton)
        self.bot.sender.views[CHECKPOINTS_VIEW] = checkpoints_view

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(DoneButton)

    @app_commands.command(
        name=_("ajouter", "cmd.jalon.ajouter"),
        description=_("Ajouter un jalon (tuteurs)", "cmd.jalon.ajouter.description"),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        nom=_("Nom du jalon, ex. Devoir 1", "opt.jalon_nom"),
        echeance=_("Échéance, ex. 2027-02-05 18:00", "opt.echeance"),
        facultatif=_("Formatif : ne compte pas dans l'alerte précoce", "opt.facultatif"),
    )
    @tutors_only
    async def ajouter(
        self,
        interaction: discord.Interaction,
        cohorte: str,
        nom: str,
        echeance: str,
        facultatif: bool = False,
    ) -> None:
        await require_tutor(interaction)
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        now, weight = self.bot.clock.now(), 0.0 if facultatif else None
        checkpoint = await self.presence.add_checkpoint(cohort, nom, echeance, now, weight)
        said = {
            "name": checkpoint.name,
            "when": spoken(checkpoint.due_at, cohort.zone, lang(interaction)),
        }
        await interaction.response.send_message(
            text("checkpoint.added_optional", lang(interaction), **said)
            if facultatif
            else text("checkpoint.added", lang(interaction), **said),
            ephemeral=True,
        )

    @app_commands.command(
        name=_("liste", "cmd.jalon.liste"),
        description=_("Les jalons de ma cohorte", "cmd.jalon.liste.description"),
    )
    async def liste(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        lines = []
        for cohort in await self._cohorts_of(interaction):
            counts = await self.presence.checkpoints.done_counts(cohort.id)
            for c in await self.presence.checkpoints.of_cohort(cohort.id):
                lines.append(
                    text(
                        "checkpoint.list_line",
                        loc,
                        name=c.name,
                        when=spoken(c.due_at, cohort.zone, loc),
                        n=counts[c.id],
                    )
                )
        await send_list(interaction, lines, text("checkpoint.list_empty", loc), loc)

    @app_commands.command(
        name=_("modifier", "cmd.jalon.modifier"),
        description=_(
            "Corriger le nom ou l'échéance d'un jalon (tuteurs)", "cmd.jalon.modifier.description"
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        jalon=_("Le jalon", "opt.jalon"),
        nom=_("Nouveau nom (facultatif)", "opt.jalon_nouveau_nom"),
        echeance=_("Nouvelle échéance, ex. 2027-02-05 18:00 (facultatif)", "opt.nouvelle_echeance"),
    )
    @tutors_only
    async def modifier(
        self,
        interaction: discord.Interaction,
        cohorte: str,
        jalon: str,
        nom: str | None = None,
        echeance: str | None = None,
    ) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        now = self.bot.clock.now()
        before, after = await self.presence.change_checkpoint(cohort, jalon, nom, echeance, now)
        loc = lang(interaction)
        await interaction.response.send_message(
            text(
                "checkpoint.changed",
                loc,
                before=before.name,
                name=after.name,
                when=spoken(after.due_at, cohort.zone, loc),
            ),
            ephemeral=True,
        )

    @app_commands.command(
        name=_("retirer", "cmd.jalon.retirer"),
        description=_(
            "Retirer un jalon créé par erreur (tuteurs)", "cmd.jalon.retirer.description"
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"), jalon=_("Le jalon", "opt.jalon")
    )
    @tutors_only
    async def retirer(self, interaction: discord.Interaction, cohorte: str, jalon: str) -> None:
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        removed = await self.presence.remove_checkpoint(cohort, jalon)
        await interaction.response.send_message(
            text("checkpoint.removed", lang(interaction), name=removed.name), ephemeral=True
        )

    @modifier.autocomplete("cohorte")
    @retirer.autocomplete("cohorte")
    async def cohorts(self, interaction: discord.Interaction, current: str):
        return await cohort_choices(interaction, current)

    @modifier.autocomplete("jalon")
    @retirer.autocomplete("jalon")
    async def cohort_checkpoints(self, interaction: discord.Interaction, current: str):
        cohorte = getattr(interaction.namespace, "cohorte", None) or ""
        try:
            cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        except Refusal:  # no cohort chosen yet
            return []
        return [
            app_commands.Choice(name=c.name[:100], value=c.name)
            for c in await self.presence.checkpoints.of_cohort(cohort.id)
            if current.lower() in c.name.lower()
        ][:25]

    @app_commands.command(
        name=_("fait", "cmd.jalon.fait"),
        description=_("Déclarer un jalon fait", "cmd.jalon.fait.description"),
    )
    @app_commands.describe(jalon=_("Le jalon", "opt.jalon"))
    async def fait(self, interaction: discord.Interaction, jalon: str) -> None:
        cohort_id, _sep, checkpoint_id = jalon.partition(":")
        if not (cohort_id.isdigit() and checkpoint_id.isdigit()):
            raise Refusal("checkpoint.unknown")
        await declared(interaction, int(cohort_id), int(checkpoint_id))

    @fait.autocomplete("jalon")
    async def open_checkpoints(self, interaction: discord.Interaction, current: str):
        choices = []
        for cohort in await self._cohorts_of(interaction, learner_only=True):
            for c in await self.presence.open_for(cohort.id, interaction.user.id):
                if current.lower() in c.name.lower():
                    choices.append(
                        app_commands.Choice(name=c.name[:100], value=f"{cohort.id}:{c.id}")
                    )
        return choices[:25]

    async def _cohorts_of(self, interaction: discord.Interaction, learner_only: bool = False):
        cohorts = self.bot.services.cohorts
        mine = await cohorts.of_member(interaction.user.id, interaction.guild_id)
        if not mine and not learner_only:  # a tutor: every cohort of the server
            return await cohorts.of_guild(interaction.guild_id)
        return mine


async def setup(bot) -> None:
    await bot.add_cog(Checkpoints(bot))
