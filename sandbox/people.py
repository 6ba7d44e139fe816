"""The people of the sandbox: members who join, write, react, talk, click and run commands.

Each action changes the world and sends the bot the gateway event Discord would send.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sandbox.permissions import permissions_for
from sandbox.state import Interaction

APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5


class People:
    def __init__(self, sandbox) -> None:
        self.sb = sandbox
        self.world = sandbox.world

    async def _send(self, event: str, data: dict) -> None:
        await self.sb.gateway.dispatch(event, data)

    # membership ------------------------------------------------------------------------------

    async def join(self, guild_id: int, name: str, roles: list[int] = ()) -> int:
        user = self.world.add_user(name)
        user_id = int(user["id"])
        member = self.world.add_member(guild_id, user_id, roles)
        await self._send("GUILD_MEMBER_ADD", {**member, "guild_id": str(guild_id)})
        return user_id

    async def leave(self, guild_id: int, user_id: int) -> None:
        self.world.guilds[guild_id].members.pop(user_id, None)
        user = self.world.users[user_id]
        await self._send("GUILD_MEMBER_REMOVE", {"guild_id": str(guild_id), "user": user})

    async def set_roles(self, guild_id: int, user_id: int, roles: list[int]) -> None:
        member = self.world.guilds[guild_id].members[user_id]
        member["roles"] = [str(r) for r in roles]
        await self._send("GUILD_MEMBER_UPDATE", {**member, "guild_id": str(guild_id)})

    async def open_channel(self, guild_id: int, name: str, kind: int = 0) -> int:
        """An admin creates a channel by hand (0 text, 2 voice, 4 category)."""
        channel = self.world.add_channel(guild_id, {"name": name, "type": kind})
        await self._send("CHANNEL_CREATE", channel)
        return int(channel["id"])

    # talking ---------------------------------------------------------------------------------

    async def say(
        self,
        channel_id: int,
        user_id: int,
        text: str = "…",
        *,
        reply_to: dict | None = None,
        mentions: list[int] = (),
    ) -> dict:
        """A member writes in a channel. The bot receives it without its content."""
        author = self.world.users[user_id]
        extra: dict[str, Any] = {"mentions": [self.world.users[m] for m in mentions]}
        if reply_to is not None:
            extra["type"] = 19
            extra["message_reference"] = {
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                "type": 0,
            }
            extra["referenced_message"] = reply_to
            if reply_to["author"] not in extra["mentions"]:
                extra["mentions"].append(reply_to["author"])
        message = self.world.message(channel_id, author, {"content": text}, **extra)
        event = dict(message)
        guild_id = message.get("guild_id")
        if guild_id:
            member = self.world.guilds[int(guild_id)].members[user_id]
            event["member"] = {k: v for k, v in member.items() if k != "user"}
        await self._send("MESSAGE_CREATE", event)
        return message

    async def react(self, message: dict, user_id: int, emoji: str = "👍") -> None:
        data = {
            "user_id": str(user_id),
            "channel_id": message["channel_id"],
            "message_id": message["id"],
            "emoji": {"id": None, "name": emoji},
            "type": 0,
            "burst": False,
            "message_author_id": message["author"]["id"],
        }
        if "guild_id" in message:
            data["guild_id"] = message["guild_id"]
            data["member"] = self.world.guilds[int(message["guild_id"])].members[user_id]
        await self._send("MESSAGE_REACTION_ADD", data)

    async def voice(self, guild_id: int, user_id: int, channel_id: int | None) -> None:
        """A member joins a voice channel (or leaves voice with None)."""
        member = self.world.guilds[guild_id].members[user_id]
        await self._send(
            "VOICE_STATE_UPDATE",
            {
                "guild_id": str(guild_id),
                "channel_id": str(channel_id) if channel_id else None,
                "user_id": str(user_id),
                "member": member,
                "session_id": secrets.token_hex(8),
                "deaf": False,
                "mute": False,
                "self_deaf": False,
                "self_mute": False,
                "self_video": False,
                "suppress": False,
                "request_to_speak_timestamp": None,
            },
        )

    # interactions ----------------------------------------------------------------------------

    async def _interact(
        self,
        kind: int,
        user_id: int,
        channel_id: int,
        data: dict,
        *,
        message: dict | None = None,
        locale: str = "fr",
        opened_by: int | None = None,
    ) -> Interaction:
        world = self.world
        channel = world.channels[channel_id]
        interaction_id = world.ids.next()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(world.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel_id),
            "channel": channel,
            "token": secrets.token_urlsafe(24),
            "version": 1,
            "app_permissions": str((1 << 53) - 1),
            "locale": locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(channel.get("guild_id", "0"))},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if "guild_id" in channel:
            guild = world.guilds[int(channel["guild_id"])]
            member = dict(guild.members[user_id])
            member["permissions"] = str(permissions_for(world, guild.id, user_id, channel_id))
            payload.update(guild_id=str(guild.id), guild_locale=guild.locale, member=member)
        else:
            payload["user"] = world.users[user_id]
        if message is not None:
            payload["message"] = message
        interaction = Interaction(
            id=interaction_id, token=payload["token"], payload=payload, opened_by=opened_by
        )
        world.interactions[interaction_id] = interaction
        await self._send("INTERACTION_CREATE", payload)
        return interaction

    async def command(
        self,
        user_id: int,
        channel_id: int,
        name: str,
        *path_and_options: Any,
        options: dict[str, Any] | None = None,
        locale: str = "fr",
        wait: bool = True,
    ) -> Interaction:
        """Run /name [sub [sub]] with options, e.g. command(u, c, "cohorte", "creer", options={...})."""
        known = self.world.global_commands + sum(self.world.guild_commands.values(), [])
        command = next((c for c in known if c["name"] == name), None)
        if command is None:
            raise LookupError(f"/{name} was never synced to the sandbox")
        data = self._command_data(command, channel_id, path_and_options, options or {})
        interaction = await self._interact(
            APPLICATION_COMMAND, user_id, channel_id, data, locale=locale
        )
        if wait:
            await self.answered(interaction)
        return interaction

    async def autocomplete(
        self,
        user_id: int,
        channel_id: int,
        name: str,
        *path: str,
        options: dict[str, Any],
        focused: str,
        locale: str = "fr",
    ) -> list[dict]:
        """Type in an option with autocomplete; returns the choices the bot offers."""
        known = self.world.global_commands + sum(self.world.guild_commands.values(), [])
        command = next(c for c in known if c["name"] == name)
        data = self._command_data(command, channel_id, path, options)
        leaf = data["options"]
        while leaf and leaf[0].get("type") in (1, 2):
            leaf = leaf[0]["options"]
        for option in leaf:
            if option["name"] == focused:
                option["focused"] = True
        interaction = await self._interact(AUTOCOMPLETE, user_id, channel_id, data, locale=locale)
        answer = await self.answered(interaction)
        return answer["data"]["choices"]

    def _command_data(self, command: dict, channel_id: int, path, options: dict) -> dict:
        resolved: dict[str, dict] = {}
        leaf = [self._option(key, value, resolved, channel_id) for key, value in options.items()]
        for depth, sub in enumerate(reversed(path)):
            leaf = [{"name": sub, "type": 1 if depth == 0 else 2, "options": leaf}]
        data = {"id": command["id"], "name": name_of(command), "type": 1, "options": leaf}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data

    def _option(self, key: str, value: Any, resolved: dict, channel_id: int) -> dict:
        """Plain values go as they are; Mention(kind, id) values are resolved as Discord does;
        an Upload is stored on the CDN and resolved as an attachment."""
        if isinstance(value, Upload):
            attachment_id = self.world.ids.next()
            self.sb.files[attachment_id] = value.data
            url = f"http://127.0.0.1:{self.sb.port}/attachments/{attachment_id}/{value.filename}"
            resolved.setdefault("attachments", {})[str(attachment_id)] = {
                "id": str(attachment_id),
                "filename": value.filename,
                "size": len(value.data),
                "url": url,
                "proxy_url": url,
                "content_type": "text/csv",
            }
            return {"name": key, "type": 11, "value": str(attachment_id)}
        if not isinstance(value, Mention):
            return {"name": key, "type": _option_type(value), "value": value}
        guild_id = int(self.world.channels[channel_id]["guild_id"])
        guild = self.world.guilds[guild_id]
        if value.kind == "role":
            resolved.setdefault("roles", {})[str(value.id)] = guild.roles[value.id]
            kind = 8
        elif value.kind == "channel":
            channel = self.world.channels[value.id]
            resolved.setdefault("channels", {})[str(value.id)] = {
                **channel,
                "permissions": str((1 << 53) - 1),
            }
            kind = 7
        else:
            member = guild.members[value.id]
            resolved.setdefault("users", {})[str(value.id)] = member["user"]
            resolved.setdefault("members", {})[str(value.id)] = {
                k: v for k, v in member.items() if k != "user"
            } | {"permissions": "0"}
            kind = 6
        return {"name": key, "type": kind, "value": str(value.id)}

    async def click(
        self,
        user_id: int,
        message: dict,
        custom_id: str,
        *,
        values: list[str] | None = None,
        locale: str = "fr",
        wait: bool = True,
    ) -> Interaction:
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data.update(component_type=3, values=values)
        interaction = await self._interact(
            COMPONENT, user_id, int(message["channel_id"]), data, message=message, locale=locale
        )
        if wait:
            await self.answered(interaction)
        return interaction

    async def submit(
        self,
        user_id: int,
        channel_id: int,
        custom_id: str,
        fields: dict[str, str],
        *,
        locale: str = "fr",
        wait: bool = True,
    ) -> Interaction:
        """Fill in and send a form. If the bot opened it, the submission mirrors its layout
        (rows of text inputs, labels around inputs or radio groups) as Discord's does."""
        opened_by = self.world.modals.get((user_id, custom_id))
        opened = self.world.interactions.get(opened_by or 0)
        layout = opened.responses[0]["data"]["components"] if opened else None
        rows = submission(layout, fields)
        interaction = await self._interact(
            MODAL_SUBMIT,
            user_id,
            channel_id,
            {"custom_id": custom_id, "components": rows},
            locale=locale,
            opened_by=opened_by,
        )
        if wait:
            await self.answered(interaction)
        return interaction

    async def answered(self, interaction: Interaction, timeout: float = 5.0) -> dict:
        """Wait for the bot's answer; for a deferred one, until its follow-up or edit arrives."""

        def done():
            if not interaction.responses:
                return None
            first = interaction.responses[0]
            if first["type"] == 5:
                original = interaction.original
                return first if original and not original["flags"] & 128 else None
            return first

        return await self.sb.wait_for(done, timeout)


