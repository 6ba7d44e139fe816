"""Who may run tutor commands: the server's tutor role (set with /configurer), or anyone who
can manage the server. Discord hides the commands from learners (default permissions);
this check holds even if a server admin re-scopes them."""

from __future__ import annotations

import discord
from discord import app_commands

from tutorat.errors import Refusal
from tutorat.team import Standing


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


# A tutor command's check, run before its options are read: a learner hears that the command
# is the tutors' whatever options they gave (or forgot).
tutors_only = app_commands.check(tutor_check)


async def require_tutor(interaction: discord.Interaction) -> None:
    member = interaction.user
    if not isinstance(member, discord.Member):
        raise Refusal("error.guild_only")
    await interaction.client.services.team.require(member.guild.id, standing_of(member))


def standing_of(member: discord.Member) -> Standing:
    """What Discord says of a member, for the team's rule."""
    return Standing(frozenset(r.id for r in member.roles), member.guild_permissions.manage_guild)
