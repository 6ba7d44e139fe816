"""/binome: learners opt in (a short form), pause or leave; tutors enrol a cohort and see how
pairs are doing. Pair spaces are private channels (or private threads when the server nears
Discord's 500-channel limit); a check-back button asks whether the pair has talked."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor, tutors_only
from cogs.errors import answers_errors
from cogs.helpers import _, lang
from cogs.pages import send_list
from cogs.pair_spaces import DiscordSpaces
from tutorat.errors import Refusal
from tutorat.pairs import CHECKBACK_VIEW
from tutorat.texts import text


class CheckbackButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"tutorat:checkback:(?P<pair>\d+):(?P<answer>yes|not_yet|no_answer)",
):
    def __init__(self, pair_id: int, answer: str, lang: str = "fr") -> None:
        style = discord.ButtonStyle.success if answer == "yes" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=text(f"pairs.checkback_{answer}", lang),
                style=style,
                custom_id=f"tutorat:checkback:{pair_id}:{answer}",
            )
        )
        self.pair_id, self.answer = pair_id, answer

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]) -> CheckbackButton:
        return cls(int(match["pair"]), match["answer"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = interaction.client
        await bot.services.pairs.answer(
            self.pair_id, interaction.user.id, self.answer, bot.clock.now()
        )
        await interaction.response.send_message(
            text("pairs.checkback_saved", lang(interaction)), ephemeral=True
        )


def checkback_view(args: dict) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for answer in ("yes", "not_yet", "no_answer"):
        view.add_item(CheckbackButton(int(args["pair"]), answer, args.get("lang", "fr")))
    return view


class JoinForm(discord.ui.Modal):
    def __init__(self, cohort_id: int, loc: str) -> None:
        super().__init__(
            title=text("pairs.form_title", loc), custom_id=f"tutorat:pairs:{cohort_id}"
        )
        for key, custom_id, default, required in (
            ("pairs.form_languages", "languages", "fr", True),
            ("pairs.form_slots", "slots", "", True),
            ("pairs.form_hours", "hours", "4", False),
            ("pairs.form_tutor_only", "tutor_only", "non", False),
        ):
            self.add_item(
                discord.ui.TextInput(
                    label=text(key, loc)[:45],
                    custom_id=custom_id,
                    default=default or None,
                    required=required,
                    max_length=200,
                )
            )


async def joined(interaction: discord.Interaction, match, values: dict) -> None:
    bot = interaction.client
    cohort = await bot.services.cohorts.get(int(match["cohort"]))
    tutor_only = (values.get("tutor_only") or "").strip().lower() in ("oui", "yes", "o", "y")
    await bot.services.pairs.join(
        cohort,
        interaction.user.id,
        values.get("languages", ""),
        values.get("slots", ""),
        values.get("hours"),
        tutor_only,
        bot.clock.now(),
    )
    await interaction.response.send_message(text("pairs.joined", lang(interaction)), ephemeral=True)


@app_commands.guild_only()
class PairCommands(
    commands.GroupCog,
    group_name=_("binome", "cmd.binome"),
    group_description=_("Les binômes d'entraide", "cmd.binome.description"),
):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.pairs = bot.services.pairs
        super().__init__()

    async def cog_load(self) -> None:
        self.pairs.spaces = DiscordSpaces(self.bot)
        self.bot.add_dynamic_items(CheckbackButton)
        self.bot.sender.views[CHECKBACK_VIEW] = checkback_view
        self.bot.forms.register(r"tutorat:pairs:(?P<cohort>\d+)", joined)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(CheckbackButton)

    async def _my_cohort(self, interaction: discord.Interaction):
        mine = await self.bot.services.cohorts.of_member(interaction.user.id, interaction.guild_id)
        if not mine:
            raise Refusal("checkpoint.no_cohort")
        return mine[0]

    @app_commands.command(
        name=_("rejoindre", "cmd.binome.rejoindre"),
        description=_("Être mis·e en binôme d'entraide", "cmd.binome.rejoindre.description"),
    )
    async def rejoindre(self, interaction: discord.Interaction) -> None:
        cohort = await self._my_cohort(interaction)
        await interaction.response.send_modal(JoinForm(cohort.id, lang(interaction)))

    @app_commands.command(
        name=_("pause", "cmd.binome.pause"),
        description=_("Passer le prochain tour", "cmd.binome.pause.description"),
    )
    async def pause(self, interaction: discord.Interaction) -> None:
        cohort = await self._my_cohort(interaction)
        await self.pairs.set_status(cohort, interaction.user.id, "paused", self.bot.clock.now())
        await interaction.response.send_message(
            text("pairs.paused", lang(interaction)), ephemeral=True
        )

    @app_commands.command(
        name=_("quitter", "cmd.binome.quitter"),
        description=_("Ne plus être mis·e en binôme", "cmd.binome.quitter.description"),
    )
    async def quitter(self, interaction: discord.Interaction) -> None:
        cohort = await self._my_cohort(interaction)
        await self.pairs.set_status(cohort, interaction.user.id, "out", self.bot.clock.now())
        await interaction.response.send_message(
            text("pairs.left", lang(interaction)), ephemeral=True
        )

    @app_commands.command(
        name=_("inscrire-cohorte", "cmd.binome.inscrire"),
        description=_("Inscrire toute une cohorte (tuteurs)", "cmd.binome.inscrire.description"),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    @tutors_only
    async def inscrire(self, interaction: discord.Interaction, cohorte: str) -> None:
        await require_tutor(interaction)
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        count = await self.pairs.enrol_cohort(cohort, self.bot.clock.now())
        await interaction.response.send_message(
            text("pairs.enrolled", lang(interaction), n=count), ephemeral=True
        )

    @app_commands.command(
        name=_("etat", "cmd.binome.etat"),
        description=_("Comment vont les binômes (tuteurs)", "cmd.binome.etat.description"),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    @tutors_only
    async def etat(self, interaction: discord.Interaction, cohorte: str) -> None:
        await require_tutor(interaction)
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        loc = lang(interaction)
        state = await self.pairs.state(cohort)
        if state is None:
            await interaction.response.send_message(text("pairs.state_none", loc), ephemeral=True)
            return
        lines = [
            text(
                "pairs.state_line",
                loc,
                space=f"<#{pair.space_id}>",
                who=" + ".join(f"<@{u}>" for u in pair.members),
                n=pair.messages,
                answers=", ".join(
                    f"<@{u}> : {text(f'pairs.checkback_{a}', loc)}" for u, a in pair.answers.items()
                )
                or "—",
            )
            for pair in state
        ]
        await send_list(interaction, lines, text("pairs.state_none", loc), loc)


async def setup(bot) -> None:
    await bot.add_cog(PairCommands(bot))
