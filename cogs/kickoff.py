"""The kick-off: the persistent « Je démarre » button, the personal goals modal, and the
cohorts' scheduled onboarding work (reminders, kick-off post, D+3 reminder)."""

from __future__ import annotations

import re

import discord
from discord.ext import commands

from cogs.errors import answers_errors
from cogs.helpers import lang
from tutorat.dates import spoken
from tutorat.onboarding import START_VIEW
from tutorat.texts import text


class GoalsForm(discord.ui.Modal):
    """Personal goals at the start; the submission is handled by goals_submitted()."""

    def __init__(self, cohort_id: int, lang: str) -> None:
        super().__init__(title=text("goals.title", lang), custom_id=f"tutorat:goals:{cohort_id}")
        self.add_item(
            discord.ui.TextInput(
                label=text("goals.aim", lang)[:45],
                placeholder=text("goals.aim_hint", lang)[:100],
                style=discord.TextStyle.paragraph,
                max_length=1000,
                custom_id="aim",
            )
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("goals.hours", lang)[:45],
                required=False,
                max_length=20,
                custom_id="hours",
            )
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("goals.obstacles", lang)[:45],
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=1000,
                custom_id="obstacles",
            )
        )


async def goals_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    await bot.services.onboarding.save_goals(
        int(match["cohort"]),
        interaction.user.id,
        values.get("aim", ""),
        values.get("hours"),
        values.get("obstacles"),
        bot.clock.now(),
    )
    await interaction.response.send_message(text("goals.saved", lang(interaction)), ephemeral=True)


class StartButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"tutorat:start:(?P<cohort>\d+)"
):
    """« Je démarre »: works on any post that carries it, before and after restarts."""

    def __init__(self, cohort_id: int, lang: str = "fr") -> None:
        super().__init__(
            discord.ui.Button(
                label=text("kickoff.button", lang),
                emoji="🚀",
                style=discord.ButtonStyle.success,
                custom_id=f"tutorat:start:{cohort_id}",
            )
        )
        self.cohort_id = cohort_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> StartButton:
        return cls(int(match["cohort"]))

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        loc = lang(interaction)
        new, when = await bot.services.onboarding.record_start(
            self.cohort_id, interaction.user.id, bot.clock.now()
        )
        if new:
            await interaction.response.send_modal(GoalsForm(self.cohort_id, loc))
            return
        cohort = await bot.services.cohorts.get(self.cohort_id)
        await interaction.response.send_message(
            text("start.already", loc, when=spoken(when, cohort.zone, loc)), ephemeral=True
        )


def start_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StartButton(int(args["cohort"]), args.get("lang", "fr")))
    return view


class Kickoff(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.forms.register(r"tutorat:goals:(?P<cohort>\d+)", goals_submitted)
        self.bot.add_dynamic_items(StartButton)
        self.bot.sender.views[START_VIEW] = start_view

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(StartButton)


async def setup(bot) -> None:
    await bot.add_cog(Kickoff(bot))
