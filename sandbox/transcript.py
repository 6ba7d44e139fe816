"""A readable account of what the bot did, from the sandbox's record of its requests."""

from __future__ import annotations

import re

from sandbox.server import Recorded, Sandbox

EPHEMERAL = 1 << 6
# a transcript shows this many lines of a long embed, then says how many it left out; a
# line cut short ends with « … » (the whole message is in demo-output/ and the sandbox)
SHOWN_LINES = 12


def _short(text: str | None, width: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _message_text(body: dict) -> str:
    """The content and the titles; an embed's lines come under it (see _details)."""
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts.append(embed.get("title") or "")
        if not embed.get("title"):
            parts.append(embed.get("description") or "")
    return _short(" — ".join(p for p in parts if p))


def _details(body: dict) -> str:
    """The lines of an embed and its buttons, indented under the post."""
    lines = []
    for embed in body.get("embeds") or []:
        if embed.get("title"):
            lines += [_short(x, 130) for x in (embed.get("description") or "").splitlines()]
        for f in embed.get("fields") or []:
            if f["name"] == "ℹ️":
                continue
            first, *more = f["value"].splitlines() or [""]
            lines.append(f"{f['name']} : {_short(first, 110)}")
            lines += [f"  {_short(x, 110)}" for x in more[:4]]
    if len(lines) > SHOWN_LINES:
        lines = lines[:SHOWN_LINES] + [f"… ({len(lines) - SHOWN_LINES} lignes de plus)"]
    for row in body.get("components") or []:  # every button, always
        lines += [f"[bouton {c['label']}]" for c in row.get("components", []) if c.get("label")]
    return "".join(f"\n          {line}" for line in lines)


class Transcript:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.seen = 0

    def name(self, user_id: int | str) -> str:
        user = self.sandbox.world.users.get(int(user_id))
        return user["global_name"] if user else str(user_id)

    def where(self, channel_id: int | str) -> str:
        channel = self.sandbox.world.channels.get(int(channel_id), {})
        if channel.get("type") == 1:
            return f"message privé à {self.name(channel['recipients'][0]['id'])}"
        return f"#{channel.get('name', channel_id)}"

    def readable(self, line: str) -> str:
        """Mentions as a person sees them: <@id> -> @name, <#id> -> #channel, <@&id> -> @role."""
        world = self.sandbox.world

        def role(match: re.Match) -> str:
            for guild in world.guilds.values():
                if int(match[1]) in guild.roles:
                    return "@" + guild.roles[int(match[1])]["name"]
            return match[0]

        line = re.sub(r"<@&(\d+)>", role, line)
        line = re.sub(r"<@!?(\d+)>", lambda m: "@" + self.name(m[1]), line)
        return re.sub(r"<#(\d+)>", lambda m: self.where(m[1]), line)

    def plain(self, value):
        """Every string of a request body with its mentions made readable."""
        if isinstance(value, str):
            return self.readable(value)
        if isinstance(value, list):
            return [self.plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self.plain(v) for k, v in value.items()}
        return value

    def describe(self, record: Recorded) -> str | None:
        route, body = record.route, self.plain(record.body or {})
        failed = record.status >= 400
        status = f" → Discord répond {record.status}" if failed else ""
        if route == "/applications/{application_id}/commands" and record.method == "PUT":
            names = ", ".join("/" + c["name"] for c in record.body)
            return f"commandes synchronisées : {names}{status}"
        if route == "/channels/{channel_id}/messages" and record.method == "POST":
            line = f"{self.where(record.params['channel_id'])} ← « {_message_text(body)} »{status}"
            return line + _details(body) if not failed else line
        if route == "/interactions/{interaction_id}/{interaction_token}/callback":
            interaction = self.sandbox.world.interactions[int(record.params["interaction_id"])]
            user = interaction.payload.get("member", interaction.payload).get("user", {})
            who = self.name(user.get("id", 0))
            data = body.get("data") or {}
            if body.get("type") == 9:
                return f"formulaire ouvert pour {who} : « {data.get('title')} »"
            if body.get("type") in (5, 8):
                return None  # a defer or autocomplete choices: the follow-up says it
            private = "réponse privée" if (data.get("flags") or 0) & EPHEMERAL else "réponse"
            return f"{private} à {who} : « {_message_text(data)} »" + _details(data)
        if route == "/webhooks/{webhook_id}/{webhook_token}" and record.method == "POST":
            return f"réponse privée : « {_message_text(body)} »"
        if route == "/guilds/{guild_id}/channels" and not failed:
            made = "catégorie créée" if body.get("type") == 4 else "salon créé"
            private = " (privé)" if body.get("permission_overwrites") else ""
            name = (record.response or {}).get("name") or body.get("name")  # as Discord wrote it
            return f"{made} : {name}{private}"
        if route == "/guilds/{guild_id}/roles" and record.method == "POST":
            return f"rôle créé : {body.get('name')}{status}"
        if route == "/guilds/{guild_id}/scheduled-events" and record.method == "POST":
            return f"événement programmé : {body.get('name')} ({body.get('scheduled_start_time')})"
        return None

    def new_lines(self) -> list[str]:
        """What the bot did since the last call, one line per noticeable request."""
        records = self.sandbox.requests[self.seen :]
        self.seen = len(self.sandbox.requests)
        return [self.readable(line) for r in records if (line := self.describe(r))]
