"""The REST routes the sandbox serves, keyed by the spec's (method, template).

Each handler changes the world as Discord would and returns (status, JSON body).
Only what the bot uses is served; anything else is reported as a violation by the server.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.state import (
    SEND_IN_THREADS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    as_served_components,
    as_served_embed,
)

HANDLERS: dict[tuple[str, str], Callable[..., Awaitable[tuple[int, Any]]]] = {}
NONCE_SECONDS = 300
EPHEMERAL = 1 << 6


def route(method: str, template: str):
    def register(handler):
        HANDLERS[(method, template)] = handler
        return handler

    return register


def _error(status: int, code: int, message: str):
    from sandbox.server import SandboxError

    return SandboxError(status, code, message)


def require(sb, guild_id: int, permission: int, channel_id: int | None = None) -> int:
    """The bot's permissions here, or 403 50013 when any bit of `permission` is missing."""
    from sandbox.permissions import permissions_for

    have = permissions_for(sb.world, guild_id, sb.world.bot_id, channel_id)
    if permission & ~have:
        raise _error(403, 50013, "Missing Permissions")
    return have


def _channel(sb, rec) -> dict:
    channel = sb.world.channels.get(int(rec.params["channel_id"]))
    if channel is None:
        raise _error(404, 10003, "Unknown Channel")
    return channel


# identity ---------------------------------------------------------------------------------


@route("GET", "/users/@me")
async def get_me(sb, rec):
    return 200, {**sb.world.bot, "mfa_enabled": False, "locale": "fr", "verified": True}


@route("GET", "/oauth2/applications/@me")
async def get_application(sb, rec):
    return 200, sb.world.application


