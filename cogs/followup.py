"""The tutor's side of early warning: buttons on each prompt (contact made, interview done,
false alarm, postpone), and /suivi to list cases, see a learner, and see what helped."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import standing_of, tutor_check
from cogs.errors import answers_errors
from cogs.helpers import _, lang
from cogs.pages import send_list
from cogs.reports import learner_timeline_file
from tutorat.dates import spoken
from tutorat.errors import Refusal
from tutorat.reporting import decimal
from tutorat.team import NOBODY, Standing
from tutorat.texts import Count, text
from tutorat.warning.cases import CASE_VIEW, FORM_KEYS, QUIET_WEEKS_MAX

ACTIONS = {"contact": "contacted", "snooze": "snooze"}


async def case_for(interaction: discord.Interaction, case_id: int):
    """The case, if whoever clicked may act on it (the service decides; Discord says who)."""
    bot, user_id = interaction.client, interaction.user.id

    def standing(guild_id: int) -> Standing:
        guild = bot.get_guild(guild_id)
        member = guild.get_member(user_id) if guild else None
        return NOBODY if member is None else standing_of(member)

    return await bot.services.followup.for_tutor(case_id, user_id, standing)


class CaseButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:case:(?P<case>\d+):(?P<action>contact|done|false|snooze)",
):
    LABELS = {
        "contact": ("case.button_contacted", discord.ButtonStyle.primary, "📞"),
        "done": ("case.button_done", discord.ButtonStyle.success, "✅"),
        "false": ("case.button_false", discord.ButtonStyle.secondary, "🙅"),
        "snooze": ("case.button_snooze", discord.ButtonStyle.secondary, "⏳"),
    }

    def __init__(self, case_id: int, action: str, lang: str = "fr", days: int = 7) -> None:
        key, style, emoji = self.LABELS[action]
        super().__init__(
            discord.ui.Button(
                label=text(key, lang, days=Count("digest.days", days)),
                style=style,
                emoji=emoji,
                custom_id=f"tutorat:case:{case_id}:{action}",
            )
        )
        self.case_id, self.action = case_id, action

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> CaseButton:
        return cls(int(match["case"]), match["action"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot, loc = interaction.client, lang(interaction)
        case = await case_for(interaction, self.case_id)
        if not case.open:
            raise Refusal("case.closed")
        if self.action == "done":
            await interaction.response.send_modal(DoneForm(case.id, loc))
        elif self.action == "false":
            await interaction.response.send_modal(FalseAlarmForm(case.id, loc))
        else:
            await bot.services.cases.act(case.id, ACTIONS[self.action], bot.clock.now())
            key = "case.contacted" if self.action == "contact" else "case.snoozed"
            days = Count("digest.days", bot.services.cases.policy.snooze.days)
            await interaction.response.send_message(text(key, loc, days=days), ephemeral=True)


class DoneForm(discord.ui.Modal):
    def __init__(self, case_id: int, loc: str) -> None:
        super().__init__(
            title=text("case.done_title", loc), custom_id=f"tutorat:casedone:{case_id}"
        )
        for key, custom_id, required in (
            ("case.done_notes", "notes", False),
            ("case.done_outcome", "outcome", False),
            ("case.done_next", "next", False),
        ):
            self.add_item(
                discord.ui.TextInput(
                    label=text(key, loc)[:45],
                    custom_id=custom_id,
                    required=required,
                    style=discord.TextStyle.paragraph,
                    max_length=1000,
                )
            )
        self.add_item(  # "not this form again for N weeks" (Maya, who prefers not to write)
            discord.ui.TextInput(
                label=text("case.done_quiet", loc)[:45],
                placeholder=text("case.done_quiet_hint", loc, most=QUIET_WEEKS_MAX)[:100],
                custom_id="quiet",
                required=False,
                style=discord.TextStyle.short,
                max_length=3,
            )
        )


class FalseAlarmForm(discord.ui.Modal):
    def __init__(self, case_id: int, loc: str) -> None:
        super().__init__(
            title=text("case.false_title", loc), custom_id=f"tutorat:casefalse:{case_id}"
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("case.false_why", loc)[:45],
                custom_id="why",
                style=discord.TextStyle.paragraph,
                max_length=1000,
            )
        )


async def done_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    case = await case_for(interaction, int(match["case"]))
    notes = "\n".join(v for v in (values.get("notes"), values.get("outcome")) if v) or None
    closed = await bot.services.cases.interview_done(
        case.id, bot.clock.now(), notes, values.get("next") or None, values.get("quiet") or ""
    )
    await interaction.response.send_message(closed.said(lang(interaction)), ephemeral=True)


async def false_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    case = await case_for(interaction, int(match["case"]))
    await bot.services.cases.act(
        case.id, "false_alarm", bot.clock.now(), notes=values.get("why") or None
    )
    await interaction.response.send_message(
        text("case.false_alarm", lang(interaction)), ephemeral=True
    )


def case_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for action in ("contact", "done", "false", "snooze"):
        view.add_item(
            CaseButton(
                int(args["case"]), action, args.get("lang", "fr"), args.get("snooze_days", 7)
            )
        )
    return view


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
