"""/cohorte: tutors create and follow a cohort (role, channel, kick-off event, presentation).

Nothing half-made: if Discord refuses a step, what was already created is removed and the
tutor reads which permission the bot lacks."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import tutor_check
from cogs.errors import answer_error
from tutorat.dates import spoken
from tutorat.errors import Refusal
from tutorat.texts import text

log = logging.getLogger(__name__)
ZONES = sorted(available_timezones())
LEARNER_ALLOW = discord.Permissions(
    view_channel=True, send_messages=True, read_message_history=True, add_reactions=True
)
BOT_ALLOW = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)


def _(french: str, key: str) -> app_commands.locale_str:
    return app_commands.locale_str(french, key=key)


def lang(interaction: discord.Interaction) -> str:
    return str(interaction.locale)


class Undo:
    """What was created on Discord so far, to remove if a later step fails."""

    def __init__(self) -> None:
        self.made: list = []

    async def rollback(self) -> None:
        for thing in reversed(self.made):
            with contextlib.suppress(discord.HTTPException):
                await thing.delete()


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
        guild = interaction.guild
        undo = Undo()
        step = "Gérer les rôles"
        try:
            if role is None:
                role = await guild.create_role(
                    name=f"Apprenants {plan.name}"[:100], reason="tutorat: /cohorte creer"
                )
                undo.made.append(role)
            category = None
            if salon is None:
                step = "Gérer les salons"
                overwrites = await self._overwrites(guild, role)
                category = await guild.create_category(
                    f"Cohorte {plan.name}"[:100], overwrites=overwrites
                )
                undo.made.append(category)
                salon = await guild.create_text_channel(
                    plan.name[:100],
                    category=category,
                    overwrites=overwrites,
                    topic=text("event.description", "fr")[:1024],
                )
                undo.made.append(salon)
            step = "Gérer les événements"
            event = await self._event(guild, plan, vocal, salon)
            undo.made.append(event)
        except discord.Forbidden:
            await undo.rollback()
            raise Refusal("cohort.bot_missing_permission", permission=step) from None
        except BaseException:
            await undo.rollback()
            raise
        cohort = await self.onboarding.cohorts.create(
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

    async def _overwrites(self, guild: discord.Guild, role: discord.Role) -> dict:
        overwrites = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            role: discord.PermissionOverwrite.from_pair(LEARNER_ALLOW, discord.Permissions.none()),
            guild.me: discord.PermissionOverwrite.from_pair(BOT_ALLOW, discord.Permissions.none()),
        }
        settings = await self.bot.services.settings.get(guild.id)
        for role_id in (settings.tutor_role_id, settings.coordinator_role_id):
            tutor_role = guild.get_role(role_id) if role_id else None
            if tutor_role is not None:
                overwrites[tutor_role] = discord.PermissionOverwrite.from_pair(
                    LEARNER_ALLOW, discord.Permissions.none()
                )
        return overwrites

    async def _event(self, guild, plan, vocal, salon) -> discord.ScheduledEvent:
        name = text("event.name", "fr", cohort=plan.name)[:100]
        description = text("event.description", "fr")
        if vocal is not None:
            return await guild.create_scheduled_event(
                name=name,
                start_time=plan.kickoff_at,
                channel=vocal,
                description=description,
                entity_type=discord.EntityType.voice,
                privacy_level=discord.PrivacyLevel.guild_only,
            )
        return await guild.create_scheduled_event(
            name=name,
            start_time=plan.kickoff_at,
            end_time=plan.kickoff_at + timedelta(minutes=90),
            location=plan.event_link or f"#{salon.name}",
            description=description,
            entity_type=discord.EntityType.external,
            privacy_level=discord.PrivacyLevel.guild_only,
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
    )
    async def modifier(
        self,
        interaction: discord.Interaction,
        nom: str,
        demarrage: str | None = None,
        fin: str | None = None,
    ) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
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
        await self.onboarding.cohorts.cohorts.archive(cohort.id, self.bot.clock.now())
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
        await interaction.response.send_modal(
            PresentationModal(self.bot, cohort, lang(interaction))
        )

    # following --------------------------------------------------------------------------

    @app_commands.command(
        name=_("demarrage", "cmd.cohorte.demarrage"),
        description=_("Qui n'a pas encore démarré", "cmd.cohorte.demarrage.description"),
    )
    @app_commands.describe(nom=_("Nom de la cohorte", "opt.nom"))
    async def demarrage(self, interaction: discord.Interaction, nom: str) -> None:
        cohort = await self.onboarding.get(interaction.guild_id, nom)
        now, loc = self.bot.clock.now(), lang(interaction)
        learners = await self.onboarding.cohorts.learners.of_cohort(cohort.id)
        active = [learner for learner in learners if learner.active]
        late = await self.onboarding.non_starters(cohort, now)
        embed = discord.Embed(
            title=text(
                "start.list_title",
                loc,
                cohort=cohort.name,
                started=len(active) - len(late),
                total=len(active),
            )
        )
        if now < cohort.kickoff_at:
            embed.description = text(
                "start.list_before", loc, kickoff=spoken(cohort.kickoff_at, cohort.zone, loc)
            )
        elif not late:
            embed.description = text("start.list_none", loc)
        else:
            lines = [
                text(
                    "start.list_line",
                    loc,
                    who=f"<@{p.learner.user_id}>",
                    days=p.days,
                    reminded=text("start.list_reminded", loc) if p.reminded else "",
                )
                for p in late
            ]
            embed.description = "\n".join(lines)[:4000]
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name=_("liste", "cmd.cohorte.liste"),
        description=_("Les cohortes de ce serveur", "cmd.cohorte.liste.description"),
    )
    async def liste(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        lines = []
        for cohort in await self.onboarding.cohorts.cohorts.for_guild(interaction.guild_id):
            learners = [
                x for x in await self.onboarding.cohorts.learners.of_cohort(cohort.id) if x.active
            ]
            lines.append(
                text(
                    "cohort.list_line",
                    loc,
                    name=cohort.name,
                    kickoff=spoken(cohort.kickoff_at, cohort.zone, loc),
                    learners=len(learners),
                    started=sum(1 for x in learners if x.started_at),
                )
            )
        await interaction.response.send_message(
            "\n".join(lines) or text("cohort.list_empty", loc), ephemeral=True
        )

    # autocomplete -----------------------------------------------------------------------

    @creer.autocomplete("fuseau")
    async def zones(self, interaction: discord.Interaction, current: str):
        wanted = current.lower().replace(" ", "_")
        return [app_commands.Choice(name=z, value=z) for z in ZONES if wanted in z.lower()][:25]

    @modifier.autocomplete("nom")
    @archiver.autocomplete("nom")
    @presentation.autocomplete("nom")
    @demarrage.autocomplete("nom")
    async def names(self, interaction: discord.Interaction, current: str):
        cohorts = await self.onboarding.cohorts.cohorts.for_guild(interaction.guild_id)
        return [
            app_commands.Choice(name=c.name, value=c.name)
            for c in cohorts
            if current.lower() in c.name.lower()
        ][:25]


class PresentationModal(discord.ui.Modal):
    def __init__(self, bot, cohort, loc: str) -> None:
        super().__init__(
            title=text("presentation.modal_title", loc)[:45],
            timeout=None,
            custom_id=f"tutorat:presentation:{cohort.id}",
        )
        self.bot, self.cohort = bot, cohort
        self.body = discord.ui.TextInput(
            label=text("presentation.label", loc)[:45],
            style=discord.TextStyle.paragraph,
            max_length=1024,
            default=cohort.presentation,
            custom_id="presentation",
        )
        self.add_item(self.body)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await answer_error(interaction, error)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.bot.services.cohorts.cohorts.set_presentation(self.cohort.id, self.body.value)
        await interaction.response.send_message(
            text("cohort.presentation_saved", lang(interaction)), ephemeral=True
        )


async def setup(bot) -> None:
    await bot.add_cog(Cohorts(bot))
