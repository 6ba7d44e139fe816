"""/cohorte: tutors create and follow a cohort (role, channel, kick-off event, presentation).

Nothing half-made: if Discord refuses a step, what was already created is removed and the
tutor reads which permission the bot lacks."""

from __future__ import annotations

import logging
from datetime import timedelta
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import tutor_check
from cogs.cohort_export import send_export
from cogs.cohort_places import build_cohort_places
from cogs.cohort_views import (
    PresentationForm,
    cohort_lines,
    presentation_submitted,
    start_list,
)
from cogs.helpers import _, cohort_choices, lang
from cogs.reports import cohort_state_reply
from tutorat.dates import day_name, spoken
from tutorat.errors import Refusal
from tutorat.texts import language_of, text

log = logging.getLogger(__name__)
ZONES = sorted(available_timezones())


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class Cohorts(
    commands.GroupCog,
    group_name=_("cohorte", "cmd.cohorte"),
    group_description=_("Créer et suivre les cohortes", "cmd.cohorte.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.onboarding = bot.services.onboarding
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.forms.register(r"tutorat:presentation:(?P<cohort>\d+)", presentation_submitted)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await tutor_check(interaction)

    # creating ---------------------------------------------------------------------------

    @app_commands.command(
        name=_("creer", "cmd.cohorte.creer"),
        description=_("Créer une cohorte et son lancement", "cmd.cohorte.creer.description"),
    )
    @app_commands.describe(
        nom=_("Nom de la cohorte", "opt.nom"),
        demarrage=_("Date et heure du lancement, ex. 2027-01-11 09:00", "opt.demarrage"),
        fuseau=_("Fuseau horaire, ex. Europe/Paris", "opt.fuseau"),
        fin=_("Date de fin, ex. 2027-03-26", "opt.fin"),
        role=_("Rôle des apprenants (créé s'il manque)", "opt.role"),
        salon=_("Salon de la cohorte (créé s'il manque)", "opt.salon"),
        vocal=_("Salon vocal de la classe virtuelle", "opt.vocal"),
        lien=_("Ou lien https:// de la classe virtuelle", "opt.lien"),
    )
    async def creer(
        self,
        interaction: discord.Interaction,
        nom: str,
        demarrage: str,
        fuseau: str,
        fin: str | None = None,
        role: discord.Role | None = None,
        salon: discord.TextChannel | None = None,
        vocal: discord.VoiceChannel | None = None,
        lien: str | None = None,
    ) -> None:
        now = self.bot.clock.now()
        plan = await self.onboarding.plan(
            interaction.guild_id, nom, fuseau, demarrage, fin, lien, now
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        settings = await self.bot.services.team.get(interaction.guild_id)
        made = await build_cohort_places(interaction.guild, plan, settings, role, salon, vocal)
        role, salon, category, event, tutors = made
        cohort = await self.bot.services.cohorts.create(
            interaction.guild_id,
            plan.name,
            plan.tz,
            plan.kickoff_at,
            plan.ends_at,
            now,
            channel_id=salon.id,
            role_id=role.id,
            category_id=category.id if category else None,
            event_id=event.id,
            event_channel_id=vocal.id if vocal else None,
            event_link=plan.event_link,
            tutor_id=interaction.user.id,
            routine=self.bot.config.cohort.routine(),
            tutors_channel_id=tutors.id,
            locale=language_of(str(interaction.guild_locale or "fr")),  # the server's language
        )
        await self.bot.cohorts_changed()
        await interaction.followup.send(
            text(
                "cohort.created",
                lang(interaction),
                name=cohort.name,
                kickoff=spoken(cohort.kickoff_at, cohort.zone, lang(interaction)),
                tz=cohort.tz,
                channel=salon.mention,
                role=role.mention,
            ),
            ephemeral=True,
        )

    # changing ---------------------------------------------------------------------------

    @app_commands.command(
        name=_("modifier", "cmd.cohorte.modifier"),
        description=_("Changer les dates d'une cohorte", "cmd.cohorte.modifier.description"),
    )
    @app_commands.describe(
        nom=_("Nom de la cohorte", "opt.nom"),
        demarrage=_("Nouvelle date et heure du lancement", "opt.demarrage"),
        fin=_("Nouvelle date de fin", "opt.fin"),
        entraide=_("Salon d'entraide (questions des apprenants)", "opt.entraide"),
    )
    async def modifier(
        self,
        interaction: discord.Interaction,
        nom: str,
        demarrage: str | None = None,
        fin: str | None = None,
        entraide: discord.TextChannel | None = None,
    ) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        if entraide is not None:
            await self.onboarding.set_help_channel(cohort, entraide.id)
            if not (demarrage or fin):
                await self.bot.refresh_places()
                message = text(
                    "cohort.help_set", lang(interaction), name=cohort.name, channel=entraide.mention
                )
                await interaction.response.send_message(message, ephemeral=True)
                return
        cohort = await self.onboarding.reschedule_dates(
            cohort, demarrage, fin, self.bot.clock.now()
        )
        if demarrage and cohort.event_id:
            event = interaction.guild.get_scheduled_event(cohort.event_id)
            if event is not None:
                end = None if cohort.event_channel_id else cohort.kickoff_at + timedelta(minutes=90)
                await event.edit(
                    start_time=cohort.kickoff_at, end_time=end or discord.utils.MISSING
                )
        await self.bot.cohorts_changed()
        ends = spoken(cohort.ends_at, cohort.zone, lang(interaction)) if cohort.ends_at else "—"
        await interaction.response.send_message(
            text(
                "cohort.updated",
                lang(interaction),
                name=cohort.name,
                kickoff=spoken(cohort.kickoff_at, cohort.zone, lang(interaction)),
                ends=ends,
            ),
            ephemeral=True,
        )

    @app_commands.command(
        name=_("archiver", "cmd.cohorte.archiver"),
        description=_("Archiver une cohorte terminée", "cmd.cohorte.archiver.description"),
    )
    @app_commands.describe(nom=_("Nom de la cohorte", "opt.nom"))
    async def archiver(self, interaction: discord.Interaction, nom: str) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        await self.bot.services.cohorts.archive(cohort.id, self.bot.clock.now())
        await self.bot.cohorts_changed()
        await interaction.response.send_message(
            text("cohort.archived", lang(interaction), name=cohort.name), ephemeral=True
        )

    @app_commands.command(
        name=_("presentation", "cmd.cohorte.presentation"),
        description=_(
            "Écrire la présentation de la formation", "cmd.cohorte.presentation.description"
        ),
    )
    @app_commands.describe(nom=_("Nom de la cohorte", "opt.nom"))
    async def presentation(self, interaction: discord.Interaction, nom: str) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        await interaction.response.send_modal(PresentationForm(cohort, lang(interaction)))

    @app_commands.command(
        name=_("pause", "cmd.cohorte.pause"),
        description=_("Programmer une pause (congés)", "cmd.cohorte.pause.description"),
    )
    @app_commands.describe(
        nom=_("Nom de la cohorte", "opt.nom"),
        debut=_("Premier jour de pause, ex. 2027-02-15", "opt.debut"),
        fin=_("Dernier jour de pause, ex. 2027-02-21", "opt.fin_pause"),
    )
    async def pause(self, interaction: discord.Interaction, nom: str, debut: str, fin: str) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        pause = await self.bot.services.presence.add_break(cohort, debut, fin, self.bot.clock.now())
        loc = lang(interaction)
        await interaction.response.send_message(
            text(
                "break.saved",
                loc,
                first=day_name(pause.first_day, loc),
                last=day_name(pause.last_day, loc),
            ),
            ephemeral=True,
        )

    # following --------------------------------------------------------------------------

    @app_commands.command(
        name=_("demarrage", "cmd.cohorte.demarrage"),
        description=_("Qui n'a pas encore démarré", "cmd.cohorte.demarrage.description"),
    )
    @app_commands.describe(nom=_("Nom de la cohorte", "opt.nom"))
    async def demarrage(self, interaction: discord.Interaction, nom: str) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        embed = await start_list(self.onboarding, cohort, self.bot.clock.now(), lang(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name=_("liste", "cmd.cohorte.liste"),
        description=_("Les cohortes de ce serveur", "cmd.cohorte.liste.description"),
    )
    async def liste(self, interaction: discord.Interaction) -> None:
        lines = await cohort_lines(
            self.bot.services.cohorts, interaction.guild_id, lang(interaction)
        )
        await interaction.response.send_message(lines, ephemeral=True)

    @app_commands.command(
        name=_("export", "cmd.cohorte.export"),
        description=_(
            "Tableau CSV : une ligne par apprenant et par semaine", "cmd.cohorte.export.description"
        ),
    )
    @app_commands.describe(
        nom=_("Nom de la cohorte", "opt.nom"),
        separateur=_("Séparateur ; (tableur français) ou ,", "opt.separateur"),
    )
    @app_commands.choices(
        separateur=[
            app_commands.Choice(name=";", value=";"),
            app_commands.Choice(name=",", value=","),
        ]
    )
    async def export(
        self, interaction: discord.Interaction, nom: str, separateur: str = ";"
    ) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        await send_export(interaction, cohort, separateur)

    @app_commands.command(
        name=_("etat", "cmd.cohorte.etat"),
        description=_("L'état de la cohorte, avec son graphique", "cmd.cohorte.etat.description"),
    )
    @app_commands.describe(
        nom=_("Nom de la cohorte", "opt.nom"),
        publier=_("Publier dans le salon (sinon, visible de vous seul·e)", "opt.publier"),
    )
    async def etat(self, interaction: discord.Interaction, nom: str, publier: bool = False) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        if publier and interaction.channel_id != cohort.tutors_channel_id:
            raise Refusal("state.publish_where", channel=f"<#{cohort.tutors_channel_id}>")
        await interaction.response.defer(ephemeral=not publier, thinking=True)
        embed, chart = await cohort_state_reply(self.bot, cohort, lang(interaction))
        await interaction.followup.send(embed=embed, file=chart, ephemeral=not publier)

    # autocomplete -----------------------------------------------------------------------

    @creer.autocomplete("fuseau")
    async def zones(self, interaction: discord.Interaction, current: str):
        wanted = current.lower().replace(" ", "_")
        return [app_commands.Choice(name=z, value=z) for z in ZONES if wanted in z.lower()][:25]

    @etat.autocomplete("nom")
    @export.autocomplete("nom")
    @pause.autocomplete("nom")
    @modifier.autocomplete("nom")
    @archiver.autocomplete("nom")
    @presentation.autocomplete("nom")
    @demarrage.autocomplete("nom")
    async def names(self, interaction: discord.Interaction, current: str):
        return await cohort_choices(interaction, current)


async def setup(bot) -> None:
    await bot.add_cog(Cohorts(bot))
