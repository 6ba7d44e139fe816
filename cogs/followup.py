"""The tutor's side of early warning: /suivi to list cases, the watch list, a learner, and
what helped (the buttons on each prompt are in cogs/case_buttons.py)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import tutor_check
from cogs.case_buttons import CaseButton, case_view, done_submitted, false_submitted
from cogs.helpers import _, lang
from cogs.pages import send_list
from cogs.reports import learner_timeline_file
from tutorat.dates import spoken
from tutorat.reporting import decimal
from tutorat.texts import Count, text
from tutorat.warning.cases import CASE_VIEW, FORM_KEYS


def watch_line(row: dict, cohort: str, loc: str) -> str:
    """A learner on the watch list: over the threshold past the cap, or just under it."""
    said = {
        "who": f"<@{row['user_id']}>",
        "cohort": cohort,
        "score": decimal(row["score"], loc),
        "threshold": decimal(row["threshold"], loc),
        "reason": row["reasons"][0] if row["reasons"] else "",
    }
    if row["past_cap"]:
        return text("case.watch_over", loc, **said)
    return text("case.watch_near", loc, **said)


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class FollowUp(
    commands.GroupCog,
    group_name=_("suivi", "cmd.suivi"),
    group_description=_("Les apprenants qui ont besoin d'un contact", "cmd.suivi.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.followup = bot.services.followup
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(CaseButton)
        self.bot.sender.views[CASE_VIEW] = case_view
        self.bot.forms.register(r"tutorat:casedone:(?P<case>\d+)", done_submitted)
        self.bot.forms.register(r"tutorat:casefalse:(?P<case>\d+)", false_submitted)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(CaseButton)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await tutor_check(interaction)

    @app_commands.command(
        name=_("cas", "cmd.suivi.cas"),
        description=_("Mes cas ouverts", "cmd.suivi.cas.description"),
    )
    async def cas(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        lines = []
        for case, cohort in await self.followup.of_tutor(interaction.user.id, interaction.guild_id):
            state = (
                text("case.state_contacted", loc)
                if case.contacted_at
                else text("case.state_open", loc)
            )
            lines.append(
                text(
                    "case.line",
                    loc,
                    id=case.id,
                    who=f"<@{case.user_id}>",
                    form=text(FORM_KEYS[case.form], loc),
                    cohort=cohort.name,
                    since=spoken(case.opened_at, cohort.zone, loc),
                    state=state,
                )
            )
        await send_list(interaction, lines, text("case.none", loc), loc)

    @app_commands.command(
        name=_("apprenant", "cmd.suivi.apprenant"),
        description=_(
            "Signaux, cas et notes d'un·e apprenant·e", "cmd.suivi.apprenant.description"
        ),
    )
    @app_commands.describe(apprenant=_("L'apprenant·e", "opt.apprenant"))
    async def apprenant(self, interaction: discord.Interaction, apprenant: discord.Member) -> None:
        loc = lang(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed = discord.Embed(title=text("case.learner_title", loc, who=apprenant.display_name))
        timeline = None  # the chart is drawn once, for the last cohort the learner is in
        for cohort, cases, enrolled in await self.followup.of_learner(
            apprenant.id, interaction.guild_id
        ):
            if enrolled:
                timeline = (cohort, cases)
            for case in cases:
                status = case.outcome or ("contacted" if case.contacted_at else "open")
                value = "\n".join(
                    [
                        *(f"• {r}" for r in case.reasons),
                        text("case.status", loc, status=text(f"case.status_{status}", loc)),
                        *([f"📝 {case.notes}"] if case.notes else []),
                        *([f"➡️ {case.next_step}"] if case.next_step else []),
                    ]
                )
                embed.add_field(
                    name=f"{cohort.name} — n° {case.id} — {text(FORM_KEYS[case.form], loc)}",
                    value=value[:1024],
                    inline=False,
                )
        if not embed.fields:
            embed.description = text("case.learner_none", loc)
        if timeline is None:
            await interaction.followup.send(embed=embed, ephemeral=True)
            return
        cohort, cases = timeline
        chart = await learner_timeline_file(self.bot, cohort, apprenant, cases, loc)
        embed.set_image(url=f"attachment://{chart.filename}")
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)

    @app_commands.command(
        name=_("veille", "cmd.suivi.veille"),
        description=_("Qui attend sur la liste de veille", "cmd.suivi.veille.description"),
    )
    async def veille(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        lines = [
            watch_line(row, cohort.name, loc)
            for row, cohort in await self.followup.watch_list(
                interaction.user.id, interaction.guild_id
            )
        ]
        await send_list(interaction, lines, text("case.watch_none", loc), loc)

    @app_commands.command(
        name=_("efficacite", "cmd.suivi.efficacite"),
        description=_("Les contacts ont-ils aidé ?", "cmd.suivi.efficacite.description"),
    )
    async def efficacite(self, interaction: discord.Interaction) -> None:
        loc = lang(interaction)
        days = Count("digest.days", self.bot.services.cases.policy.effect_days)
        lines = [
            text(
                "case.effect_line",
                loc,
                days=days,
                form=text(FORM_KEYS[e.form], loc),
                n=e.cases,
                better=e.better,
                before=e.before,
                after=e.after,
            )
            for e in await self.followup.effects(interaction.guild_id, list(FORM_KEYS))
        ]
        await interaction.response.send_message(
            "\n".join(lines) or text("case.effect_none", loc, days=days), ephemeral=True
        )


async def setup(bot) -> None:
    await bot.add_cog(FollowUp(bot))
