"""The weekly pulse and the goals review, as learners meet them: a button on the cohort's
post, then private forms (two steps of three 7-point items), then their own answers shown
back. Every step's custom id carries what it needs, so it works across restarts."""

from __future__ import annotations

import re

import discord
from discord.ext import commands

from cogs.errors import answers_errors
from cogs.helpers import lang
from tutorat.calendar import week_days
from tutorat.dates import day_name
from tutorat.pulse import ITEMS, PULSE_VIEW, REVIEW_VIEW, parse_answers
from tutorat.texts import text


def scale(loc: str, chosen: int | None) -> list[discord.RadioGroupOption]:
    labels = {1: text("pulse.scale_low", loc), 7: text("pulse.scale_high", loc)}
    return [
        discord.RadioGroupOption(
            label=f"{n} — {labels[n]}" if n in labels else str(n), value=str(n), default=n == chosen
        )
        for n in range(1, 8)
    ]


class PulseForm(discord.ui.Modal):
    """Three items of the pulse; `step` 1 asks P1-P3, step 2 asks P4-P6."""

    def __init__(self, custom_id: str, step: int, loc: str, previous: tuple | None) -> None:
        super().__init__(title=text("pulse.title", loc, week="")[:45].strip(), custom_id=custom_id)
        for index in range(3 * (step - 1), 3 * step):
            item = ITEMS[index]
            chosen = previous[index] if previous else None
            self.add_item(
                discord.ui.Label(
                    text=text(f"pulse.{item}", loc)[:45],
                    component=discord.ui.RadioGroup(custom_id=item, options=scale(loc, chosen)),
                )
            )


async def _previous(interaction, cohort_id: int, week: int) -> tuple | None:
    mine = await interaction.client.services.pulse.mine(cohort_id, interaction.user.id, week)
    return mine.answers if mine else None


class PulseButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:pulse:(?P<cohort>\d+):(?P<week>\d+)",
):
    def __init__(self, cohort_id: int, week: int, lang: str = "fr") -> None:
        super().__init__(
            discord.ui.Button(
                label=text("pulse.button", lang),
                emoji="📝",
                style=discord.ButtonStyle.primary,
                custom_id=f"tutorat:pulse:{cohort_id}:{week}",
            )
        )
        self.cohort_id, self.week = cohort_id, week

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> PulseButton:
        return cls(int(match["cohort"]), int(match["week"]))

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        await bot.services.pulse.check_open(
            self.cohort_id, interaction.user.id, self.week, bot.clock.now()
        )
        previous = await _previous(interaction, self.cohort_id, self.week)
        await interaction.response.send_modal(
            PulseForm(
                f"tutorat:pulse1:{self.cohort_id}:{self.week}", 1, lang(interaction), previous
            )
        )


class NextButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:pulse2:(?P<cohort>\d+):(?P<week>\d+):(?P<first>[1-7]{3})",
):
    """Between the two steps: carries the first three answers in its custom id."""

    def __init__(self, cohort_id: int, week: int, first: str, lang: str = "fr") -> None:
        super().__init__(
            discord.ui.Button(
                label=text("pulse.next", lang),
                style=discord.ButtonStyle.success,
                custom_id=f"tutorat:pulse2:{cohort_id}:{week}:{first}",
            )
        )
        self.cohort_id, self.week, self.first = cohort_id, week, first

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> NextButton:
        return cls(int(match["cohort"]), int(match["week"]), match["first"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        await bot.services.pulse.check_open(
            self.cohort_id, interaction.user.id, self.week, bot.clock.now()
        )
        previous = await _previous(interaction, self.cohort_id, self.week)
        custom_id = f"tutorat:pulse2f:{self.cohort_id}:{self.week}:{self.first}"
        await interaction.response.send_modal(PulseForm(custom_id, 2, lang(interaction), previous))


async def first_step(interaction: discord.Interaction, match, values: dict) -> None:
    answers = parse_answers([values.get(item) for item in ITEMS[:3]] + ["1", "1", "1"])
    first = "".join(str(a) for a in answers[:3])
    view = discord.ui.View(timeout=None)
    view.add_item(NextButton(int(match["cohort"]), int(match["week"]), first, lang(interaction)))
    await interaction.response.send_message(
        text("pulse.step1_done", lang(interaction)), view=view, ephemeral=True
    )


async def second_step(interaction: discord.Interaction, match, values: dict) -> None:
    bot, loc = interaction.client, lang(interaction)
    answers = parse_answers(list(match["first"]) + [values.get(i) for i in ITEMS[3:]])
    week = int(match["week"])
    await bot.services.pulse.answer(
        int(match["cohort"]), interaction.user.id, week, answers, bot.clock.now()
    )
    shown = "\n".join(
        f"• {text(f'pulse.{item}', loc)} : **{value}**/7"
        for item, value in zip(ITEMS, answers, strict=True)
    )
    cohort = await bot.services.cohorts.get(int(match["cohort"]))
    until = day_name(week_days(cohort, week)[-1], loc)
    await interaction.response.send_message(
        text("pulse.saved", loc, week=week, answers=shown, until=until), ephemeral=True
    )


class ReviewForm(discord.ui.Modal):
    def __init__(self, cohort_id: int, stage: str, loc: str, then: str | None) -> None:
        super().__init__(
            title=text("review.modal_title", loc)[:45],
            custom_id=f"tutorat:reviewf:{cohort_id}:{stage}",
        )
        shown = text("review.then", loc, aim=then[:1500]) if then else text("review.no_start", loc)
        self.add_item(discord.ui.TextDisplay(shown))
        self.add_item(
            discord.ui.Label(
                text=text("review.now", loc)[:45],
                component=(
                    discord.ui.TextInput(
                        custom_id="now", style=discord.TextStyle.paragraph, max_length=1000
                    )
                ),
            )
        )
        self.add_item(
            discord.ui.Label(
                text=text("review.holds", loc)[:45],
                component=(
                    discord.ui.RadioGroup(
                        custom_id="holds",
                        options=[
                            discord.RadioGroupOption(
                                label="Oui" if loc == "fr" else "Yes", value="oui"
                            ),
                            discord.RadioGroupOption(
                                label="Non" if loc == "fr" else "No", value="non"
                            ),
                        ],
                    )
                ),
            )
        )
        self.add_item(
            discord.ui.Label(
                text=text("review.changed", loc)[:45],
                component=(
                    discord.ui.TextInput(
                        custom_id="changed",
                        style=discord.TextStyle.paragraph,
                        required=False,
                        max_length=1000,
                    )
                ),
            )
        )


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:review:(?P<cohort>\d+):(?P<stage>midpoint|end)",
):
    def __init__(self, cohort_id: int, stage: str, lang: str = "fr") -> None:
        super().__init__(
            discord.ui.Button(
                label=text("review.button", lang),
                emoji="🧭",
                style=discord.ButtonStyle.primary,
                custom_id=f"tutorat:review:{cohort_id}:{stage}",
            )
        )
        self.cohort_id, self.stage = cohort_id, stage

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> ReviewButton:
        return cls(int(match["cohort"]), match["stage"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        onboarding = interaction.client.services.onboarding
        aim = await onboarding.aim_of(self.cohort_id, interaction.user.id)
        await interaction.response.send_modal(
            ReviewForm(self.cohort_id, self.stage, lang(interaction), aim)
        )


async def review_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    await bot.services.pulse.review(
        int(match["cohort"]),
        interaction.user.id,
        match["stage"],
        values.get("now", ""),
        values.get("holds") or "",
        values.get("changed"),
        bot.clock.now(),
    )
    await interaction.response.send_message(text("review.saved", lang(interaction)), ephemeral=True)


def pulse_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PulseButton(int(args["cohort"]), int(args["week"]), args.get("lang", "fr")))
    return view


def review_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton(int(args["cohort"]), args["stage"], args.get("lang", "fr")))
    return view


class PulseCog(commands.Cog):
    ITEMS = (PulseButton, NextButton, ReviewButton)

    def __init__(self, bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*self.ITEMS)
        self.bot.sender.views[PULSE_VIEW] = pulse_view
        self.bot.sender.views[REVIEW_VIEW] = review_view
        forms = self.bot.forms
        forms.register(r"tutorat:pulse1:(?P<cohort>\d+):(?P<week>\d+)", first_step)
        forms.register(
            r"tutorat:pulse2f:(?P<cohort>\d+):(?P<week>\d+):(?P<first>[1-7]{3})", second_step
        )
        forms.register(r"tutorat:reviewf:(?P<cohort>\d+):(?P<stage>midpoint|end)", review_submitted)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*self.ITEMS)


async def setup(bot) -> None:
    await bot.add_cog(PulseCog(bot))
