"""What every cog uses: a command name or description with its catalogue key, and the
reader's locale."""

from __future__ import annotations

import discord
from discord import app_commands

# the largest CSV a tutor may attach
MAX_UPLOAD = 5 * 1024 * 1024


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


def member_index(guild: discord.Guild) -> dict[str, set[int]]:
    """How a roster may name a member (id, user name, global or server display name, in
    lower case) -> the members so named: more than one is an ambiguous name."""
    index: dict[str, set[int]] = {}
    for member in guild.members:
        if member.bot:
            continue
        for name in {member.name, member.global_name, member.nick, str(member.id)}:
            if name:
                index.setdefault(name.lower(), set()).add(member.id)
    return index
