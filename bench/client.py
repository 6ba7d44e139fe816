"""One Discord client in a process of its own, against a sandbox run by the parent process.

python -m bench.client '<json>' -- the json names the client ("bot": TutoratBot with every cog,
through sandbox.harness.Running; "bare": a discord.Client with the same intents), the task
("flood", "ready", "memory") and where the sandbox is. The child tells the parent what happened
in JSON lines on stdout, with time.monotonic() stamps (one clock for every process on Linux).

Its own process, so that the sandbox's work is never counted as the client's: CPU time for the
flood, resident memory for the member cache.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

STARTED = time.monotonic()  # before the heavy imports: a restart counts them

import discord  # noqa: E402
import yarl  # noqa: E402

# The bare client imports discord.py only: the bot's modules would make its heap, and so its
# garbage collections, bigger. Same intents as bot.intents() (tests/test_bench_smoke.py checks).
BARE_INTENTS = discord.Intents.none()
BARE_INTENTS.guilds = BARE_INTENTS.members = BARE_INTENTS.guild_messages = True
BARE_INTENTS.guild_reactions = BARE_INTENTS.voice_states = True


class Collections:
    """Time spent in the garbage collector (a big heap makes each full collection longer)."""

    def __init__(self) -> None:
        self.seconds, self.full, self._began = 0.0, 0, 0.0
        gc.callbacks.append(self._phase)

    def _phase(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._began
            self.full += info["generation"] == 2

    def reset(self) -> None:
        self.seconds, self.full = 0.0, 0

    def figures(self) -> dict:
        return {
            "gc_seconds": round(self.seconds, 3),
            "gc_full_collections": self.full,
            "tracked_objects": len(gc.get_objects()),
        }


COLLECTIONS = Collections()


def report(**fields) -> None:
    print(json.dumps(fields), flush=True)


def memory_mb() -> dict:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {
        key: round(int(status[name].split()[0]) / 1024, 1)
        for key, name in (("rss_mb", "VmRSS"), ("peak_rss_mb", "VmHWM"))
    }


class Bare(discord.Client):
    """The least a client can do with these events: count them."""

    def __init__(self, marker: int, **options) -> None:
        super().__init__(intents=BARE_INTENTS, **options)
        self.marker = marker
        self.messages = self.reactions = 0
        self.done = asyncio.Event()

    async def on_message(self, message: discord.Message) -> None:
        self.messages += 1
        if message.author.id == self.marker:
            self.done.set()

    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        self.reactions += 1


async def start_bare(where: SimpleNamespace, marker: int = 0) -> Bare:
    discord.http.Route.BASE = where.api_base  # as bot.point_at does
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(where.gateway_url)
    client = Bare(marker, guild_ready_timeout=where.guild_ready_timeout)
    await client.login(where.token)
    client.task = asyncio.create_task(client.connect())
    async with asyncio.timeout(60):
        await client.wait_until_ready()
    return client


async def start_bot(where: SimpleNamespace, db: str, cache: str = "full", shard: str = ""):
    import sandbox.harness
    from bot import TutoratBot
    from tutorat.clock import VirtualClock

    class Uncached(TutoratBot):
        """The bot without a member cache: no chunking at start-up, no member kept."""

        def _get_state(self, **options):
            options.update(
                member_cache_flags=discord.MemberCacheFlags.none(),
                chunk_guilds_at_startup=False,
            )
            return super()._get_state(**options)

    if cache == "none":
        sandbox.harness.TutoratBot = Uncached
    store = db if "://" in db else Path(db)  # a SQLite file or a postgresql:// URL
    sections = {}
    if shard:  # "1/2": this process runs shard 1 of 2
        shard_id, count = (int(x) for x in shard.split("/"))
        sections = {"discord": {"shard_count": count, "shard_ids": [shard_id]}}
    running = sandbox.harness.Running(where, store, VirtualClock(sandbox.harness.START), **sections)
    await running.start()
    return running


async def flood(args: dict, where: SimpleNamespace) -> None:
    """Wait for the parent's flood; say when its last event (the marker's message) is handled."""
    marker = int(args["marker"])
    if args["client"] == "bare":
        client = await start_bare(where, marker)
        report(ready=time.monotonic())
        COLLECTIONS.reset()
        cpu = time.process_time()
        async with asyncio.timeout(600):
            await client.done.wait()
        report(
            done=time.monotonic(),
            cpu_seconds=time.process_time() - cpu,
            messages=client.messages,
            reactions=client.reactions,
            **COLLECTIONS.figures(),
        )
        await client.close()
        return
    running = await start_bot(where, args["db"], shard=args.get("shard", ""))
    bot = running.bot
    done = asyncio.Event()
    service = bot.services.activity
    record = service.record
    waiting = {int(m) for m in args.get("markers") or [marker]}  # a marker per guild served

    def watched(guild_id, user_id, *rest):  # one call more per event, no task more
        record(guild_id, user_id, *rest)
        if user_id in waiting:
            waiting.discard(user_id)
            if not waiting:
                done.set()

    service.record = watched
    poll = await polling(bot, args["lrs"]) if args.get("lrs") else None
    report(ready=time.monotonic(), **(await web_pages(bot, args["web"]) if args.get("web") else {}))
    COLLECTIONS.reset()
    cpu = time.process_time()
    poller = asyncio.create_task(poll()) if poll else None  # a poll runs under the flood
    async with asyncio.timeout(600):
        await done.wait()
    gc_figures = COLLECTIONS.figures()
    finished, cpu = time.monotonic(), time.process_time() - cpu
    polled = {}
    if poller is not None:
        ingested = await poller
        polled = {
            "poll_statements": ingested.new,
            "poll_seconds": round(ingested.finished - ingested.began, 3),
            "poll_outlasted_flood": ingested.finished >= finished,
        }
    counted = bot.services.activity.buffer.pending_for(marker)
    activity = bot.get_cog("Activity")
    await activity.flush()
    rows = await bot.db.fetchall(
        "SELECT kind, SUM(count) FROM activity GROUP BY kind ORDER BY kind"
    )
    kinds = {row[0]: row[1] for row in rows}
    report(
        done=finished,
        cpu_seconds=cpu,
        marker_pending=counted,
        counts=kinds,
        **gc_figures,
        **polled,
        errors=running.errors.lines(),
    )
    await running.stop()


async def web_pages(bot, web: dict) -> dict:
    """A coordinator's link to the web view, and the cohort page to load under the flood."""
    from tutorat.team import Standing

    coordinator = Standing(frozenset(), manages_guild=True)
    token = await bot.services.desk.link(
        web["guild"], web["user"], coordinator, "fr", bot.clock.now()
    )
    [cohort] = await bot.services.cohorts.of_guild(web["guild"])
    base = bot.web.base_url
    return {"link": f"{base}/enter/{token}", "page": f"{base}/cohort/{cohort.id}"}


