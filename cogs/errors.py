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
        return text("error.cooldown", locale, seconds=round(error.retry_after))
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
    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await answer_error(interaction, error)
