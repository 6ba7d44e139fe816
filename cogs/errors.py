"""One error handler for the whole command tree: every failure gets an ephemeral sentence."""

from __future__ import annotations

import functools
import logging
import secrets

import discord
from discord import app_commands

from tutorat.errors import Refusal
from tutorat.texts import text

log = logging.getLogger(__name__)
Kind = discord.AppCommandOptionType
PYTHON_TYPES = {Kind.integer: (int,), Kind.number: (int, float), Kind.string: (str,)}


class BadOption(app_commands.AppCommandError):
    """An option Discord's client would have refused (out of its declared range, or of the
    wrong type), sent by a crafted request: discord.py does not check it."""

    def __init__(self, option: str, reason: str, **params: object) -> None:
        super().__init__(f"{option}: {reason}")
        self.option, self.reason, self.params = option, reason, params


def check_options(interaction: discord.Interaction) -> None:
    """Every option given to a slash command within what the command declares."""
    command = interaction.command
    if interaction.type is not discord.InteractionType.application_command or not isinstance(
        command, app_commands.Command
    ):
        return
    given = dict(iter(interaction.namespace))  # (name, value) pairs
    for parameter in command.parameters:
        value = given.get(parameter.display_name)
        if value is None or parameter.type not in PYTHON_TYPES:
            continue
        wanted = PYTHON_TYPES[parameter.type]
        if isinstance(value, bool) or not isinstance(value, wanted):
            kind = "error.wrong_kind" if parameter.type is Kind.string else "error.not_a_number"
            raise BadOption(parameter.display_name, kind)
        low, high = parameter.min_value, parameter.max_value
        if isinstance(value, str) or low is None and high is None:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            if low is not None and high is not None:
                key = "error.out_of_range"
            else:
                key = "error.at_least" if high is None else "error.at_most"
            raise BadOption(parameter.display_name, key, low=low, high=high)


def missing_option(interaction: discord.Interaction) -> str | None:
    """The first required option the command was run without, if any."""
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return None
    given = {name for name, _ in iter(interaction.namespace)}
    return next(
        (p.display_name for p in command.parameters if p.required and p.display_name not in given),
        None,
    )


def option_name(french: str, locale: str) -> str:
    """An option as the reader's Discord shows it (per_week for par_semaine in English)."""
    try:
        return text(f"optname.{french}", locale)
    except KeyError:
        return french


def explain(error: Exception, locale: str) -> str | None:
    """The sentence for a known error, or None for an unexpected one."""
    original = getattr(error, "original", error)
    if isinstance(original, Refusal):
        return text(original.key, locale, **original.params)
    if isinstance(error, app_commands.NoPrivateMessage):
        return text("error.guild_only", locale)
    if isinstance(error, app_commands.MissingPermissions | app_commands.MissingAnyRole):
        return text("error.missing_permissions", locale)
    if isinstance(error, app_commands.CommandOnCooldown):
        return text("error.cooldown", locale, n=round(error.retry_after))
    if isinstance(error, BadOption) and error.reason == "error.missing_option":
        return text(error.reason, locale, option=option_name(error.option, locale))
    if isinstance(error, BadOption):
        reason = text(error.reason, locale, **error.params)
        return text(
            "error.bad_argument", locale, option=option_name(error.option, locale), reason=reason
        )
    if isinstance(error, app_commands.TransformerError):
        return text(
            "error.bad_argument",
            locale,
            option=str(error.value),
            reason=text("error.wrong_kind", locale),
        )
    return None


async def reply_ephemeral(interaction: discord.Interaction, message: str) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


async def answer_error(interaction: discord.Interaction, error: Exception) -> None:
    locale = str(interaction.locale)
    message = explain(error, locale)
    if message is None:
        ref = secrets.token_hex(3).upper()
        log.error("unexpected error [%s] in %s", ref, _what(interaction), exc_info=error)
        message = text("error.unexpected", locale, ref=ref)
    try:
        await reply_ephemeral(interaction, message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error in %s", _what(interaction))


def answers_errors(callback):
    """For button callbacks, which discord.py does not route to the tree's handler."""

    @functools.wraps(callback)
    async def wrapper(self, interaction: discord.Interaction, *args):
        try:
            return await callback(self, interaction, *args)
        except Exception as error:
            await answer_error(interaction, error)

    return wrapper


def _what(interaction: discord.Interaction) -> str:
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    custom_id = (interaction.data or {}).get("custom_id", "?")
    return f"{interaction.type.name} {custom_id}"


class TutoratTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        try:
            check_options(interaction)
        except BadOption as error:  # answered here: the command is not run
            await answer_error(interaction, error)
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandSignatureMismatch):
            missing = missing_option(interaction)
            if missing is not None:  # a crafted request without a required option
                error = BadOption(missing, "error.missing_option")
        await answer_error(interaction, error)
