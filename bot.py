"""tutorat — le bot de tutorat à distance / the distance-tutoring bot.

python bot.py                      lancer le bot (jeton dans DISCORD_TOKEN) / run the bot
python bot.py check-config         vérifier config.toml / check config.toml
python bot.py replay TRACE.jsonl   rejouer une trace de cohorte / replay a cohort trace
python bot.py migrate-to URL       copier la base SQLite vers PostgreSQL / move to PostgreSQL
python bot.py health               la base répond (sonde d'un conteneur) / health probe
python bot.py backup FILE          sauvegarder la base, le bot tournant / back the database up
python bot.py restore FILE         la restaurer dans une base vide / restore into an empty one
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import hashlib
import json
import logging
import os
import signal
import sys
import tempfile
from datetime import time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

try:
    import discord
except ModuleNotFoundError:  # started with a Python that is not the project's
    print(
        "Les bibliothèques du bot manquent à ce Python : lancez `make run` (ou `make` pour"
        " installer), ou `.venv/bin/python bot.py …` après `make`.\n"
        "This Python lacks the bot's libraries: run `make run`, or `.venv/bin/python bot.py …`"
        " once `make` has installed them.",
        file=sys.stderr,
    )
    sys.exit(2)
import aiohttp
import yarl
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands

from cogs.dashboard import DiscordPeople
from cogs.delivery import DiscordSender
from cogs.errors import TutoratTree
from cogs.i18n import CatalogueTranslator
from db.activity import ActivityRepository
from db.cases import CaseRepository, ExportRepository
from db.cohorts import CohortRepository, LearnerRepository
from db.database import Database, DatabaseInUse, MigrationFailed, open_database
from db.meta import MetaRepository
from db.outbox import OutboxRepository
from db.pairs import PairRepository
from db.people import AssignmentRepository, GoalsRepository, SettingsRepository
from db.platform import PlatformRepository
from db.reports import ReportRepository
from db.retention import RetentionRepository
from db.rights import RightsRepository
from db.routine import (
    BreakRepository,
    CheckpointRepository,
    PresenceRepository,
    PulseRepository,
)
from db.web import DeskRepository, WebAccessRepository, WebWrites
from sources import from_config as platform_sources
from tutorat.activity import ActivityService
from tutorat.clock import Clock, RealClock, VirtualClock
from tutorat.cohorts import CohortService
from tutorat.config import Config, ConfigError, database_target, load_config
from tutorat.desk import Desk, web_secret
from tutorat.desk_actions import DeskActions
from tutorat.desk_log import ContactLog
from tutorat.desk_pages import DeskPages
from tutorat.drawing import Drawer
from tutorat.errors import DatabaseUnavailable
from tutorat.export import CohortExport
from tutorat.followup import FollowUp
from tutorat.membership import Membership
from tutorat.notify import Budget
from tutorat.onboarding import Onboarding
from tutorat.outage import Outage
from tutorat.outbox import Outbox, RetryPolicy
from tutorat.pairs import Pairs
from tutorat.platform_service import PlatformService
from tutorat.presence import Presence
from tutorat.pulse import Pulse
from tutorat.recent import RecentActivity
from tutorat.reporting import Reporting
from tutorat.retention import Retention
from tutorat.rights import Rights
from tutorat.routine import all_jobs
from tutorat.schedule import Job, due_between, last_fire_before
from tutorat.team import Team
from tutorat.undelivered import Undelivered
from tutorat.warning.cases import Cases, Policy
from tutorat.warning.signs import Thresholds
from web.server import WebServer, WebUnavailable
from web.wiring import Wiring

log = logging.getLogger("tutorat")
EXTENSIONS = (
    "cogs.delivery",
    "cogs.forms",
    "cogs.activity",
    "cogs.members",
    "cogs.settings",
    "cogs.cohorts",
    "cogs.kickoff",
    "cogs.presence",
    "cogs.checkpoints",
    "cogs.pulse",
    "cogs.followup",
    "cogs.pairs",
    "cogs.rights",
    "cogs.reports",
    "cogs.help",
    "cogs.platform",
    "cogs.outage",
    "cogs.dashboard",
)


# the collector in a replay: allocations before a young collection, young collections before
# an older one, older ones before a full one (the default is 700, 10, 10)
REPLAY_GC = (100_000, 20, 100)


# the bot never joins voice: no warning that voice libraries are missing
discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False


def intents() -> discord.Intents:
    """Guilds, members, guild messages, reactions, voice states: never message content."""
    wanted = discord.Intents.none()
    wanted.guilds = wanted.members = wanted.guild_messages = True
    wanted.guild_reactions = wanted.voice_states = True
    return wanted


def point_at(config: Config) -> None:
    """Where "Discord" is: the real one, or the sandbox. Nothing else in the bot knows."""
    discord.http.Route.BASE = config.discord.api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.discord.gateway)


def build_services(db: Database, config: Config) -> SimpleNamespace:
    retry = RetryPolicy(
        config.outbox.max_attempts,
        config.outbox.retry_base_seconds,
        config.outbox.retry_max_seconds,
    )
    quiet = config.notifications
    outbox = Outbox(
        OutboxRepository(db, config.discord.shards()),
        retry,
        Budget(quiet.max_dm_per_week, quiet.quiet_from, quiet.quiet_until),
        quiet.tutor_hours(),
    )
    cohorts = CohortService(CohortRepository(db), LearnerRepository(db))
    outbox.on_failed = Undelivered(cohorts, outbox).report  # tutors hear of what failed
    assignments = AssignmentRepository(db)
    goals, breaks = GoalsRepository(db), BreakRepository(db)
    checkpoints, pulses = CheckpointRepository(db), PulseRepository(db)
    settings = SettingsRepository(db)
    case_store = CaseRepository(db)
    team = Team(settings)
    rules = config.cases
    policy = Policy(
        timedelta(hours=rules.remind_after_hours),
        timedelta(days=rules.escalate_after_days),
        timedelta(days=rules.cooldown_days),
        timedelta(days=rules.snooze_days),
        rules.effect_days,
        frozenset(rules.learner_nudge),
        rules.weekly_cap,
    )
    pair = config.pairs
    recent = RecentActivity(case_store)  # the scan's activity, told by every writer
    activity = ActivityService(ActivityRepository(db), ZoneInfo(config.cohort.timezone), recent)
    platform = PlatformService(
        PlatformRepository(db),
        activity,
        cohorts,
        outbox,
        checkpoints,
        overlap=timedelta(minutes=config.platform.overlap_minutes),
        interval_minutes=config.platform.interval_minutes,
        sources=platform_sources(config, os.environ),
        share=config.platform.poll_share,
    )
    pairs = Pairs(
        cohorts,
        PairRepository(db),
        outbox,
        round_weeks=pair.round_weeks,
        repeat_gap_weeks=pair.repeat_gap_weeks,
        checkback_days=pair.checkback_days,
        counts=ActivityRepository(db),
    )
    onboarding = Onboarding(cohorts, outbox, goals, assignments)
    followup = FollowUp(case_store, cohorts, team)
    cases = Cases(
        cohorts,
        case_store,
        outbox,
        assignments,
        breaks,
        pulses,
        settings,
        Thresholds(**config.signals.model_dump()),
        policy,
        config.cohort.scan_time,
        recent,
    )
    desk_store = DeskRepository(db)  # the web view's
    log = ContactLog(desk_store, case_store)
    reports = Reporting(cohorts, ReportRepository(db), outbox, pulses, rules.effect_days, log)
    drawer = Drawer()  # the web view's charts, in a worker process
    desk_pages = DeskPages(
        cohorts,
        case_store,
        desk_store,
        ExportRepository(db),
        reports,
        recent,
        log,
        WebWrites(db),
        drawer,
        rules.snooze_days,
    )
    return SimpleNamespace(
        drawer=drawer,
        export=CohortExport(ExportRepository(db), cohorts),
        rights=Rights(RightsRepository(db), outbox, cohorts, recent),
        pairs=pairs,
        membership=Membership(cohorts, onboarding, pairs),
        team=team,
        followup=followup,
        cases=cases,
        presence=Presence(cohorts, outbox, PresenceRepository(db), checkpoints, breaks),
        pulse=Pulse(cohorts, outbox, pulses, breaks, goals),
        outbox=outbox,
        activity=activity,
        platform=platform,
        retention=Retention(RetentionRepository(db), config.privacy.retention_days, recent),
        cohorts=cohorts,
        assignments=assignments,
        settings=settings,
        onboarding=onboarding,
        reports=reports,
        meta=MetaRepository(db),
        desk=Desk(WebAccessRepository(db), team, web_secret(os.environ)),
        desk_pages=desk_pages,
        desk_actions=DeskActions(
            desk_pages,
            cases,
            case_store,
            desk_store,
            log,
            followup,
            policy.remind_after,
            rules.effect_days,
        ),
    )


class TutoratBot(commands.Bot):
    def __new__(cls, config: Config, *args, **kwargs):
        """Several shards in one process: the same bot on discord.py's AutoShardedBot."""
        served = config.discord.shards()
        if cls is TutoratBot and len(served.ids) > 1 and not served.all:
            cls = ShardedTutoratBot
        return super().__new__(cls)

    def __init__(
        self, config: Config, clock: Clock | None = None, *, database: str | None = None
    ) -> None:
        point_at(config)
        self.served = config.discord.shards()  # the guilds of this process's shards
        sharding = {}
        if isinstance(self, commands.AutoShardedBot):
            sharding = {"shard_ids": sorted(self.served.ids), "shard_count": self.served.count}
        elif not self.served.all:  # IDENTIFY as one shard of shard_count
            sharding = {"shard_id": min(self.served.ids), "shard_count": self.served.count}
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            tree_cls=TutoratTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=30.0,
            max_messages=None,  # the bot never reads past messages: no message cache
            guild_ready_timeout=config.discord.guild_ready_timeout,
            **sharding,
        )
        self.config = config
        self.clock = clock or RealClock()
        self.virtual = isinstance(self.clock, VirtualClock)
        target = database_target(config.database, os.environ)
        self.db = open_database(
            database or target.url, password=target.password, pool_size=config.database.pool_size
        )
        self.services: SimpleNamespace | None = None
        # the database's outages: the stores tell when they find it away (cogs/outage.py)
        self.outage = Outage(timedelta(minutes=config.database.outage_alert_minutes))
        self.db.on_unavailable = lambda: self.outage.down(self.clock.now())
        self._known_jobs: list[Job] = []  # the jobs last read, for a clock moving in an outage
        self.sender = DiscordSender(self)
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.job_sources: list = [self._cohort_jobs]  # callables returning scheduled jobs
        self.synced = False
        self.web: WebServer | None = None  # the tutors' web view, started in setup_hook
        self.button_templates: list = []
        self.reconciled = asyncio.Event()  # set once the start-up membership pass is done
        self._last_run = self.clock.now()

    async def setup_hook(self) -> None:
        await self.db.open()
        await self.db.migrate()
        self.services = build_services(self.db, self.config)
        await self.tree.set_translator(CatalogueTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.config.discord.sync_commands:
            await self.sync_commands_if_changed()
        self.web = WebServer(
            self.config.web,
            Wiring(
                self.services.desk,
                self.services.desk_pages,
                self.services.desk_actions,
                self.clock,
                DiscordPeople(self),
                self.kick_delivery,
                self.config.web.secure,
            ),
        )
        await self.web.start()
        if not os.environ.get("TUTORAT_WEB_SECRET"):
            log.warning(
                "TUTORAT_WEB_SECRET absent : les sessions du tableau de bord finissent au"
                " redémarrage / the web view's sessions end when the bot restarts"
            )
        await self.reschedule()
        if not self.virtual:
            self.scheduler.start()
        await self.catch_up()
        # What is loaded by now (modules, cogs, services) lives as long as the process: out of
        # the collector's way, so that the full collections a busy gateway triggers only scan
        # new objects (make bench: about a third of the gap to a bare discord.py client).
        gc.collect()
        gc.freeze()

    async def on_error(self, event_method: str, /, *args, **kwargs) -> None:
        """A gateway event met a database outage: a warning, not an error; what it would have
        written is caught up when the database is back (cogs/outage.py)."""
        error = sys.exc_info()[1]
        if isinstance(error, DatabaseUnavailable):
            log.warning("%s waits for the database: %s", event_method, error)
            return
        await super().on_error(event_method, *args, **kwargs)

    async def on_message(self, message: discord.Message) -> None:
        """Slash commands only: messages are for the cogs' listeners. (commands.Bot would parse
        each one for a prefix command, and log an error for "@tutorat hello".)"""

    def add_dynamic_items(self, *items) -> None:
        """Persistent buttons; their templates are kept to answer stale or forged ids."""
        self.button_templates.extend(i.__discord_ui_compiled_template__ for i in items)
        super().add_dynamic_items(*items)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """One shard (or the sandbox): no need to wait the 5 s Discord asks between two
        IDENTIFYs; several shards on the real Discord wait their turn."""
        if isinstance(self, commands.AutoShardedBot) and not self.virtual:
            await super().before_identify_hook(shard_id, initial=initial)

    async def refresh_places(self) -> None:
        cohorts = await self.services.cohorts.active()
        self.services.activity.zones = {c.id: c.zone for c in cohorts}
        self.services.activity.places = await self.services.cohorts.places()
        watch = self.get_cog("Outage")
        if watch is not None:
            watch.remember_rooms(cohorts)

    async def cohorts_changed(self) -> None:
        """A cohort was created or changed: places, zones and schedules follow."""
        await self.refresh_places()
        await self.reschedule()

    # commands -----------------------------------------------------------------------------

    async def sync_commands_if_changed(self) -> bool:
        """Sync the global command set only when it differs from the last one synced."""
        translator = self.tree.translator
        payload = [
            await c.get_translated_payload(self.tree, translator) for c in self.tree.get_commands()
        ]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        if await self.services.meta.get("commands_hash") == digest:
            return False
        await self.tree.sync()
        await self.services.meta.set("commands_hash", digest)
        self.synced = True
        return True

    # time and scheduled work --------------------------------------------------------------

    async def _cohort_jobs(self) -> list[Job]:
        return await all_jobs(self.services, self.clock.now(), self.served)

    async def jobs(self) -> list[Job]:
        found: list[Job] = []
        for source in self.job_sources:
            found.extend(await source())
        self._known_jobs = found
        return found

    async def reschedule(self) -> None:
        """Give APScheduler the current jobs (deterministic ids, coalesced, with a grace)."""
        default = self.config.scheduler.misfire_grace_seconds
        wanted = await self.jobs()
        now = self.clock.now()
        for job in wanted:
            upcoming = job.trigger.get_next_fire_time(None, now)
            if upcoming is None or upcoming < now:  # past date jobs are for catch_up()
                continue
            grace = int(job.grace.total_seconds()) if job.grace else default
            self.scheduler.add_job(
                self._run_job,
                job.trigger,
                args=[job],
                id=job.id,
                replace_existing=True,
                coalesce=True,
                misfire_grace_time=grace,
                max_instances=1,
            )
        ids = {job.id for job in wanted}
        for stale in [j for j in self.scheduler.get_jobs() if j.id not in ids]:
            stale.remove()

    async def _before_jobs(self) -> None:
        """Jobs read the database: write the pending activity counts first."""
        activity = self.get_cog("Activity")
        if activity is not None:
            await activity.flush()

    async def _run_job(self, job: Job) -> None:
        try:
            await self._attempt(job, self.clock.now())
        except Exception:
            log.exception("scheduled job %s failed", job.id)

    async def _attempt(self, job: Job, at) -> None:
        try:
            await self._before_jobs()
            await job.action(at)
        except DatabaseUnavailable:  # run again, at its own time, when the database is back
            self.outage.miss(job, at)
            log.warning("scheduled job %s waits for the database", job.id)

    async def catch_up(self) -> None:
        """At start-up, run each job's latest fire time within the grace: what was missed."""
        default = timedelta(seconds=self.config.scheduler.misfire_grace_seconds)
        now = self.clock.now()
        await self._before_jobs()
        for job in await self.jobs():
            when = last_fire_before(job.trigger, now, job.grace or default)
            if when is not None:
                await job.action(when)
        self._last_run = now

    def kick_delivery(self) -> None:
        """Something was recorded: the outbox worker sends it soon (unless the bot is closing,
        its worker gone: the next start sends it)."""
        delivery = self.get_cog("Delivery")
        if delivery is not None:
            delivery.kick()

    async def advance_to(self, when) -> None:
        """Virtual time: move the clock, running on the way, in time order, every job due and
        every outbox retry due, as the real scheduler and outbox worker would."""
        delivery = self.get_cog("Delivery")
        watch = self.get_cog("Outage")
        while True:
            up = await watch.check(self.clock.now())  # an outage: the database is back?
            if up:
                with contextlib.suppress(DatabaseUnavailable):
                    await self.jobs()
            due = due_between(self._known_jobs, self._last_run, when)
            retry = None
            if up:
                with contextlib.suppress(DatabaseUnavailable):
                    retry = await self.services.outbox.next_attempt()
            if retry is not None and retry <= self.clock.now():
                retry = None  # already due: the flush below takes it
            if due and (retry is None or due[0][0] <= retry):
                at = due[0][0]
                self.clock.set(at)
                for _, job in [pair for pair in due if pair[0] == at]:
                    await self._attempt(job, at)
                self._last_run = at
            elif retry is not None and retry <= when:
                self.clock.set(retry)
                self._last_run = retry
            else:
                break
            await delivery.flush_when_up()
        self.clock.set(when)
        self._last_run = when
        await watch.check(when)
        await delivery.flush_when_up()

    async def close(self) -> None:
        for cog_name in ("Activity", "Delivery"):
            cog = self.get_cog(cog_name)
            if cog is not None:
                await self.remove_cog(cog_name)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.web is not None:
            await self.web.stop()
            await self.services.desk_pages.close()
            await self.services.drawer.close()
        await super().close()
        await self._handlers_done()
        await self.db.close()

    async def _handlers_done(self, timeout: float = 5.0) -> None:
        """Gateway events and commands already being handled finish their writes before the
        database closes (no new ones come once the gateway is closed)."""
        mine = asyncio.current_task()
        running = [
            t
            for t in asyncio.all_tasks()
            if t is not mine
            and not t.done()
            and (t.get_name().startswith("discord.py: ") or t.get_name() == "CommandTree-invoker")
        ]
        if running:
            await asyncio.wait(running, timeout=timeout)


class ShardedTutoratBot(TutoratBot, commands.AutoShardedBot):
    """A set of shards in one process (`[discord] shard_ids = [0, 2]` of `shard_count = 4`)."""


# command line ---------------------------------------------------------------------------

# Why the bot could not start, in one sentence each (French, then English): no traceback.
STARTUP = {
    "token": (
        "Discord refuse le jeton : copiez de nouveau le jeton de l'onglet « Bot » du portail"
        " des développeurs dans DISCORD_TOKEN.\n"
        "Discord refused the token: copy the token from the developer portal's Bot tab into"
        " DISCORD_TOKEN again."
    ),
    "intents": (
        "Discord refuse l'intention « Server Members » : activez-la dans l'onglet « Bot » du"
        " portail des développeurs, puis relancez.\n"
        "Discord refused the Server Members intent: enable it in the developer portal's Bot"
        " tab, then start again."
    ),
    "network": (
        "Impossible de joindre Discord ({where}) : vérifiez la connexion au réseau de cette"
        " machine, puis relancez. ({why})\n"
        "Discord cannot be reached ({where}): check this machine's network connection, then"
        " start again."
    ),
}


def setup_logging(config: Config) -> None:
    logging.basicConfig(
        level=config.logging.level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # discord.py's own INFO lines (log-in, gateway sessions) are for debugging
    logging.getLogger("discord").setLevel(
        max(logging.WARNING, logging.getLevelName(config.logging.level))
    )


async def run(config: Config, token: str) -> None:
    bot = TutoratBot(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    async with bot:
        await bot.start(token)


def sqlite_health(path: str) -> int:
    """The running bot holds the file: open it beside the bot, not as a second bot. A write
    lock taken and given back at once fails, as the bot's writes do, on a file read-only or
    locked by another process; a full disk is read from the file system."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=3.0)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    room = os.statvfs(os.path.dirname(os.path.abspath(path)))
    if room.f_bavail * room.f_frsize < 64 * 1024:
        raise OSError("disque plein / disk full")
    return version


async def health(config: Config, target) -> int:
    """For a container's or a supervisor's probe: the database answers, migrated."""
    try:
        if target.backend == "sqlite":
            version = sqlite_health(target.url)
        else:
            async with open_database(target.url, password=target.password, pool_size=1) as db:
                version = await db.version()
    except Exception as exc:  # any failure is "unhealthy", said in one line
        print(f"base injoignable / database unreachable: {target.shown}: {exc}", file=sys.stderr)
        return 1
    print(f"ok: {target.shown}, migration {version}")
    return 0


async def replay_trace(config: Config, trace: Path, database: str | None) -> int:
    """The trace through the bot's own services, on a fresh database: `database` (an empty
    SQLite file or PostgreSQL database, kept), or a temporary SQLite file."""
    from replay.runner import read, run_trace

    # A replay is a batch that allocates millions of short-lived objects (each scan's
    # histories, the rows it reads), all freed by reference counting. At the collector's
    # default threshold (700) they outlive young collections and make full ones frequent: a
    # third of a 1 644-learner replay went there (make bench).
    gc.set_threshold(*REPLAY_GC)
    # a replay prints each prompt as it is recorded (TRACE.md): tutors' hours hold none back
    anytime = config.notifications.model_copy(
        update={"tutor_quiet_from": time(0), "tutor_quiet_until": time(0), "tutor_days": "mon-sun"}
    )
    config = config.model_copy(update={"notifications": anytime})
    events = read(trace)
    if events is None:
        return 2
    with tempfile.TemporaryDirectory() as folder:
        # alone on its database: SQLite on this thread, not a trip to aiosqlite's each time
        async with open_database(database or Path(folder) / "replay.db", inline=True) as db:
            await db.migrate()
            services = build_services(db, config)
            return await run_trace(config, services, events, sys.stdout, db.transaction)


async def backup_command(command: str, file: Path, target) -> int:
    from db import backup

    try:
        if command == "backup":
            counts = await backup.backup(target.url, target.password, file)
            print(f"sauvegarde / backup {file}: {target.shown}, {backup.summary(counts)}")
        else:
            counts = await backup.restore(file, target.url, target.password)
            print(f"restauré / restored {file} -> {target.shown}: {backup.summary(counts)}, ok")
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description=__doc__.splitlines()[0],
        epilog="Sans commande : lancer le bot. Without a command: run the bot.",
    )
    parser.add_argument(
        "--config", type=Path, default=Path("config.toml"), help="config.toml à utiliser / to use"
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check-config", help="vérifier config.toml et quitter / check config.toml")
    sub.add_parser("health", help="la base répond (sonde) / the database answers (probe)")
    replay = sub.add_parser("replay", help="rejouer une trace de cohorte / replay a cohort trace")
    replay.add_argument("trace", type=Path)
    replay.add_argument("--config", type=Path, default=None, dest="replay_config")
    replay.add_argument(
        "--database", default=None, help="base vide où rejouer (fichier SQLite ou postgresql://)"
    )
    saved = sub.add_parser("backup", help="sauvegarder la base (le bot peut tourner) / back up")
    saved.add_argument("file", type=Path)
    back = sub.add_parser("restore", help="restaurer dans une base vide / restore")
    back.add_argument("file", type=Path)
    move = sub.add_parser(
        "migrate-to", help="copier la base SQLite vers un PostgreSQL vide / move to PostgreSQL"
    )
    move.add_argument("target", help="postgresql://utilisateur@hôte:port/base")
    args = parser.parse_args(argv)
    config_path = getattr(args, "replay_config", None) or args.config
    try:
        config = load_config(config_path)
        target = database_target(config.database, os.environ)
        platform_sources(config, os.environ)
        web_secret(os.environ)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"configuration invalide — {problem}", file=sys.stderr)
        return 2
    setup_logging(config)
    if args.command == "check-config":
        print(f"{config_path}: configuration valide")
        print(f"base de données / database: {target.shown}")
        print(f"serveurs de ce processus / this process serves: {config.discord.shards()}")
        return 0
    if args.command == "health":
        if target.backend == "sqlite" and not Path(target.url).exists():
            print(f"ok: {target.shown} pas encore créée : le bot la crée à son premier démarrage")
            return 0
        return asyncio.run(health(config, target))
    if args.command == "replay":
        return asyncio.run(replay_trace(config, args.trace, args.database))
    if args.command in ("backup", "restore"):
        return asyncio.run(backup_command(args.command, args.file, target))
    if args.command == "migrate-to":
        from db.transfer import migrate_to_command

        return asyncio.run(migrate_to_command(target, args.target, os.environ))
    token = os.environ.get("DISCORD_TOKEN")
    if not token:
        print(
            "DISCORD_TOKEN manquant : exportez le jeton du bot dans l'environnement",
            file=sys.stderr,
        )
        return 2
    try:
        asyncio.run(run(config, token))
    except (DatabaseInUse, MigrationFailed, WebUnavailable) as exc:
        print(exc, file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print(STARTUP["token"], file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print(STARTUP["intents"], file=sys.stderr)
        return 2
    except (aiohttp.ClientConnectionError, OSError) as exc:
        print(STARTUP["network"].format(where=config.discord.api_base, why=exc), file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
