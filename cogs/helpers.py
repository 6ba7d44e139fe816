"""What every cog uses: a command name or description with its catalogue key, and the
reader's locale."""

from __future__ import annotations

import discord
from discord import app_commands


def _(french: str, key: str) -> app_commands.locale_str:
    """A name or description said in French, translated through the catalogues by `key`."""
    return app_commands.locale_str(french, key=key)


def lang(interaction: discord.Interaction) -> str:
    """The reader's Discord locale ('fr', 'en-US', ...): texts pick their language from it."""
    return str(interaction.locale)


async def cohort_choices(interaction: discord.Interaction, current: str) -> list:
    """Autocomplete: the server's cohorts whose name contains what was typed."""
    cohorts = await interaction.client.services.cohorts.of_guild(interaction.guild_id)
    wanted = current.lower()
    return [
        app_commands.Choice(name=c.name, value=c.name) for c in cohorts if wanted in c.name.lower()
    ][:25]
