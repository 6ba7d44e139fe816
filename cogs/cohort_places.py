"""A cohort's places on Discord: the learners' role, a private category and channel, the
kick-off event. All or nothing: if Discord refuses a step, what was made is removed."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import discord

from tutorat.errors import Refusal
from tutorat.texts import Key, text

LEARNER_ALLOW = discord.Permissions(
    view_channel=True, send_messages=True, read_message_history=True, add_reactions=True
)
BOT_ALLOW = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    create_public_threads=True,
    send_messages_in_threads=True,
)


def overwrites_for(
    guild: discord.Guild, role: discord.Role, settings, *, learners: bool = True
) -> dict:
    """@everyone cannot see; the tutoring team and the bot can; the learners too, unless
    it is the tutors' channel (then their role is explicitly denied)."""
    allow = discord.PermissionOverwrite.from_pair
    overwrites = {
        guild.default_role: discord.PermissionOverwrite(view_channel=False),
        role: allow(LEARNER_ALLOW, discord.Permissions.none())
        if learners
        else discord.PermissionOverwrite(view_channel=False),
        guild.me: allow(BOT_ALLOW, discord.Permissions.none()),
    }
    for role_id in (settings.tutor_role_id, settings.coordinator_role_id):
        team = guild.get_role(role_id) if role_id else None
        if team is not None:
            overwrites[team] = allow(LEARNER_ALLOW, discord.Permissions.none())
    return overwrites


async def kickoff_event(guild, plan, vocal, salon) -> discord.ScheduledEvent:
    """The kick-off virtual class: in a voice channel, or at a link (external event)."""
    common = {
        "name": text("event.name", "fr", cohort=plan.name)[:100],
        "start_time": plan.kickoff_at,
        "description": text("event.description", "fr"),
        "privacy_level": discord.PrivacyLevel.guild_only,
    }
    if vocal is not None:
        return await guild.create_scheduled_event(
            channel=vocal, entity_type=discord.EntityType.voice, **common
        )
    return await guild.create_scheduled_event(
        end_time=plan.kickoff_at + timedelta(minutes=90),
        location=plan.event_link or f"#{salon.name}",
        entity_type=discord.EntityType.external,
        **common,
    )


async def build_cohort_places(guild: discord.Guild, plan, settings, role, salon, vocal):
    """(role, channel, category or None, event, tutors' channel); raises a Refusal naming
    the missing right."""
    made: list = []
    step = Key("perm.manage_roles")
    category = None
    try:
        if role is None:
            role = await guild.create_role(
                name=f"Apprenants {plan.name}"[:100], reason="tutorat: /cohorte creer"
            )
            made.append(role)
        if salon is None:
            step = Key("perm.manage_channels")
            overwrites = overwrites_for(guild, role, settings)
            category = await guild.create_category(
                f"Cohorte {plan.name}"[:100], overwrites=overwrites
            )
            made.append(category)
            salon = await guild.create_text_channel(
                plan.name[:100],
                category=category,
                overwrites=overwrites,
                topic=text("event.description", "fr")[:1024],
            )
            made.append(salon)
        step = Key("perm.manage_channels")
        tutors = await guild.create_text_channel(
            f"suivi-{plan.name}"[:100],
            category=category or salon.category,
            overwrites=overwrites_for(guild, role, settings, learners=False),
            topic=text("cohort.tutors_topic", "fr")[:1024],
        )
        made.append(tutors)
        step = Key("perm.manage_events")
        event = await kickoff_event(guild, plan, vocal, salon)
    except BaseException as error:
        for thing in reversed(made):
            with contextlib.suppress(discord.HTTPException):
                await thing.delete()
        if isinstance(error, discord.Forbidden):
            raise Refusal("cohort.bot_missing_permission", permission=step) from None
        raise
    return role, salon, category, event, tutors
