"""Delivering the outbox to Discord: the one way the bot posts on its own initiative.

An outbox payload is plain data: {"content", "embeds", "view": {"name", "args"},
"files": [{"name", "args", "filename"}], "mention_users"}. Views and attached files (charts)
are built by name from factories the cogs register, so a button recorded before a restart
is rendered the same way after it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

import aiohttp
import discord
from discord.ext import commands

from tutorat.errors import DatabaseUnavailable
from tutorat.models import OutboxItem
from tutorat.outbox import (
    DMS_CLOSED,
    PERMANENT_CODES,
    Outbox,
    PermanentFailure,
    TemporaryFailure,
    nonce_for,
)

log = logging.getLogger(__name__)
ViewFactory = Callable[[dict], discord.ui.View]
FileFactory = Callable[[dict, str], Awaitable[discord.File]]


class DiscordSender:
    def __init__(self, bot) -> None:
        self.bot = bot
        self.views: dict[str, ViewFactory] = {}
        self.files: dict[str, FileFactory] = {}  # attachments drawn when the post is sent

    def render(self, payload: dict) -> dict:
        kwargs: dict = {
            "content": payload.get("content") or None,
            "embeds": [discord.Embed.from_dict(e) for e in payload.get("embeds", [])],
            "allowed_mentions": discord.AllowedMentions(
                everyone=False,
                roles=[discord.Object(r) for r in payload.get("mention_roles", [])] or False,
                users=[discord.Object(u) for u in payload.get("mention_users", [])] or False,
            ),
        }
        view = payload.get("view")
        if view is not None:
            kwargs["view"] = self.views[view["name"]](view.get("args", {}))
        elif "view" in payload:  # an edit that takes the buttons away
            kwargs["view"] = None
        return kwargs

    async def _channel_for(self, item: OutboxItem) -> discord.abc.Messageable:
        if item.channel_id is not None:
            if item.payload.get("thread"):
                return await self._thread(item.channel_id, item.payload["thread"])
            return self.bot.get_partial_messageable(item.channel_id)
        data = await self.bot.http.start_private_message(item.user_id)
        return self.bot.get_partial_messageable(int(data["id"]), type=discord.ChannelType.private)

    async def _thread(self, channel_id: int, name: str) -> discord.Thread:
        """The thread of that name in the channel: found again after a crash, else created."""
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        for thread in channel.threads:
            if thread.name == name:
                return thread
        return await channel.create_thread(
            name=name[:100], type=discord.ChannelType.public_thread, auto_archive_duration=10080
        )

    async def send(self, item: OutboxItem) -> int:
        if item.payload.get("edit"):
            return await self._edit(item)
        try:
            return await self._send(item)
        except PermanentFailure as exc:
            fallback = item.payload.get("fallback")
            if exc.code != DMS_CLOSED or not fallback:
                raise
        # DMs closed: say it in the fallback channel instead, mentioning the person.
        payload = {**item.payload, **fallback}
        payload.pop("channel_id")
        moved = replace(
            item,
            key=f"{item.key}:fallback",
            channel_id=fallback["channel_id"],
            user_id=None,
            payload=payload,
        )
        return await self._send(moved)

    async def _edit(self, item: OutboxItem) -> int:
        """An edit of a message sent earlier (its outbox key in "edit"): where it went, or in
        its fallback thread when the DM could not be sent."""
        original = await self.bot.services.outbox.item(item.payload["edit"])
        if original is None or original.message_id is None:
            raise PermanentFailure("nothing to edit")

        async def edit() -> int:
            channel = await self._channel_for(original)
            try:
                await channel.get_partial_message(original.message_id).edit(
                    **self.render(item.payload)
                )
            except discord.NotFound:
                fallback = original.payload.get("fallback")
                if original.channel_id is not None or not fallback:
                    raise
                thread = await self._thread(fallback["channel_id"], fallback["thread"])
                await thread.get_partial_message(original.message_id).edit(
                    **self.render(item.payload)
                )
            return original.message_id

        return await self._calling(edit)

    async def _send(self, item: OutboxItem) -> int:
        async def send() -> int:
            channel = await self._channel_for(item)
            files = [
                await self.files[f["name"]](f.get("args", {}), f["filename"])
                for f in item.payload.get("files", [])
            ]
            message = await channel.send(
                nonce=nonce_for(item.key), files=files, **self.render(item.payload)
            )
            return message.id

        return await self._calling(send)

    async def _calling(self, call: Callable[[], Awaitable[int]]) -> int:
        """Discord's answers as the outbox's failures: temporary or permanent."""
        try:
            return await call()
        except discord.RateLimited as exc:
            raise TemporaryFailure("rate limited", code=429, retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            if exc.code in PERMANENT_CODES or 400 <= exc.status < 500 and exc.status != 429:
                raise PermanentFailure(exc.text or str(exc), code=exc.code or exc.status) from exc
            retry = None
            if exc.status == 429:
                retry = float(exc.response.headers.get("Retry-After", 5))
            raise TemporaryFailure(
                exc.text or str(exc), code=exc.code or exc.status, retry_after=retry
            ) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TemporaryFailure(f"network: {exc!r}") from exc


class Delivery(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.outbox: Outbox = bot.services.outbox
        self.sender: DiscordSender = bot.sender
        self._lock = asyncio.Lock()
        self._kick = asyncio.Event()
        self._worker: asyncio.Task | None = None

    async def cog_load(self) -> None:
        self._worker = asyncio.create_task(self._run(), name="outbox-worker")

    async def cog_unload(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def kick(self) -> None:
        """Something was recorded: send it soon."""
        self._kick.set()

    async def flush_now(self) -> None:
        """Send every due item; one flush at a time, so nothing is sent twice."""
        async with self._lock:
            while True:
                report = await self.outbox.flush(self.sender, self.bot.clock.now())
                if report.sent + report.retried + report.failed == 0:  # nothing left due
                    return

    async def flush_when_up(self) -> None:
        """flush_now, unless the database is away (the outage watch sends it on its return)."""
        try:
            await self.flush_now()
        except DatabaseUnavailable as exc:
            log.info("outbox waits for the database: %s", exc)

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        every = self.bot.config.outbox.flush_seconds
        while not self.bot.is_closed():
            try:
                await self.flush_when_up()
            except Exception:
                log.exception("outbox flush failed; it will be tried again")
            try:
                await asyncio.wait_for(self._kick.wait(), every)
            except TimeoutError:
                pass
            self._kick.clear()


async def setup(bot) -> None:
    await bot.add_cog(Delivery(bot))
