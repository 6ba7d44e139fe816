"""/plateforme: the course platform. Learners link their platform account (a tutor confirms),
see and remove their link; tutors import a roster or an activity report (CSV), list and confirm
links, connect the cohort's source and poll it now."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor, tutors_only
from cogs.helpers import MAX_UPLOAD, _, lang
from cogs.pages import send_list
from tutorat.errors import Refusal
from tutorat.platform_service import check_text
from tutorat.texts import text


def member_names(guild: discord.Guild) -> dict[str, int]:
    """How a roster may name a member: id, user name, global or server display name."""
    names: dict[str, int] = {}
    for member in guild.members:
        for name in (member.name, member.global_name, member.nick, str(member.id)):
            if name:
                names.setdefault(name.lower(), member.id)
    return names


@app_commands.guild_only()
class Platform(
    commands.GroupCog,
    group_name=_("plateforme", "cmd.plateforme"),
    group_description=_("La plateforme de cours et vos comptes", "cmd.plateforme.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.platform = bot.services.platform
        super().__init__()

    async def _cohort(self, interaction: discord.Interaction, name: str):
        await require_tutor(interaction)
        return await self.bot.services.onboarding.get(interaction.guild_id, name)

    # learners --------------------------------------------------------------------------------

    @app_commands.command(
        name=_("lier", "cmd.plateforme.lier"),
        description=_("Indiquer mon compte sur la plateforme", "cmd.plateforme.lier.description"),
    )
    @app_commands.describe(compte=_("Votre email ou identifiant sur la plateforme", "opt.compte"))
    async def lier(self, interaction: discord.Interaction, compte: str) -> None:
        await self.platform.declare(
            interaction.guild_id, interaction.user.id, compte, self.bot.clock.now()
        )
        await interaction.response.send_message(
            text("platform.declared", lang(interaction)), ephemeral=True
        )

    @app_commands.command(
        name=_("moncompte", "cmd.plateforme.moncompte"),
        description=_("Voir mon lien avec la plateforme", "cmd.plateforme.moncompte.description"),
    )
    async def moncompte(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        links = await self.platform.links_of(interaction.guild_id, interaction.user.id)
        lines = [
            text("platform.my_link", loc, account=_shown(link.account))
            if link.confirmed
            else text("platform.my_link_waiting", loc, account=_shown(link.account))
            for link in links
        ]
        await interaction.response.send_message(
            "\n".join(lines) or text("platform.no_link", loc), ephemeral=True
        )

    @app_commands.command(
        name=_("delier", "cmd.plateforme.delier"),
        description=_("Retirer mon lien avec la plateforme", "cmd.plateforme.delier.description"),
    )
    async def delier(self, interaction: discord.Interaction) -> None:
        removed = await self.platform.unlink(interaction.guild_id, interaction.user.id)
        key = "platform.unlinked" if removed else "platform.no_link"
        await interaction.response.send_message(text(key, lang(interaction)), ephemeral=True)

    # tutors ------------------------------------------------------------------------------------

    @app_commands.command(
        name=_("importer", "cmd.plateforme.importer"),
        description=_(
            "Importer une liste de comptes ou un relevé d'activité (CSV, tuteurs)",
            "cmd.plateforme.importer.description",
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        fichier=_("Le fichier CSV", "opt.fichier"),
    )
    @tutors_only
    async def importer(
        self, interaction: discord.Interaction, cohorte: str, fichier: discord.Attachment
    ) -> None:
        cohort = await self._cohort(interaction, cohorte)
        if not isinstance(fichier, discord.Attachment):  # a forged or broken payload
            raise Refusal("platform.csv.no_file")
        if fichier.size > MAX_UPLOAD:
            raise Refusal("platform.csv.too_big")
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await fichier.read()
        what, rows, added = await self.platform.import_csv(
            cohort,
            data,
            member_names(interaction.guild),
            interaction.user.id,
            self.bot.clock.now(),
        )
        await interaction.followup.send(
            text(f"platform.imported_{what}", lang(interaction), rows=rows, added=added),
            ephemeral=True,
        )

    @app_commands.command(
        name=_("liens", "cmd.plateforme.liens"),
        description=_(
            "Les comptes liés d'une cohorte (tuteurs)", "cmd.plateforme.liens.description"
        ),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    @tutors_only
    async def liens(self, interaction: discord.Interaction, cohorte: str) -> None:
        cohort = await self._cohort(interaction, cohorte)
        loc = lang(interaction)
        lines = [
            text("platform.link_line", loc, user=f"<@{link.user_id}>", account=_shown(link.account))
            if link.confirmed
            else text(
                "platform.link_line_waiting",
                loc,
                user=f"<@{link.user_id}>",
                account=_shown(link.account),
            )
            for link in await self.platform.links(cohort)
        ]
        await send_list(interaction, lines, text("platform.no_links", loc), loc)

    @app_commands.command(
        name=_("confirmer", "cmd.plateforme.confirmer"),
        description=_(
            "Confirmer le compte indiqué par un·e apprenant·e (tuteurs)",
            "cmd.plateforme.confirmer.description",
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        apprenant=_("L'apprenant·e", "opt.apprenant"),
    )
    @tutors_only
    async def confirmer(
        self, interaction: discord.Interaction, cohorte: str, apprenant: discord.Member
    ) -> None:
        cohort = await self._cohort(interaction, cohorte)
        handed = await self.platform.confirm(
            cohort, apprenant.id, interaction.user.id, self.bot.clock.now()
        )
        await interaction.response.send_message(
            text("platform.confirmed", lang(interaction), user=apprenant.mention, n=handed),
            ephemeral=True,
        )

    @app_commands.command(
        name=_("connecter", "cmd.plateforme.connecter"),
        description=_(
            "Relever l'activité de la cohorte sur la plateforme (tuteurs)",
            "cmd.plateforme.connecter.description",
        ),
    )
    @app_commands.describe(
        cohorte=_("Nom de la cohorte", "opt.cohorte"),
        source=_("xapi (un LRS) ou moodle (services web)", "opt.source"),
        cours=_("Le cours : son IRI xAPI, ou son id Moodle", "opt.cours"),
    )
    @tutors_only
    async def connecter(
        self,
        interaction: discord.Interaction,
        cohorte: str,
        source: Literal["xapi", "moodle"],
        cours: str = "",
    ) -> None:
        cohort = await self._cohort(interaction, cohorte)
        await interaction.response.defer(ephemeral=True, thinking=True)
        # saved, then tried at once: site, course, one call of each function
        check = await self.platform.connect(cohort, source, cours, interaction.user.id)
        await self.bot.reschedule()
        loc = lang(interaction)
        said = text("platform.connected", loc, source=source)
        await interaction.followup.send(
            check_text(check, source, loc) if check else said, ephemeral=True
        )

    @app_commands.command(
        name=_("relever", "cmd.plateforme.relever"),
        description=_(
            "Relever la plateforme maintenant (tuteurs)", "cmd.plateforme.relever.description"
        ),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    @tutors_only
    async def relever(self, interaction: discord.Interaction, cohorte: str) -> None:
        cohort = await self._cohort(interaction, cohorte)
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.platform.poll(cohort, self.bot.clock.now())
        states = await self.platform.state(cohort)
        failing = [s for s in states if s.failure]
        key = "platform.polled_failing" if failing else "platform.polled"
        await interaction.followup.send(
            text(key, lang(interaction), new=report.new, waiting=report.waiting), ephemeral=True
        )


def _shown(account: str) -> str:
    """An account as people wrote it: the key without its prefix."""
    return account.split(":", 1)[-1].removeprefix("|")


async def setup(bot) -> None:
    await bot.add_cog(Platform(bot))