@route("GET", "/gateway/bot")
async def get_gateway_bot(sb, rec):
    limit = {"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1}
    return 200, {"url": sb.gateway_url, "shards": 1, "session_start_limit": limit}


# application commands ---------------------------------------------------------------------


def _commands(sb, body: list[dict], guild_id: int | None) -> list[dict]:
    world = sb.world
    made = []
    for command in body:
        made.append(
            {
                "id": str(world.ids.next()),
                "application_id": str(world.application_id),
                "version": str(world.ids.next()),
                "type": command.get("type", 1),
                "name": command["name"],
                "description": command.get("description", ""),
                "options": command.get("options", []),
                "default_member_permissions": _text_or_none(
                    command.get("default_member_permissions")
                ),
                "name_localizations": command.get("name_localizations"),
                "description_localizations": command.get("description_localizations"),
                "contexts": command.get("contexts"),
                "integration_types": command.get("integration_types") or [0],
                "nsfw": command.get("nsfw", False),
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
        )
    return made


@route("PUT", "/applications/{application_id}/commands")
async def put_global_commands(sb, rec):
    sb.world.global_commands = _commands(sb, rec.body, None)
    return 200, sb.world.global_commands


@route("GET", "/applications/{application_id}/commands")
async def get_global_commands(sb, rec):
    return 200, sb.world.global_commands


@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def put_guild_commands(sb, rec):
    guild_id = int(rec.params["guild_id"])
    sb.world.guild_commands[guild_id] = _commands(sb, rec.body, guild_id)
    return 200, sb.world.guild_commands[guild_id]


# messages ---------------------------------------------------------------------------------


def _attachments(sb, rec) -> list[dict]:
    made = []
    for filename, data in rec.files:
        attachment_id = sb.world.ids.next()
        sb.files[attachment_id] = data
        url = f"http://127.0.0.1:{sb.port}/attachments/{attachment_id}/{filename}"
        made.append(
            {
                "id": str(attachment_id),
                "filename": filename,
                "size": len(data),
                "url": url,
                "proxy_url": url,
                "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
            }
        )
    return made


@route("POST", "/channels/{channel_id}/messages")
async def create_message(sb, rec):
    channel = _channel(sb, rec)
    channel_id = int(channel["id"])
    body = rec.body or {}
    if channel["type"] == 1 and int(channel["recipients"][0]["id"]) in sb.dms_closed:
        raise _error(403, 50007, "Cannot send messages to this user")
    if channel["type"] in (10, 11, 12):  # a thread: its parent's permissions apply
        require(
            sb, int(channel["guild_id"]), VIEW_CHANNEL | SEND_IN_THREADS, int(channel["parent_id"])
        )
    elif "guild_id" in channel:
        require(sb, int(channel["guild_id"]), VIEW_CHANNEL | SEND_MESSAGES, channel_id)
    nonce = body.get("nonce")
    if nonce is not None and body.get("enforce_nonce"):
        seen = sb.world.nonces.get((channel_id, str(nonce)))
        if seen and time.monotonic() - seen[0] < NONCE_SECONDS:
            return 200, seen[1]
    message = sb.world.message(channel_id, sb.world.bot, body, attachments=_attachments(sb, rec))
    if nonce is not None and body.get("enforce_nonce"):
        sb.world.nonces[(channel_id, str(nonce))] = (time.monotonic(), message)
    return 200, message


def _find_message(sb, rec) -> dict:
    channel = _channel(sb, rec)
    for message in sb.world.messages[int(channel["id"])]:
        if message["id"] == rec.params["message_id"]:
            return message
    raise _error(404, 10008, "Unknown Message")


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(sb, rec):
    return 200, _find_message(sb, rec)


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(sb, rec):
    message = _find_message(sb, rec)
    _apply_edit(message, rec.body or {})
    return 200, message


def _apply_edit(message: dict, body: dict) -> None:
    for key in ("content", "flags"):
        if key in body and body[key] is not None:
            message[key] = body[key]
    if body.get("embeds") is not None:
        message["embeds"] = [as_served_embed(e) for e in body["embeds"]]
    if body.get("components") is not None:
        message["components"] = as_served_components(body["components"])
    from sandbox.state import iso

    message["edited_timestamp"] = iso()


@route("POST", "/users/@me/channels")
async def create_dm(sb, rec):
    user_id = int(rec.body["recipient_id"])
    if user_id not in sb.world.users:
        raise _error(400, 50035, "Invalid Form Body")
    return 200, sb.world.dm_channel(user_id)


# interactions -----------------------------------------------------------------------------


def _interaction(sb, rec):
    key = rec.params.get("interaction_id") or rec.params.get("webhook_id")
    token = rec.params.get("interaction_token") or rec.params.get("webhook_token")
    for interaction in sb.world.interactions.values():
        if interaction.token == token and (
            str(interaction.id) == key or str(sb.world.application_id) == key
        ):
            return interaction
    raise _error(404, 10062, "Unknown interaction")


def _metadata(sb, interaction) -> dict:
    """interaction_metadata as Discord attaches it to a response message."""
    payload = interaction.payload
    metadata = {
        "id": str(interaction.id),
        "type": payload["type"],
        "user": payload["member"]["user"] if "member" in payload else payload["user"],
        "authorizing_integration_owners": {},
    }
    if payload["type"] == 3:
        metadata["interacted_message_id"] = payload["message"]["id"]
    elif payload["type"] == 5:
        origin = sb.world.interactions.get(interaction.opened_by or 0)
        # a submission the sandbox forged (no form was opened): as if a command had opened it
        triggering = {**metadata, "type": 2}
        metadata["triggering_interaction_metadata"] = (
            _metadata(sb, origin) if origin else triggering
        )
    return metadata


def _response_message(sb, interaction, data: dict, *, loading: bool = False) -> dict:
    payload = interaction.payload
    channel_id = int(payload["channel_id"])
    message = sb.world.message(
        channel_id,
        sb.world.bot,
        data,
        interaction_metadata=_metadata(sb, interaction),
        webhook_id=str(sb.world.application_id),
        application_id=str(sb.world.application_id),
    )
    if loading:
        message["flags"] = (message["flags"] or 0) | 128
    if message["flags"] & EPHEMERAL:  # an ephemeral answer is seen only by the user
        sb.world.messages[channel_id].remove(message)
    return message


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def interaction_callback(sb, rec):
    interaction = _interaction(sb, rec)
    if interaction.responses:
        raise _error(400, 40060, "Interaction has already been acknowledged.")
    body = rec.body
    interaction.responses.append(body)
    kind = body["type"]
    data = body.get("data") or {}
    message = None
    if kind == 4:
        message = interaction.original = _response_message(sb, interaction, data)
    elif kind == 5:
        message = interaction.original = _response_message(sb, interaction, data, loading=True)
    elif kind == 9:  # a modal: remember who opened it, for the submission's metadata
        user = interaction.payload.get("member", interaction.payload)["user"]
        sb.world.modals[(int(user["id"]), data["custom_id"])] = interaction.id
    elif kind == 7:
        message = interaction.payload.get("message")
        if message is not None:
            _apply_edit(message, data)
    answer = {"interaction": {"id": str(interaction.id), "type": interaction.payload["type"]}}
    if message is not None:
        answer["interaction"].update(
            response_message_id=message["id"],
            response_message_loading=kind == 5,
            response_message_ephemeral=bool(message["flags"] & EPHEMERAL),
        )
    if message is not None and kind in (4, 7):
        answer["resource"] = {"type": kind, "message": message}
    if rec.query.get("with_response", "").lower() not in ("true", "1"):
        return 204, None
    return 200, answer


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def create_followup(sb, rec):
    interaction = _interaction(sb, rec)
    original = interaction.original
    if original is not None and original["flags"] & 128:
        # The first follow-up after a "thinking" defer replaces the loading message.
        _apply_edit(original, rec.body or {})
        original["flags"] &= ~128
        original["attachments"] = _attachments(sb, rec)
        return 200, original
    message = _response_message(sb, interaction, rec.body or {})
    message["attachments"] = _attachments(sb, rec)
    interaction.followups.append(message)
    return 200, message


def _webhook_message(sb, rec) -> tuple[Any, dict]:
    interaction = _interaction(sb, rec)
    wanted = rec.params.get("message_id", "@original")
    if wanted == "@original" or (interaction.original and interaction.original["id"] == wanted):
        if interaction.original is None:
            raise _error(404, 10008, "Unknown Message")
        return interaction, interaction.original
    for message in interaction.followups:
        if message["id"] == wanted:
            return interaction, message
    raise _error(404, 10008, "Unknown Message")


@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def edit_webhook_message(sb, rec):
    _, message = _webhook_message(sb, rec)
    _apply_edit(message, rec.body or {})
    message["flags"] = (message.get("flags") or 0) & ~128
    message["attachments"] = message.get("attachments", []) + _attachments(sb, rec)
    return 200, message


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def get_webhook_message(sb, rec):
    return 200, _webhook_message(sb, rec)[1]


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)
