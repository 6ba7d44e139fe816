"""The sandbox's world: users, guilds, roles, members, channels, messages, commands.

Objects are kept as Discord's own JSON shapes, so serving them is returning them.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1420070400000

# Permission bits used by the sandbox's permission model.
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_ROLES = 1 << 28
EMBED_LINKS, ATTACH_FILES, READ_HISTORY, ADD_REACTIONS = 1 << 14, 1 << 15, 1 << 16, 1 << 6
MANAGE_THREADS, CREATE_PRIVATE_THREADS, SEND_IN_THREADS = 1 << 34, 1 << 36, 1 << 38
CREATE_PUBLIC_THREADS = 1 << 35
MANAGE_EVENTS = 1 << 33
# What the README asks server admins to grant the bot at invite time.
BOT_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_HISTORY
    | ADD_REACTIONS
    | MANAGE_CHANNELS
    | MANAGE_ROLES
    | MANAGE_THREADS
    | CREATE_PRIVATE_THREADS
    | SEND_IN_THREADS
    | CREATE_PUBLIC_THREADS
    | MANAGE_EVENTS
)
DEFAULT_EVERYONE = VIEW_CHANNEL | SEND_MESSAGES | (1 << 6) | (1 << 16) | (1 << 31) | (1 << 20)


def iso(ts: float | None = None) -> str:
    return datetime.fromtimestamp(ts if ts is not None else time.time(), UTC).isoformat()


class Snowflakes:
    """Increasing ids with a real timestamp part, as Discord makes them."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._counter) & 0x3FFFFF)


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, dict] = field(default_factory=dict)
    members: dict[int, dict] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    scheduled_events: dict[int, dict] = field(default_factory=dict)
    locale: str = "fr"  # the server's preferred_locale (its language, set by its owner)


@dataclass
class Interaction:
    id: int
    token: str
    payload: dict
    responses: list[dict] = field(default_factory=list)  # callback bodies, in order
    original: dict | None = None  # the message made by the response, if any
    followups: list[dict] = field(default_factory=list)
    opened_by: int | None = None  # for a modal submission: the interaction that opened it