def submission(layout: list[dict] | None, fields: dict[str, str]) -> list[dict]:
    """A modal submission's components: the form's layout with the person's values."""
    ids = iter(range(1, 1000))
    if layout is None:  # a form the bot never opened (a forged submission)
        return [
            {
                "type": 1,
                "id": next(ids),
                "components": [{"type": 4, "id": next(ids), "custom_id": k, "value": v}],
            }
            for k, v in fields.items()
        ]

    def filled(component: dict) -> dict:
        answer = {"type": component["type"], "id": next(ids), "custom_id": component["custom_id"]}
        value = fields.get(component["custom_id"], "")
        answer["value"] = value if component["type"] == 4 else (value or None)
        return answer

    rows = []
    for top in layout:
        if top["type"] == 1:
            rows.append(
                {"type": 1, "id": next(ids), "components": [filled(c) for c in top["components"]]}
            )
        elif top["type"] == 18:
            rows.append({"type": 18, "id": next(ids), "component": filled(top["component"])})
        elif top["type"] == 10:
            rows.append({"type": 10, "id": next(ids)})
    return rows


@dataclass(frozen=True)
class Mention:
    """An option value that names a Discord object: Mention("role", id), ("channel", id),
    ("user", id)."""

    kind: str
    id: int


@dataclass(frozen=True)
class Upload:
    """A file a member attaches to a slash command option."""

    filename: str
    data: bytes


def name_of(command: dict) -> str:
    return command["name"]


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3
