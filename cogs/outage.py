"""When the database goes away and comes back (tutorat/outage.py keeps the state).

While it is away, the bot stays on Discord: interactions get a sentence (cogs/errors.py),
activity is counted in memory, scheduled runs that fail are kept. Every `probe_seconds` (at
each step of a virtual clock) it tries a small write; once one lands, in this order: the
counts kept in memory are written, the missed runs run at their own time, the members who
joined, left or changed roles meanwhile are enrolled or let go (the start-up pass, again), the
tutors who were told of the outage hear it is over, and the outbox sends what is due.

The message saying the outage lasts cannot be recorded in the outbox (the database is away):
it is sent directly, once per outage and tutors' channel, with a nonce made from the outage's
start (a second try posts nothing new).
"""

from __future__ import annotations

import logging
from datetime import datetime

from discord.ext import commands, tasks

from tutorat.errors import DatabaseUnavailable
from tutorat.models import OutboxItem, OutboxStatus
from tutorat.outbox import TemporaryFailure, outbox_key
from tutorat.texts import text

log = logging.getLogger(__name__)


def moment(when: datetime) -> str:
    """An instant as Discord shows it, in each reader's own zone and language."""
    return f"<t:{int(when.timestamp())}:f>"


class Outage(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        self.state = bot.outage
        self.rooms: list[tuple[int, int, str]] = []  # (guild, tutors' channel, language)
        self.told_in: set[int] = set()
        self.prober.change_interval(seconds=bot.config.database.probe_seconds)

    async def cog_load(self) -> None:
        if not self.bot.virtual:  # a virtual clock probes at each step (bot.advance_to)
            self.prober.start()

    async def cog_unload(self) -> None:
        self.prober.cancel()

    @tasks.loop(seconds=5)
    async def prober(self) -> None:
        try:
            await self.check(self.bot.clock.now())
        except Exception:
            log.exception("the outage watch failed; it tries again")

    def remember_rooms(self, cohorts) -> None:
        """The tutors' channels, known while the database answers (bot.refresh_places)."""
        self.rooms = sorted(
            {(c.guild_id, c.tutors_channel_id, c.locale) for c in cohorts if c.tutors_channel_id}
        )

    async def check(self, now: datetime) -> bool:
        """Nothing to do while the database answers; during an outage, try it: back, recover;
        still away, tell the tutors once it has lasted. True when the database answers."""
        if not self.state.down_now:
            return True
        try:
            await self.bot.services.meta.probe(now.isoformat())
        except DatabaseUnavailable:
            if self.state.due_to_tell(now):
                await self._tell_long(now)
            return False
        await self.recover(now)
        return not self.state.down_now

    async def _tell_long(self, now: datetime) -> None:
        since = self.state.since
        for guild_id, channel_id, language in self.rooms:
            if channel_id in self.told_in:
                continue
            key = outbox_key("outage", since.isoformat(), channel_id)
            item = OutboxItem(
                0, key, guild_id, channel_id, None,
                {"content": text("outage.long", language, since=moment(since))},
                OutboxStatus.PENDING, 0, now, now,
            )  # fmt: skip
            try:
                await self.bot.sender.send(item)
            except TemporaryFailure as exc:  # Discord is away too: the next probe tries again
                log.warning("could not tell the tutors of the outage: %s", exc.reason)
                continue
            except Exception:
                log.warning("could not tell the tutors of the outage", exc_info=True)
            self.told_in.add(channel_id)
        if self.told_in >= {channel for _, channel, _ in self.rooms}:
            self.state.told = True

    async def recover(self, now: datetime) -> None:
        episode = self.state.over(now)
        if episode is None:
            return
        told_in, self.told_in = self.told_in, set()
        services = self.bot.services
        try:
            await services.activity.flush()
            while episode.missed:
                at, job = episode.missed[0]
                await job.action(at)
                episode.missed.pop(0)
            members = self.bot.get_cog("Members")
            if members is not None:  # who joined, left or changed roles meanwhile
                await members.on_ready()
            for guild_id, channel_id, language in self.rooms:
                if channel_id not in told_in:
                    continue
                await services.outbox.post(
                    outbox_key("outage", episode.since.isoformat(), channel_id, "over"),
                    {
                        "content": text(
                            "outage.over",
                            language,
                            since=moment(episode.since),
                            until=moment(episode.until),
                        )
                    },
                    now,
                    guild_id=guild_id,
                    channel_id=channel_id,
                )
        except DatabaseUnavailable:  # away again: what is left waits for its return
            for at, job in episode.missed:
                self.state.miss(job, at)
            self.told_in = told_in
            if episode.told:
                self.state.told = True
            return
        self.bot.kick_delivery()
        log.info("outage over: recovered from %s to %s", episode.since, episode.until)


async def setup(bot) -> None:
    await bot.add_cog(Outage(bot))