class World:
    def __init__(self) -> None:
        self.ids = Snowflakes()
        self.users: dict[int, dict] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, dict] = {}
        self.messages: dict[int, list[dict]] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self.global_commands: list[dict] = []
        self.guild_commands: dict[int, list[dict]] = {}
        self.interactions: dict[int, Interaction] = {}
        self.modals: dict[tuple[int, str], int] = {}  # (user, custom_id) -> opening interaction
        self.nonces: dict[tuple[int, str], tuple[float, dict]] = {}
        self.bot = self.add_user("tutorat", bot=True)
        self.application = {
            "id": str(self.ids.next()),
            "name": "tutorat",
            "icon": None,
            "description": "Bot de tutorat",
            "type": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "flags_new": "0",
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "owner": self.bot,
            "approximate_guild_count": 1,
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "team": None,
            "eligible_oauth2_scopes": [],
        }

    @property
    def bot_id(self) -> int:
        return int(self.bot["id"])

    @property
    def application_id(self) -> int:
        return int(self.application["id"])

    # people and places -------------------------------------------------------------------

    def add_user(self, name: str, *, bot: bool = False) -> dict:
        user = {
            "id": str(self.ids.next()),
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }
        self.users[int(user["id"])] = user
        return user

    def add_guild(self, name: str, owner_id: int) -> Guild:
        guild = Guild(id=self.ids.next(), name=name, owner_id=owner_id)
        self.guilds[guild.id] = guild
        guild.roles[guild.id] = self.make_role(guild.id, "@everyone", DEFAULT_EVERYONE, position=0)
        self.add_member(guild.id, owner_id)
        bot_role = self.add_role(guild.id, "tutorat", BOT_PERMISSIONS)
        bot_role["managed"] = True
        bot_role["position"] = 100  # above the roles it will create and hand out
        self.add_member(guild.id, self.bot_id, [int(bot_role["id"])])
        return guild

    def make_role(self, role_id: int, name: str, permissions: int, position: int = 1) -> dict:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
            "description": None,
        }

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> dict:
        guild = self.guilds[guild_id]
        role = self.make_role(self.ids.next(), name, permissions, position=len(guild.roles))
        guild.roles[int(role["id"])] = role
        return role

    def add_member(self, guild_id: int, user_id: int, roles: list[int] = ()) -> dict:
        member = {
            "user": self.users[user_id],
            "roles": [str(r) for r in roles],
            "joined_at": iso(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "communication_disabled_until": None,
        }
        self.guilds[guild_id].members[user_id] = member
        return member

    def add_channel(self, guild_id: int | None, body: dict) -> dict:
        channel_id = self.ids.next()
        channel = {
            "id": str(channel_id),
            "type": body.get("type", 0),
            "name": body.get("name"),
            "position": body.get("position") or 0,
            "permission_overwrites": [
                {
                    "id": str(o["id"]),
                    "type": o.get("type", 0),
                    "allow": str(o.get("allow") or 0),
                    "deny": str(o.get("deny") or 0),
                }
                for o in body.get("permission_overwrites") or []
            ],
            "parent_id": str(body["parent_id"]) if body.get("parent_id") else None,
            "topic": body.get("topic"),
            "nsfw": bool(body.get("nsfw")),
            "rate_limit_per_user": body.get("rate_limit_per_user") or 0,
            "last_message_id": None,
            "flags": 0,
        }
        if channel["type"] in (2, 13):  # voice and stage
            channel.update(
                bitrate=body.get("bitrate") or 64000,
                user_limit=0,
                rtc_region=None,
                video_quality_mode=1,
            )
        if guild_id is not None:
            channel["guild_id"] = str(guild_id)
            self.guilds[guild_id].channel_ids.append(channel_id)
        self.channels[channel_id] = channel
        self.messages[channel_id] = []
        return channel

    def dm_channel(self, user_id: int) -> dict:
        if user_id not in self.dm_channels:
            channel = self.add_channel(None, {"type": 1})
            for key in ("name", "position", "permission_overwrites", "parent_id", "topic", "nsfw"):
                channel.pop(key, None)
            channel["recipients"] = [self.users[user_id]]
            self.dm_channels[user_id] = int(channel["id"])
        return self.channels[self.dm_channels[user_id]]

    def guild_payload(self, guild: Guild, large_threshold: int = 250) -> dict:
        """The GUILD_CREATE payload of a guild. Above the identify's large_threshold Discord
        stops sending offline members: nobody is online in the sandbox, so a large guild comes
        with the bot's own member only (the rest by REQUEST_GUILD_MEMBERS)."""
        large = len(guild.members) > large_threshold
        members = list(guild.members.values())
        if large:
            members = [m for m in members if int(m["user"]["id"]) == self.bot_id]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "preferred_locale": guild.locale,
            "nsfw_level": 0,
            "roles": list(guild.roles.values()),
            "emojis": [],
            "stickers": [],
            "channels": [self.channels[c] for c in guild.channel_ids],
            "threads": [],
            "members": members,
            "member_count": len(guild.members),
            "large": large,
            "joined_at": iso(),
            "unavailable": False,
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": list(guild.scheduled_events.values()),
        }

    def message(self, channel_id: int, author: dict, body: dict, **extra: object) -> dict:
        """Store a message as Discord would return it."""
        channel = self.channels[channel_id]
        message = {
            "id": str(self.ids.next()),
            "channel_id": str(channel_id),
            "type": 0,
            "author": author,
            "content": body.get("content") or "",
            "timestamp": iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [as_served_embed(e) for e in body.get("embeds") or []],
            "components": as_served_components(body.get("components") or []),
            "pinned": False,
            "flags": body.get("flags") or 0,
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if "guild_id" in channel:
            message["guild_id"] = channel["guild_id"]
        message.update(extra)
        self.messages[channel_id].append(message)
        channel["last_message_id"] = message["id"]
        return message


def as_served_embed(embed: dict) -> dict:
    """An embed as Discord returns it: typed, fields with their `inline` flag."""
    served = {"type": "rich", **embed}
    if "fields" in served:
        served["fields"] = [{"inline": False, **f} for f in served["fields"]]
    return served


def as_served_components(components: list[dict]) -> list[dict]:
    """Components as Discord returns them: each numbered with an `id`, depth first."""
    counter = itertools.count(1)

    def number(items: list[dict]) -> list[dict]:
        served = []
        for item in items:
            item = {**item}
            item.setdefault("id", next(counter))
            if "emoji" in item:  # a unicode emoji comes back without an id
                item["emoji"] = {k: v for k, v in item["emoji"].items() if v is not None}
            if "components" in item:
                item["components"] = number(item["components"])
            served.append(item)
        return served

    return number(components)
