"""The sandbox's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME.

One bot session at a time. Every dispatch is numbered and kept, so a RESUME after a dropped
connection replays what the bot missed, as Discord does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
MESSAGE_CONTENT_INTENT = 1 << 15
CHUNK_SIZE = 1000


class Gateway:
    def __init__(self, sandbox) -> None:
        self.sandbox = sandbox
        self.ws: web.WebSocketResponse | None = None
        self.session_id: str | None = None
        self.intents = 0
        self.sequence = 0
        self.log: list[dict] = []  # every dispatch of the session, for RESUME
        self.identified = asyncio.Event()
        self.connections = 0
        self.resumes = 0
        self.large_threshold = 50

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": 41250}}))
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(frame.data)
                await self._receive(ws, payload)
        finally:
            if self.ws is ws:
                self.ws = None
                self.identified.clear()
        return ws

    async def _receive(self, ws: web.WebSocketResponse, payload: dict) -> None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
        elif op == IDENTIFY:
            await self._identify(ws, data)
        elif op == RESUME:
            await self._resume(ws, data)
        elif op == REQUEST_MEMBERS:
            await self._chunk(data)

    async def _identify(self, ws: web.WebSocketResponse, data: dict) -> None:
        world = self.sandbox.world
        if data.get("token") != self.sandbox.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self.intents = int(data.get("intents", 0))
        # "total number of members where the gateway will stop sending offline members"
        self.large_threshold = min(250, max(50, int(data.get("large_threshold") or 50)))
        self.session_id = secrets.token_hex(16)
        self.sequence = 0
        self.log = []
        self.ws = ws
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": world.bot,
                "guilds": [{"id": str(g), "unavailable": True} for g in world.guilds],
                "session_id": self.session_id,
                "resume_gateway_url": self.sandbox.gateway_url,
                "application": {"id": str(world.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for guild in world.guilds.values():
            await self.dispatch("GUILD_CREATE", world.guild_payload(guild, self.large_threshold))
        self.identified.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict) -> None:
        if data.get("session_id") != self.session_id or data.get("token") != self.sandbox.token:
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        self.ws = ws
        self.resumes += 1
        missed = [event for event in self.log if event["s"] > int(data.get("seq") or 0)]
        for event in missed:
            await ws.send_str(json.dumps(event))
        await self.dispatch("RESUMED", {})
        self.identified.set()

    async def _chunk(self, data: dict) -> None:
        """GUILD_MEMBERS_CHUNK answers to REQUEST_GUILD_MEMBERS: by user_ids (the ones not in
        the guild back in not_found), or whose username starts with query (an empty query and
        a limit of 0: every member), in chunks of up to 1 000 members."""
        guild = self.sandbox.world.guilds[int(data["guild_id"])]
        not_found: list[str] = []
        if data.get("user_ids") is not None:
            wanted = data["user_ids"]
            wanted = [wanted] if isinstance(wanted, str | int) else wanted
            members = []
            for user_id in wanted:
                member = guild.members.get(int(user_id))
                if member is None:
                    not_found.append(str(user_id))
                else:
                    members.append(member)
        else:
            query = (data.get("query") or "").lower()
            members = [
                m
                for m in guild.members.values()
                if m["user"]["username"].lower().startswith(query)
                or (m.get("nick") or "").lower().startswith(query)
            ]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
        chunks = [members[i : i + CHUNK_SIZE] for i in range(0, len(members), CHUNK_SIZE)] or [[]]
        for index, chunk in enumerate(chunks):
            body = {
                "guild_id": str(guild.id),
                "members": chunk,
                "chunk_index": index,
                "chunk_count": len(chunks),
            }
            if not_found and index == 0:
                body["not_found"] = not_found
            if data.get("presences"):
                body["presences"] = []  # nobody is online in the sandbox
            nonce = data.get("nonce")
            if isinstance(nonce, str) and len(nonce.encode()) <= 32:
                body["nonce"] = nonce
            await self.dispatch("GUILD_MEMBERS_CHUNK", body)

    async def dispatch(self, event: str, data: dict) -> None:
        """Send an event to the bot, or keep it for its RESUME if it is not connected."""
        if event == "MESSAGE_CREATE" and not self.intents & MESSAGE_CONTENT_INTENT:
            data = self._without_content(data)
        self.sequence += 1
        frame = {"op": DISPATCH, "t": event, "s": self.sequence, "d": data}
        self.log.append(frame)
        if self.ws is not None and not self.ws.closed:
            await self.ws.send_str(json.dumps(frame))

    async def flood(self, events: list[tuple[str, dict]]) -> float:
        """Dispatch many events as dispatch() does, each encoded before the first is sent, so
        that sending keeps ahead of the client (make bench). Returns when sending began."""
        encoded = []
        for event, data in events:
            if event == "MESSAGE_CREATE" and not self.intents & MESSAGE_CONTENT_INTENT:
                data = self._without_content(data)
            encoded.append((event, data, json.dumps(data)))
        began = time.monotonic()
        for event, data, body in encoded:
            self.sequence += 1
            self.log.append({"op": DISPATCH, "t": event, "s": self.sequence, "d": data})
            if self.ws is not None and not self.ws.closed:
                await self.ws.send_str(f'{{"op":0,"t":"{event}","s":{self.sequence},"d":{body}}}')
        return began

    def _without_content(self, data: dict) -> dict:
        bot_id = str(self.sandbox.world.bot_id)
        author = data.get("author", {}).get("id")
        if author == bot_id or "guild_id" not in data:
            return data
        if any(u.get("id") == bot_id for u in data.get("mentions", [])):
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

    async def drop(self) -> None:
        """Cut the connection as a network fault would; the bot reconnects and resumes."""
        if self.ws is not None:
            ws, self.ws = self.ws, None
            self.identified.clear()
            await ws.close(code=4000, message=b"dropped")
