"""/configurer (server admins): the tutor and coordinator roles. /tuteur assigner: which
tutor follows which learner (by default the bot balances the cohort's tutors); /tuteur
importer: a whole roster at once (the cohort's role, and each learner's tutor)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor, standing_of, tutors_only
from cogs.helpers import MAX_UPLOAD, _, lang, member_index
from cogs.pages import send_list
from tutorat.errors import Refusal
from tutorat.models import GuildSettings
from tutorat.texts import text


class Settings(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(
        name=_("configurer", "cmd.configurer"),
        description=_("Rôles de l'équipe tutorale sur ce serveur", "cmd.configurer.description"),
    )
    @app_commands.describe(
        role_tuteur=_("Le rôle des tuteurs et tutrices", "opt.role_tuteur"),
        role_coordination=_("Le rôle de la coordination", "opt.role_coordination"),
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def configurer(
        self,
        interaction: discord.Interaction,
        role_tuteur: discord.Role,
        role_coordination: discord.Role | None = None,
    ) -> None:
        settings = GuildSettings(
            interaction.guild_id,
            role_tuteur.id,
            role_coordination.id if role_coordination else None,
        )
        await self.bot.services.team.save(settings, self.bot.clock.now())
        said = "settings.saved" if role_coordination else "settings.saved_no_coordination"
        await interaction.response.send_message(
            text(
                said,
                lang(interaction),
                tutor=role_tuteur.mention,
                coordinator=role_coordination.mention if role_coordination else "",
            ),
            ephemeral=True,
        )

    tuteur = app_commands.Group(
        name=_("tuteur", "cmd.tuteur"),
        description=_("Le suivi des apprenants par les tuteurs", "cmd.tuteur.description"),
        guild_only=True,
        default_permissions=discord.Permissions(manage_messages=True),
    )

    @tuteur.command(
        name=_("assigner", "cmd.tuteur.assigner"),
        description=_(
            "Confier un·e apprenant·e à un tuteur ou une tutrice", "cmd.tuteur.assigner.description"
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        tuteur=_("Le tuteur ou la tutrice", "opt.tuteur"),
        apprenant=_("L'apprenant·e", "opt.apprenant"),
    )
    @tutors_only
    async def assigner(
        self,
        interaction: discord.Interaction,
        cohorte: str,
        tuteur: discord.Member,
        apprenant: discord.Member,
    ) -> None:
        await require_tutor(interaction)
        if tuteur.bot:
            raise Refusal("tutor.is_bot")
        onboarding = self.bot.services.onboarding
        cohort = await onboarding.get(interaction.guild_id, cohorte)
        await onboarding.assign_tutor(cohort, apprenant.id, apprenant.display_name, tuteur.id)
        await interaction.response.send_message(
            text(
                "tutor.assigned",
                lang(interaction),
                learner=apprenant.mention,
                tutor=tuteur.mention,
                cohort=cohort.name,
            ),
            ephemeral=True,
        )

    @tuteur.command(
        name=_("importer", "cmd.tuteur.importer"),
        description=_(
            "Inscrire une liste d'apprenant·es (CSV) et leur confier un tuteur ou une tutrice",
            "cmd.tuteur.importer.description",
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        fichier=_("CSV : apprenant (nom ou identifiant Discord), tuteur facultatif", "opt.roster"),
    )
    @tutors_only
    async def importer(
        self, interaction: discord.Interaction, cohorte: str, fichier: discord.Attachment
    ) -> None:
        onboarding = self.bot.services.onboarding
        cohort = await onboarding.get(interaction.guild_id, cohorte)
        if not isinstance(fichier, discord.Attachment):  # a forged or broken payload
            raise Refusal("platform.csv.no_file")
        if fichier.size > MAX_UPLOAD:
            raise Refusal("platform.csv.too_big")
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild, loc = interaction.guild, lang(interaction)
        standings = {m.id: standing_of(m) for m in guild.members if not m.bot}
        team = await self.bot.services.team.among(guild.id, standings)
        entries, misses = await onboarding.roster_plan(
            cohort, await fichier.read(), member_index(guild), team
        )
        if misses:
            lines = [text("roster.refused", loc, n=len(misses))] + [
                text(m.reason, loc, line=m.line, column=m.column, value=m.value) for m in misses
            ]
            await send_list(interaction, lines, "", loc)
            return
        role = guild.get_role(cohort.role_id)
        for entry in entries:
            member = guild.get_member(entry.learner_id)
            if role not in member.roles:
                await member.add_roles(role, reason=f"/tuteur importer ({interaction.user.id})")
        names = {e.learner_id: guild.get_member(e.learner_id).display_name for e in entries}
        assigned = await onboarding.enrol_roster(cohort, entries, names, self.bot.clock.now())
        await interaction.followup.send(
            text("roster.done", loc, n=len(entries), tutors=assigned, cohort=cohort.name),
            ephemeral=True,
        )


async def setup(bot) -> None:
    await bot.add_cog(Settings(bot))