async def polling(bot, lrs: dict):
    """The cohort connected to a real LRS (its learners linked by email); returns the poll to
    start with the flood, which says whether it was still running when the flood ended."""
    from sources.xapi import XapiSource

    platform = bot.services.platform
    platform.sources = {"xapi": XapiSource(lrs["endpoint"], lrs["username"], lrs["password"])}
    [cohort] = await bot.services.cohorts.cohorts.active()
    now = bot.clock.now()
    for i, learner in enumerate(await bot.services.cohorts.learners.of_cohort(cohort.id)):
        account = f"mbox:learner{i}@example.org"
        await platform.store.link(cohort.id, learner.user_id, account, "roster", now, 1)
    await platform.store.set_source(cohort.id, "xapi", "")

    async def poll():
        began = time.monotonic()
        report = await platform.poll(cohort, now)
        report.began, report.finished = began, time.monotonic()
        return report

    return poll


async def ready(args: dict, where: SimpleNamespace) -> None:
    """Start, and say when ready (for the bot: with its scheduled jobs restored)."""
    if args["client"] == "bot":
        import bot  # noqa: F401 - imported before the clock starts, as discord is for the bare

    began = time.monotonic()
    if args["client"] == "bare":
        client = await start_bare(where)
        report(started=STARTED, began=began, ready=time.monotonic())
        await client.close()
        return
    running = await start_bot(where, args["db"])
    jobs = len(running.bot.scheduler.get_jobs())
    report(
        started=STARTED,
        began=began,
        ready=time.monotonic(),
        jobs=jobs,
        errors=running.errors.lines(),
    )
    await running.stop()


async def memory(args: dict, where: SimpleNamespace) -> None:
    """Resident memory once ready (after chunking, when the bot chunks)."""
    before = memory_mb()
    running = await start_bot(where, args["db"], args["cache"])
    bot = running.bot
    await asyncio.sleep(0.2)
    gc.collect()
    guild = bot.guilds[0]
    report(
        before_connect_mb=before["rss_mb"],
        **memory_mb(),
        cached_members=len(guild.members),
        member_count=guild.member_count,
        chunked=guild.chunked,
        errors=running.errors.lines(),
    )
    await running.stop()


async def main(args: dict) -> None:
    where = SimpleNamespace(
        api_base=args["api_base"],
        gateway_url=args["gateway"],
        token=args["token"],
        guild_ready_timeout=args["guild_ready_timeout"],
    )
    await {"flood": flood, "ready": ready, "memory": memory}[args["task"]](args, where)


if __name__ == "__main__":
    import os

    if os.environ.get("BENCH_PROFILE"):  # a cProfile dump of the child, to find a hot path
        import cProfile

        args = json.loads(sys.argv[1])
        dump = f"{os.environ['BENCH_PROFILE']}.{args['client']}.{args['task']}"
        cProfile.run("asyncio.run(main(args))", dump)
    else:
        asyncio.run(main(json.loads(sys.argv[1])))
