"""Who may run tutor commands: the server's tutor role (set with /configurer), or anyone who
can manage the server. Discord hides the commands from learners (default permissions);
this check holds even if a server admin re-scopes them."""

from __future__ import annotations

import discord
from discord import app_commands

from tutorat.errors import Refusal


class Refused(app_commands.CheckFailure):
    """A check that failed for a reason the person can read (carries the Refusal)."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.key)
        self.original = refusal


async def tutor_check(interaction: discord.Interaction) -> bool:
    """For interaction_check: raises a check failure the error handler explains."""
    try:
        await require_tutor(interaction)
    except Refusal as refusal:
        raise Refused(refusal) from None
    return True


async def require_tutor(interaction: discord.Interaction) -> None:
    member = interaction.user
    if not isinstance(member, discord.Member):
        raise Refusal("error.guild_only")
    if member.guild_permissions.manage_guild:
        return
    settings = await interaction.client.services.settings.get(member.guild.id)
    allowed = {settings.tutor_role_id, settings.coordinator_role_id} - {None}
    if allowed & {role.id for role in member.roles}:
        return
    role = member.guild.get_role(settings.tutor_role_id) if settings.tutor_role_id else None
    raise Refusal("cohort.not_tutor", role=role.mention if role else "—")
