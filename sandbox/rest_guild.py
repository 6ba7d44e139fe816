"""Guild routes the sandbox serves: channels, permission overwrites, roles, member roles,
scheduled events. Each checks the bot's permissions as Discord does (50013 otherwise) and
sends the gateway event Discord would send."""

from __future__ import annotations

from sandbox.permissions import permissions_for
from sandbox.rest import _channel, _error, require, route
from sandbox.state import (
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    MANAGE_CHANNELS,
    MANAGE_EVENTS,
    MANAGE_ROLES,
    VIEW_CHANNEL,
    iso,
)


def _guild(sb, rec):
    guild = sb.world.guilds.get(int(rec.params["guild_id"]))
    if guild is None:
        raise _error(404, 10004, "Unknown Guild")
    return guild


def _check_overwrites(sb, guild_id: int, overwrites: list[dict]) -> None:
    """A bot cannot grant or deny in a channel what it does not hold itself."""
    have = permissions_for(sb.world, guild_id, sb.world.bot_id, None)
    for overwrite in overwrites or []:
        wanted = int(overwrite.get("allow") or 0) | int(overwrite.get("deny") or 0)
        if wanted & ~have:
            raise _error(403, 50013, "Missing Permissions")


@route("POST", "/guilds/{guild_id}/channels")
async def create_channel(sb, rec):
    guild = _guild(sb, rec)
    require(sb, guild.id, MANAGE_CHANNELS)
    body = rec.body
    _check_overwrites(sb, guild.id, body.get("permission_overwrites"))
    parent = body.get("parent_id")
    if parent is not None:
        siblings = [c for c in sb.world.channels.values() if c.get("parent_id") == str(parent)]
        if len(siblings) >= 50:
            raise _error(400, 50035, "Maximum number of channels in category reached (50)")
    if len(guild.channel_ids) >= 500:
        raise _error(400, 30013, "Maximum number of guild channels reached (500)")
    if body.get("type", 0) in TEXT_TYPES and "name" in body:
        body = {**body, "name": text_channel_name(body["name"])}
    channel = sb.world.add_channel(guild.id, body)
    await sb.gateway.dispatch("CHANNEL_CREATE", channel)
    return 201, channel


# Discord writes a text or announcement channel's name as the client shows it: lower case,
# spaces as dashes, no apostrophes ("Janvier 2027" -> "janvier-2027"); categories, voice
# channels and threads keep theirs.
TEXT_TYPES = (0, 5)


def text_channel_name(name: str) -> str:
    kept = "".join(c for c in name.lower() if c not in "'’\"`")
    return "-".join(kept.split())


@route("PATCH", "/channels/{channel_id}")
async def edit_channel(sb, rec):
    channel = _channel(sb, rec)
    require(sb, int(channel["guild_id"]), MANAGE_CHANNELS, int(channel["id"]))
    for key in ("name", "topic", "position", "parent_id", "nsfw"):
        if key in rec.body:
            channel[key] = rec.body[key]
    if "name" in rec.body and channel.get("type") in TEXT_TYPES:
        channel["name"] = text_channel_name(rec.body["name"])
    for key in ("archived", "locked"):  # a thread's state
        if key in rec.body and "thread_metadata" in channel:
            channel["thread_metadata"][key] = rec.body[key]
    if "permission_overwrites" in rec.body:
        _check_overwrites(sb, int(channel["guild_id"]), rec.body["permission_overwrites"])
        channel["permission_overwrites"] = [
            {
                "id": str(o["id"]),
                "type": o.get("type", 0),
                "allow": str(o.get("allow") or 0),
                "deny": str(o.get("deny") or 0),
            }
            for o in rec.body["permission_overwrites"]
        ]
    await sb.gateway.dispatch("CHANNEL_UPDATE", channel)
    return 200, channel


@route("DELETE", "/channels/{channel_id}")
async def delete_channel(sb, rec):
    channel = _channel(sb, rec)
    require(sb, int(channel["guild_id"]), MANAGE_CHANNELS, int(channel["id"]))
    channel_id = int(channel["id"])
    del sb.world.channels[channel_id]
    sb.world.guilds[int(channel["guild_id"])].channel_ids.remove(channel_id)
    await sb.gateway.dispatch("CHANNEL_DELETE", channel)
    return 200, channel


@route("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")
async def put_overwrite(sb, rec):
    channel = _channel(sb, rec)
    guild_id = int(channel["guild_id"])
    require(sb, guild_id, MANAGE_ROLES, int(channel["id"]))
    _check_overwrites(sb, guild_id, [rec.body])
    target = rec.params["overwrite_id"]
    overwrite = {
        "id": target,
        "type": rec.body.get("type") or 0,
        "allow": str(rec.body.get("allow") or 0),
        "deny": str(rec.body.get("deny") or 0),
    }
    kept = [o for o in channel["permission_overwrites"] if o["id"] != target]
    channel["permission_overwrites"] = [*kept, overwrite]
    await sb.gateway.dispatch("CHANNEL_UPDATE", channel)
    return 204, None


@route("POST", "/guilds/{guild_id}/roles")
async def create_role(sb, rec):
    guild = _guild(sb, rec)
    have = require(sb, guild.id, MANAGE_ROLES)
    body = rec.body or {}
    permissions = int(body.get("permissions") or 0)
    if permissions & ~have:
        raise _error(403, 50013, "Missing Permissions")
    role = sb.world.add_role(guild.id, body.get("name") or "new role", permissions)
    role["mentionable"] = bool(body.get("mentionable"))
    role["hoist"] = bool(body.get("hoist"))
    await sb.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role})
    return 200, role


