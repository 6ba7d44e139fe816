"""The sandbox's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME, shards.

One session per shard, as Discord does: IDENTIFY carries `shard: [id, count]` (none: the only
shard), a guild's events go only to shard (guild_id >> 22) % count, direct messages to shard 0.
Every dispatch is numbered per session and kept, so a RESUME after a dropped connection replays
what that session missed.
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


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule: a guild's events go to shard (guild_id >> 22) % shard_count."""
    return (guild_id >> 22) % shard_count


class Session:
    """One gateway session: one shard (or the only one), its numbered events for RESUME."""

    def __init__(self, ws: web.WebSocketResponse, shard: tuple[int, int], intents: int) -> None:
        self.ws: web.WebSocketResponse | None = ws
        self.shard = shard
        self.intents = intents
        self.session_id = secrets.token_hex(16)
        self.sequence = 0
        self.log: list[dict] = []

    def owns(self, guild_id: int | None) -> bool:
        shard_id, count = self.shard
        if guild_id is None:  # direct messages and the like: shard 0, as Discord does
            return shard_id == 0
        return shard_of(guild_id, count) == shard_id

    async def send(self, frame: dict, body: str | None = None) -> None:
        self.sequence += 1
        frame = {**frame, "s": self.sequence}
        self.log.append(frame)
        if self.ws is not None and not self.ws.closed:
            if body is None:
                await self.ws.send_str(json.dumps(frame))
            else:
                await self.ws.send_str(
                    f'{{"op":0,"t":"{frame["t"]}","s":{self.sequence},"d":{body}}}'
                )


def _guild_of(event: str, data: dict) -> int | None:
    if "guild_id" in data and data["guild_id"] is not None:
        return int(data["guild_id"])
    if event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"):
        return int(data["id"])
    return None


class Gateway:
    """Sessions by shard: IDENTIFY with `shard: [id, count]` (or none: one shard of one), each
    guild's events only on its shard, READY and GUILD_CREATE for that shard's guilds only."""

    def __init__(self, sandbox) -> None:
        self.sandbox = sandbox
        self.sessions: dict[tuple[int, int], Session] = {}
        self.identified = asyncio.Event()
        self.connections = 0
        self.resumes = 0
        self.identifies: list[tuple[int, int]] = []  # the shard of each IDENTIFY, in order
        self.large_threshold = 50

    # the single-session view the older tests and benches read ------------------------------

    @property
    def ws(self) -> web.WebSocketResponse | None:
        live = [s.ws for s in self.sessions.values() if s.ws is not None]
        return live[0] if live else None

    @property
    def log(self) -> list[dict]:
        """Every dispatch of the current sessions (a new IDENTIFY of a shard starts afresh)."""
        return [frame for s in self.sessions.values() for frame in s.log]

    @property
    def intents(self) -> int:
        return max((s.intents for s in self.sessions.values()), default=0)

    @property
    def session_id(self) -> str | None:
        first = next(iter(self.sessions.values()), None)
        return first.session_id if first else None

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
            for session in self.sessions.values():
                if session.ws is ws:
                    session.ws = None
            if self.ws is None:
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
        shard = tuple(int(x) for x in (data.get("shard") or (0, 1)))
        if len(shard) != 2 or not 0 <= shard[0] < shard[1]:
            await ws.close(code=4010, message=b"Invalid shard.")
            return
        # "total number of members where the gateway will stop sending offline members"
        self.large_threshold = min(250, max(50, int(data.get("large_threshold") or 50)))
        session = Session(ws, shard, int(data.get("intents", 0)))
        self.sessions[shard] = session
        self.identifies.append(shard)
        guilds = [g for g in world.guilds.values() if session.owns(g.id)]
        await self._send(
            session,
            "READY",
            {
                "v": 10,
                "user": world.bot,
                "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": self.sandbox.gateway_url,
                "application": {"id": str(world.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "shard": list(shard),
            },
        )
        for guild in guilds:
            await self._send(
                session, "GUILD_CREATE", world.guild_payload(guild, self.large_threshold)
            )
        self.identified.set()

    async def _resume(self, ws: web.WebSocketResponse, data: dict) -> None:
        session = next(
            (s for s in self.sessions.values() if s.session_id == data.get("session_id")), None
        )
        if session is None or data.get("token") != self.sandbox.token:
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        session.ws = ws
        self.resumes += 1
        missed = [event for event in session.log if event["s"] > int(data.get("seq") or 0)]
        for event in missed:
            await ws.send_str(json.dumps(event))
        await self._send(session, "RESUMED", {})
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

    async def _send(self, session: Session, event: str, data: dict) -> None:
        frame = {"op": DISPATCH, "t": event, "d": data}
        await session.send(frame)

    async def dispatch(self, event: str, data: dict) -> None:
        """Send an event to the session of its guild's shard, or keep it for that session's
        RESUME if it is not connected."""
        if event == "MESSAGE_CREATE" and not self.intents & MESSAGE_CONTENT_INTENT:
            data = self._without_content(data)
        guild_id = _guild_of(event, data)
        for session in list(self.sessions.values()):
            if session.owns(guild_id):
                await self._send(session, event, data)

    async def flood(self, events: list[tuple[str, dict]]) -> float:
        """Dispatch many events as dispatch() does, each encoded before the first is sent, so
        that sending keeps ahead of the client (make bench). Returns when sending began."""
        encoded = []
        for event, data in events:
            if event == "MESSAGE_CREATE" and not self.intents & MESSAGE_CONTENT_INTENT:
                data = self._without_content(data)
            guild_id = _guild_of(event, data)
            targets = [s for s in self.sessions.values() if s.owns(guild_id)]
            encoded.append((event, data, json.dumps(data), targets))
        began = time.monotonic()
        for event, data, body, targets in encoded:
            for session in targets:
                await session.send({"op": DISPATCH, "t": event, "d": data}, body)
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
        """Cut the connections as a network fault would; the bot reconnects and resumes."""
        for session in self.sessions.values():
            if session.ws is not None:
                ws, session.ws = session.ws, None
                await ws.close(code=4000, message=b"dropped")
        self.identified.clear()
