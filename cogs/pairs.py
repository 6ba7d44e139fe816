"""/binome: learners opt in (a short form), pause or leave; tutors enrol a cohort and see how
pairs are doing. Pair spaces are private channels (or private threads when the server nears
Discord's 500-channel limit); a check-back button asks whether the pair has talked."""

from __future__ import annotations

import contextlib
import re

import discord
from discord import app_commands
from discord.ext import commands

from cogs.access import require_tutor
from cogs.cohort_places import BOT_ALLOW, LEARNER_ALLOW
from cogs.cohorts import _, lang
from cogs.errors import answers_errors
from tutorat.errors import Refusal
from tutorat.models import Place
from tutorat.outbox import MISSING_PERMISSIONS, PermanentFailure, TemporaryFailure
from tutorat.pairs import CHECKBACK_VIEW
from tutorat.texts import text

CATEGORY_SIZE = 50
GUILD_CHANNELS = 500


class DiscordSpaces:
    """Pair spaces on Discord. A refusal (50013) surfaces as a PermanentFailure."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self.filled: dict[int, int] = {}  # category -> channels made (the cache may lag)

    async def room_left(self, cohort) -> int:
        guild = self.bot.get_guild(cohort.guild_id)
        reserve = self.bot.config.pairs.max_guild_channels_reserve
        return GUILD_CHANNELS - reserve - len(guild.channels)

    async def open(self, cohort, members, name: str, as_thread: bool) -> int:
        guild = self.bot.get_guild(cohort.guild_id)
        try:
            space = await (
                self._thread(guild, cohort, members, name)
                if as_thread
                else self._channel(guild, cohort, members, name)
            )
        except discord.Forbidden as error:
            raise PermanentFailure(
                error.text or "Missing Permissions", code=MISSING_PERMISSIONS
            ) from error
        except discord.HTTPException as error:  # tried again at the next daily pass
            raise TemporaryFailure(error.text or str(error), code=error.code) from error
        await self.bot.services.cohorts.cohorts.set_place(space.id, guild.id, cohort.id, Place.PAIR)
        await self.bot.refresh_places()
        return space.id

    async def _category(self, guild: discord.Guild, cohort) -> discord.CategoryChannel:
        prefix = f"Binômes {cohort.name}"[:90]
        mine = [c for c in guild.categories if c.name.startswith(prefix)]
        for category in mine:
            made = max(len(category.channels), self.filled.get(category.id, 0))
            if made < CATEGORY_SIZE:
                return category
        hidden = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            guild.me: discord.PermissionOverwrite.from_pair(BOT_ALLOW, discord.Permissions.none()),
        }
        return await guild.create_category(f"{prefix} {len(mine) + 1}", overwrites=hidden)

    async def _channel(self, guild, cohort, members, name) -> discord.TextChannel:
        allow = discord.PermissionOverwrite.from_pair
        overwrites = {
            guild.default_role: discord.PermissionOverwrite(view_channel=False),
            guild.me: allow(BOT_ALLOW, discord.Permissions.none()),
        }
        for user_id in members:
            overwrites[discord.Object(user_id, type=discord.Member)] = allow(
                LEARNER_ALLOW, discord.Permissions.none()
            )
        settings = await self.bot.services.settings.get(guild.id)
        for role_id in (settings.tutor_role_id, settings.coordinator_role_id):
            if role_id and guild.get_role(role_id):
                overwrites[guild.get_role(role_id)] = allow(
                    LEARNER_ALLOW, discord.Permissions.none()
                )
        category = await self._category(guild, cohort)
        before = max(len(category.channels), self.filled.get(category.id, 0))
        channel = await guild.create_text_channel(name, category=category, overwrites=overwrites)
        self.filled[category.id] = before + 1
        return channel

    async def _thread(self, guild, cohort, members, name) -> discord.Thread:
        parent = guild.get_channel(cohort.channel_id)
        thread = await parent.create_thread(
            name=name,
            type=discord.ChannelType.private_thread,
            invitable=False,
            auto_archive_duration=10080,
        )
        tutors = await self.bot.services.cohorts.cohorts.tutors(cohort.id)
        for user_id in (*members, *tutors):
            await thread.add_user(discord.Object(user_id))
        return thread

    async def close(self, space_id: int, is_thread: bool) -> None:
        """Lock and archive a thread; delete a channel. The bot keeps nothing of what was said."""
        space = self.bot.get_channel(space_id)
        if space is None:
            return
        with contextlib.suppress(discord.NotFound):
            if is_thread:
                await space.edit(archived=True, locked=True)
            else:
                await space.delete(reason="tutorat: fin du tour de binômes")

    async def add(self, space_id: int, is_thread: bool, user_id: int) -> None:
        try:
            if is_thread:
                await self.bot.http.add_user_to_thread(space_id, user_id)
                return
            allow, deny = LEARNER_ALLOW.value, 0
            await self.bot.http.edit_channel_permissions(
                space_id, user_id, str(allow), str(deny), 1, reason="tutorat: binôme"
            )
        except discord.Forbidden as error:
            raise PermanentFailure(error.text or "Forbidden", code=error.code) from error
        except discord.HTTPException as error:
            raise TemporaryFailure(error.text or str(error), code=error.code) from error

    async def without_access(self, space_id: int, is_thread: bool, members: list[int]) -> list:
        """Members with no overwrite of their own on the channel (read from the cache: no
        request). A thread's members are not cached: every one is (harmlessly) added again."""
        space = self.bot.get_channel(space_id)
        if space is None:
            return []
        if is_thread:
            return list(members)
        present = {target.id for target in space.overwrites}
        return [user_id for user_id in members if user_id not in present]


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
    cohort = await bot.services.cohorts.cohorts.get(int(match["cohort"]))
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
        ids = await self.bot.services.cohorts.learners.cohorts_of(
            interaction.user.id, interaction.guild_id
        )
        if not ids:
            raise Refusal("checkpoint.no_cohort")
        return await self.bot.services.cohorts.cohorts.get(ids[0])

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
    async def inscrire(self, interaction: discord.Interaction, cohorte: str) -> None:
        await require_tutor(interaction)
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        count = await self.pairs.enrol_cohort(cohort, self.bot.clock.now())
        await interaction.response.send_message(
            text("pairs.enrolled", lang(interaction), count=count), ephemeral=True
        )

    @app_commands.command(
        name=_("etat", "cmd.binome.etat"),
        description=_("Comment vont les binômes (tuteurs)", "cmd.binome.etat.description"),
    )
    @app_commands.describe(cohorte=_("Nom de la cohorte", "opt.cohorte"))
    async def etat(self, interaction: discord.Interaction, cohorte: str) -> None:
        await require_tutor(interaction)
        cohort = await self.bot.services.onboarding.get(interaction.guild_id, cohorte)
        loc, store = lang(interaction), self.pairs.store
        current = await store.current_round(cohort.id)
        if current is None:
            await interaction.response.send_message(text("pairs.state_none", loc), ephemeral=True)
            return
        answers = await store.checkbacks(current["id"])
        lines = []
        for pair in await store.pairs_of_round(current["id"]):
            said = answers.get(pair["id"], {})
            shown = (
                ", ".join(f"<@{u}> : {text(f'pairs.checkback_{a}', loc)}" for u, a in said.items())
                or "—"
            )
            lines.append(
                text(
                    "pairs.state_line",
                    loc,
                    space=f"<#{pair['space_id']}>",
                    who=" + ".join(f"<@{u}>" for u in pair["members"]),
                    messages=await self._messages(cohort, pair, current),
                    answers=shown,
                )
            )
        await interaction.response.send_message("\n".join(lines)[:1900], ephemeral=True)

    async def _messages(self, cohort, pair, current) -> int:
        since = (await self.pairs.store.started(current)).astimezone(cohort.zone).date()
        total = 0
        for user_id in pair["members"]:
            for count in await self.bot.services.activity.store.for_user(cohort.guild_id, user_id):
                if count.place is Place.PAIR and count.day >= since:
                    total += count.count
        return total


async def setup(bot) -> None:
    await bot.add_cog(PairCommands(bot))