@route("DELETE", "/guilds/{guild_id}/roles/{role_id}")
async def delete_role(sb, rec):
    guild = _guild(sb, rec)
    require(sb, guild.id, MANAGE_ROLES)
    role_id = int(rec.params["role_id"])
    if guild.roles.pop(role_id, None) is None:
        raise _error(404, 10011, "Unknown Role")
    for member in guild.members.values():
        member["roles"] = [r for r in member["roles"] if r != str(role_id)]
    await sb.gateway.dispatch(
        "GUILD_ROLE_DELETE", {"guild_id": str(guild.id), "role_id": str(role_id)}
    )
    return 204, None


async def _member_role(sb, rec, add: bool):
    guild = _guild(sb, rec)
    require(sb, guild.id, MANAGE_ROLES)
    role_id, user_id = int(rec.params["role_id"]), int(rec.params["user_id"])
    if role_id not in guild.roles:
        raise _error(404, 10011, "Unknown Role")
    member = guild.members.get(user_id)
    if member is None:
        raise _error(404, 10007, "Unknown Member")
    bot_top = max(
        (guild.roles[int(r)]["position"] for r in guild.members[sb.world.bot_id]["roles"]),
        default=0,
    )
    if guild.roles[role_id]["position"] >= bot_top:
        raise _error(403, 50013, "Missing Permissions")
    roles = [r for r in member["roles"] if r != str(role_id)]
    member["roles"] = [*roles, str(role_id)] if add else roles
    await sb.gateway.dispatch("GUILD_MEMBER_UPDATE", {**member, "guild_id": str(guild.id)})
    return 204, None


@route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def add_member_role(sb, rec):
    return await _member_role(sb, rec, add=True)


@route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def remove_member_role(sb, rec):
    return await _member_role(sb, rec, add=False)


def _event_shape(event: dict) -> dict:
    if event["entity_type"] == 3:
        event["channel_id"] = None
    elif not event.get("entity_metadata"):
        event["entity_metadata"] = None
    return event


@route("POST", "/guilds/{guild_id}/scheduled-events")
async def create_event(sb, rec):
    guild = _guild(sb, rec)
    channel_id = rec.body.get("channel_id")
    require(sb, guild.id, MANAGE_EVENTS, int(channel_id) if channel_id else None)
    if channel_id is not None:
        require(sb, guild.id, VIEW_CHANNEL, int(channel_id))
    body = rec.body
    event = _event_shape(
        {
            "id": str(sb.world.ids.next()),
            "guild_id": str(guild.id),
            "channel_id": str(channel_id) if channel_id else None,
            "creator_id": str(sb.world.bot_id),
            "creator": sb.world.bot,
            "name": body["name"],
            "description": body.get("description"),
            "image": None,
            "scheduled_start_time": body["scheduled_start_time"],
            "scheduled_end_time": body.get("scheduled_end_time"),
            "status": 1,
            "entity_type": body["entity_type"],
            "entity_id": None,
            "entity_metadata": body.get("entity_metadata"),
            "recurrence_rule": None,
            "privacy_level": 2,
            "guild_scheduled_event_exceptions": [],
            "user_count": 0,
        }
    )
    guild.scheduled_events[int(event["id"])] = event
    await sb.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", event)
    return 200, event


@route("PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}")
async def edit_event(sb, rec):
    guild = _guild(sb, rec)
    require(sb, guild.id, MANAGE_EVENTS)
    event = guild.scheduled_events.get(int(rec.params["guild_scheduled_event_id"]))
    if event is None:
        raise _error(404, 10070, "Unknown Guild Scheduled Event")
    for key in (
        "name",
        "description",
        "scheduled_start_time",
        "scheduled_end_time",
        "entity_type",
        "entity_metadata",
        "channel_id",
        "status",
    ):
        if key in rec.body:
            event[key] = rec.body[key]
    _event_shape(event)
    await sb.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event)
    return 200, event


@route("GET", "/guilds/{guild_id}/scheduled-events")
async def list_events(sb, rec):
    return 200, list(_guild(sb, rec).scheduled_events.values())


@route("POST", "/channels/{channel_id}/threads")
async def create_thread(sb, rec):
    """A thread without a starter message; it sees what its parent channel lets one see."""
    parent = _channel(sb, rec)
    guild_id = int(parent["guild_id"])
    kind = rec.body.get("type") or 12
    needed = CREATE_PUBLIC_THREADS if kind == 11 else CREATE_PRIVATE_THREADS
    require(sb, guild_id, VIEW_CHANNEL | needed, int(parent["id"]))
    thread = sb.world.add_channel(
        guild_id, {"name": rec.body["name"], "type": kind, "parent_id": parent["id"]}
    )
    thread.pop("position", None)
    thread["permission_overwrites"] = []
    thread.update(
        owner_id=str(sb.world.bot_id),
        message_count=0,
        member_count=1,
        total_message_sent=0,
        thread_metadata={
            "archived": False,
            "archive_timestamp": iso(),
            "locked": False,
            "auto_archive_duration": rec.body.get("auto_archive_duration") or 4320,
        },
    )
    await sb.gateway.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
    return 201, thread


@route("PUT", "/channels/{channel_id}/thread-members/{user_id}")
async def add_thread_member(sb, rec):
    thread = _channel(sb, rec)
    if thread["type"] not in (10, 11, 12):
        raise _error(400, 50024, "Cannot execute action on this channel type")
    thread.setdefault("members", [])
    user = rec.params["user_id"]
    if user not in thread["members"]:
        thread["members"].append(user)
    await sb.gateway.dispatch(
        "THREAD_MEMBERS_UPDATE",
        {
            "id": thread["id"],
            "guild_id": thread["guild_id"],
            "member_count": len(thread["members"]),
            "added_members": [
                {"id": thread["id"], "user_id": user, "join_timestamp": iso(), "flags": 0}
            ],
        },
    )
    return 204, None
