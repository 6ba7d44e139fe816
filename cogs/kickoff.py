"""The kick-off: the persistent « Je démarre » button, the personal goals modal, and the
cohorts' scheduled onboarding work (reminders, kick-off post, D+3 reminder)."""

from __future__ import annotations

import re

import discord
from discord.ext import commands

from cogs.errors import answer_error, answers_errors
from tutorat.dates import spoken
from tutorat.onboarding import START_VIEW
from tutorat.texts import text


def _lang(interaction: discord.Interaction) -> str:
    return str(interaction.locale)


class GoalsModal(discord.ui.Modal):
    def __init__(self, bot, cohort_id: int, lang: str) -> None:
        super().__init__(
            title=text("goals.title", lang), custom_id=f"tutorat:goals:{cohort_id}", timeout=None
        )
        self.bot, self.cohort_id = bot, cohort_id
        self.aim = discord.ui.TextInput(
            label=text("goals.aim", lang)[:45],
            placeholder=text("goals.aim_hint", lang)[:100],
            style=discord.TextStyle.paragraph,
            max_length=1000,
            custom_id="aim",
        )
        self.hours = discord.ui.TextInput(
            label=text("goals.hours", lang)[:45],
            required=False,
            max_length=20,
            custom_id="hours",
        )
        self.obstacles = discord.ui.TextInput(
            label=text("goals.obstacles", lang)[:45],
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=1000,
            custom_id="obstacles",
        )
        for item in (self.aim, self.hours, self.obstacles):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.bot.services.onboarding.save_goals(
            self.cohort_id,
            interaction.user.id,
            self.aim.value,
            self.hours.value,
            self.obstacles.value,
            self.bot.clock.now(),
        )
        await interaction.response.send_message(
            text("goals.saved", _lang(interaction)), ephemeral=True
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await answer_error(interaction, error)


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
        lang = _lang(interaction)
        new, when = await bot.services.onboarding.record_start(
            self.cohort_id, interaction.user.id, bot.clock.now()
        )
        if new:
            await interaction.response.send_modal(GoalsModal(bot, self.cohort_id, lang))
            return
        cohort = await bot.services.cohorts.cohorts.get(self.cohort_id)
        await interaction.response.send_message(
            text("start.already", lang, when=spoken(when, cohort.zone, lang)), ephemeral=True
        )


def start_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StartButton(int(args["cohort"]), args.get("lang", "fr")))
    return view


class Kickoff(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(StartButton)
        self.bot.sender.views[START_VIEW] = start_view
        self.bot.job_sources.append(self.jobs)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(StartButton)
        self.bot.job_sources.remove(self.jobs)

    async def jobs(self):
        onboarding = self.bot.services.onboarding
        found = []
        for cohort in await self.bot.services.cohorts.cohorts.active():
            if not cohort.ended(self.bot.clock.now()):
                found.extend(onboarding.jobs_for(cohort))
        return found


async def setup(bot) -> None:
    await bot.add_cog(Kickoff(bot))
