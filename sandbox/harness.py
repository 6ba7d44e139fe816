"""Running the real bot (bot.py) against the sandbox: shared by the tests and the demo."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot import TutoratBot
from sandbox.people import People
from sandbox.server import Sandbox
from tutorat.clock import VirtualClock
from tutorat.config import Config
from tutorat.shards import Shards

START = datetime.fromisoformat("2027-01-04T08:00:00+01:00")


def config_for(sandbox: Sandbox, db_path: Path | str, **sections: dict) -> Config:
    """db_path: a SQLite file, or a postgresql:// URL."""
    raw = {
        "discord": {
            "api_base": sandbox.api_base,
            "gateway": sandbox.gateway_url,
            "guild_ready_timeout": 0.2,
        },
        "database": {"url": str(db_path)},
        "logging": {"level": "INFO"},
        # tests flush the outbox and the counts themselves, at chosen moments
        "outbox": {"flush_seconds": 3600},
        "activity": {"flush_seconds": 3600},
        "web": {"port": 0},  # the web view on any free port
    }
    for name, values in sections.items():
        raw.setdefault(name, {}).update(values)
    return Config.model_validate(raw)


@dataclass
class Scene:
    """One server with a tutor, a coordinator, a cohort channel and a help channel."""

    sandbox: Sandbox
    people: People
    guild_id: int
    owner_id: int
    tutor_id: int
    tutor_role_id: int
    cohort_channel_id: int
    help_channel_id: int

    @classmethod
    def build(cls, sandbox: Sandbox) -> Scene:
        world = sandbox.world
        owner = world.add_user("coordinatrice")
        guild = world.add_guild("Formation à distance", int(owner["id"]))
        tutor_role = world.add_role(guild.id, "Tuteurs")
        tutor = world.add_user("tuteur-camille")
        world.add_member(guild.id, int(tutor["id"]), [int(tutor_role["id"])])
        cohort = world.add_channel(guild.id, {"name": "cohorte-janvier", "type": 0})
        help_channel = world.add_channel(guild.id, {"name": "entraide", "type": 0})
        return cls(
            sandbox,
            People(sandbox),
            guild.id,
            int(owner["id"]),
            int(tutor["id"]),
            int(tutor_role["id"]),
            int(cohort["id"]),
            int(help_channel["id"]),
        )


def scenes_on_shards(sandbox: Sandbox, count: int) -> list[Scene]:
    """One server per shard of `count`, in shard order (ids are time-based snowflakes: servers
    are built until each shard has one)."""
    by_shard: dict[int, Scene] = {}
    while len(by_shard) < count:
        scene = Scene.build(sandbox)
        by_shard.setdefault(Shards(count).of(scene.guild_id), scene)
        time.sleep(0.001)  # a new millisecond, a new snowflake
    return [by_shard[n] for n in range(count)]


class ErrorLog(logging.Handler):
    """Keeps every error the bot logs, so a test fails on a swallowed exception."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("sandbox"):
            self.records.append(record)

    def lines(self) -> list[str]:
        return [
            f"{r.name}: {r.getMessage()} {r.exc_info[1]!r}"
            if r.exc_info
            else f"{r.name}: {r.getMessage()}"
            for r in self.records
        ]


class Running:
    """A bot started against the sandbox; restartable on the same database and clock."""

    def __init__(
        self, sandbox: Sandbox, db_path: Path | str, clock: VirtualClock, **sections
    ) -> None:
        self.sandbox, self.db_path, self.clock, self.sections = sandbox, db_path, clock, sections
        self.bot: TutoratBot | None = None
        self._task: asyncio.Task | None = None
        self.errors = ErrorLog()
        logging.getLogger().addHandler(self.errors)

    async def start(self) -> TutoratBot:
        config = config_for(self.sandbox, self.db_path, **self.sections)
        # the store named here, whatever DATABASE_URL the environment may hold
        self.bot = TutoratBot(config, self.clock, database=str(self.db_path))
        self._task = asyncio.create_task(self.bot.start(self.sandbox.token))
        ready = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._task}, timeout=15, return_when=asyncio.FIRST_COMPLETED
        )
        if self._task in done:
            ready.cancel()
            self._task.result()  # raises the start-up error
        if ready not in done:
            raise TimeoutError("the bot did not become ready")
        # the start-up membership pass runs once ready: what follows does not race it
        await asyncio.wait_for(self.bot.reconciled.wait(), timeout=15)
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self.bot = None

    def detach(self) -> None:
        logging.getLogger().removeHandler(self.errors)

    async def restart(self) -> TutoratBot:
        await self.stop()
        return await self.start()


async def enrolment_done(bot, cohort_id: int, user_id: int, timeout: float = 5.0) -> None:
    """Wait until the bot has enrolled a learner to the last step: welcome recorded, learner
    recorded, tutor given when the cohort has tutors (the learner's row alone came before
    the tutor and raced assertions under load)."""
    services = bot.services
    async with asyncio.timeout(timeout):
        while not await is_enrolled(services, cohort_id, user_id):  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def is_enrolled(services, cohort_id: int, user_id: int) -> bool:
    if await services.cohorts.learner(cohort_id, user_id) is None:
        return False
    if await services.assignments.tutor_of(cohort_id, user_id) is not None:
        return True
    return not await services.assignments.loads(cohort_id)  # no tutor to give
