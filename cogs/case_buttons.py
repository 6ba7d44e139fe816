"""The buttons and forms on each case prompt (contact made, interview done, false alarm,
postpone): persistent across restarts (DynamicItem), one service call each."""

from __future__ import annotations

import re

import discord

from cogs.access import standing_of
from cogs.errors import answers_errors
from cogs.helpers import lang
from tutorat.errors import Refusal
from tutorat.team import NOBODY, Standing
from tutorat.texts import Count, text
from tutorat.warning.cases import QUIET_WEEKS_MAX

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
            await bot.services.cases.act(
                case.id, ACTIONS[self.action], bot.clock.now(), by=interaction.user.id
            )
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
        case.id,
        bot.clock.now(),
        notes,
        values.get("next") or None,
        values.get("quiet") or "",
        by=interaction.user.id,
    )
    await interaction.response.send_message(closed.said(lang(interaction)), ephemeral=True)


async def false_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    case = await case_for(interaction, int(match["case"]))
    await bot.services.cases.act(
        case.id,
        "false_alarm",
        bot.clock.now(),
        notes=values.get("why") or None,
        by=interaction.user.id,
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
