"""The bot killed with SIGKILL at random moments of a busy virtual week, then started again
on the same database (the bot in a child process, the sandbox here).

After every life: the database passes PRAGMA integrity_check. At the end: no post sent twice
(one message per outbox key, no nonce twice, one private space per pair), no due post
skipped (every presence day, the pulse and its reminder, the kick-off; nothing left pending),
no acknowledged pulse answer lost.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from db.outbox import LEASE
from reliability.common import (
    PARIS,
    bot_posts,
    configure,
    create_cohort,
    duplicates,
    integrity,
    rows,
    text_of,
)
from sandbox.harness import START, Scene
from sandbox.server import Sandbox
from tutorat.outbox import nonce_for

ROOT = Path(__file__).resolve().parent.parent
WEEK_FROM = datetime(2027, 1, 10, 20, 0, tzinfo=PARIS)  # the evening before the kick-off
# past the pulse of week 1 (closed at midnight), to Monday morning: the tutors hear of the
# cases the weekend held back (their working days)
WEEK_TO = datetime(2027, 1, 18, 8, 30, tzinfo=PARIS)
STEP_MINUTES = 30
SLOW_STARTS = 0  # lives not ready within the timeout (killed and started again)
LIVES: list[Life] = []  # every child started, to kill whatever still runs on the way out
LOG = Path(tempfile.gettempdir()) / "tutorat-crash-children.log"  # the children's stderr


class Life:
    """One child process running the bot."""

    def __init__(
        self,
        sandbox: Sandbox,
        db: Path | str,
        until: datetime,
        step: float,
        pace: float,
        shard: str = "",
    ) -> None:
        self.args = [
            sys.executable,
            "-m",
            "reliability.crash_driver",
            sandbox.api_base,
            sandbox.gateway_url,
            str(db),
            until.isoformat(),
            str(step),
            str(pace),
            *([shard] if shard else []),
        ]
        self.proc: asyncio.subprocess.Process | None = None
        LIVES.append(self)
        self.log = LOG.open("ab")
        self.ready = asyncio.Event()
        self.done = asyncio.Event()
        self.at: str | None = None
        self.guilds: dict = {}  # at the end: the guilds it sent for and scheduled jobs of
        self._reader: asyncio.Task | None = None

    async def start(self, timeout: float = 30) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            *self.args,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=self.log,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._reader = asyncio.create_task(self._read())
        try:
            async with asyncio.timeout(timeout):
                while not self.ready.is_set():
                    if self.proc.returncode is not None:
                        raise RuntimeError("the bot's process ended before it was ready")
                    await asyncio.sleep(0.02)
        except TimeoutError:  # seen once under load: counted, killed, started again
            global SLOW_STARTS
            SLOW_STARTS += 1
            await self.kill()
            if SLOW_STARTS > 3:
                raise
            self.ready.clear()
            self.log = LOG.open("ab")
            await self.start(timeout)

    async def _read(self) -> None:
        assert self.proc and self.proc.stdout
        async for raw in self.proc.stdout:
            line = raw.decode().strip()
            if line.startswith("ready"):
                self.ready.set()
            elif line.startswith("at "):
                self.at = line[3:]
            elif line.startswith("guilds "):
                self.guilds = json.loads(line[7:])
            elif line == "done":
                self.done.set()

    async def kill(self) -> None:
        assert self.proc
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()
        if self._reader:
            await self._reader
        self.log.close()

    async def finish(self, timeout: float) -> None:
        async with asyncio.timeout(timeout):
            await self.done.wait()
            await self.proc.wait()
        self.log.close()


async def interact(people, call, timeout: float = 1.5):
    """An interaction that may meet a dead bot: None when it gets no answer."""
    interaction = await call
    try:
        await people.answered(interaction, timeout)
    except TimeoutError:
        return None
    return interaction


async def answer_once(sandbox, people, user: int, post: dict, values: tuple) -> bool:
    """The pulse in two steps; True only when the bot said the answers are saved."""
    button = post["components"][0]["components"][0]["custom_id"]
    channel = int(post["channel_id"])
    opened = await interact(people, people.click(user, post, button, wait=False))
    if opened is None or opened.responses[0]["type"] != 9:
        return False
    first = {f"P{i + 1}": str(values[i]) for i in range(3)}
    form = opened.responses[0]["data"]["custom_id"]
    done1 = await interact(people, people.submit(user, channel, form, first, wait=False))
    if done1 is None or not (done1.original or {}).get("components"):
        return False
    suite = done1.original
    suite_id = suite["components"][0]["components"][0]["custom_id"]
    opened2 = await interact(people, people.click(user, suite, suite_id, wait=False))
    if opened2 is None or opened2.responses[0]["type"] != 9:
        return False
    second = {f"P{i + 4}": str(values[i + 3]) for i in range(3)}
    form2 = opened2.responses[0]["data"]["custom_id"]
    saved = await interact(people, people.submit(user, channel, form2, second, wait=False))
    if saved is None:
        return False
    body = saved.original if saved.responses[0]["type"] == 5 else saved.responses[0]["data"]
    return "enregistrées" in ((body or {}).get("content") or "")


async def members(sandbox, scene, cohort_channel: int, learners: list[int], acked: dict, rng):
    """While the bot lives: learners write, and answer the week's pulse once it is out."""
    people = scene.people
    while True:
        user = rng.choice(learners)
        await people.say(cohort_channel, user, f"message de {user}")
        pulse = [m for m in bot_posts(sandbox, cohort_channel) if "Questionnaire" in text_of(m)]
        if pulse:
            waiting = [u for u in learners if u not in acked]
            if waiting:
                who = rng.choice(waiting)
                values = tuple(rng.randint(1, 7) for _ in range(6))
                if await answer_once(sandbox, people, who, pulse[-1], values):
                    acked[who] = values
        await asyncio.sleep(0.05)


async def run(short: bool, database: str | None = None) -> dict:
    """database: an empty PostgreSQL database's URL; by default a new SQLite file."""
    global LOG
    kills = 5 if short else 50
    n_learners = 4 if short else 8
    rng = random.Random(42)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tutorat-crash-") as tmp:
        db = database or Path(tmp) / "tutorat.db"
        LOG = Path(tmp) / "bot.log"
        sandbox = Sandbox()
        await sandbox.start()
        scene = Scene.build(sandbox)
        try:
            figures = await _run(sandbox, scene, db, kills, n_learners, rng)
        finally:
            for life in LIVES:
                if life.proc is not None and life.proc.returncode is None:
                    life.proc.kill()
                    await life.proc.wait()
            LIVES.clear()
            await sandbox.stop()
            if LOG.exists():  # the children's stderr, kept to read
                shutil.copy(LOG, Path(tempfile.gettempdir()) / "tutorat-crash.log")
    figures["seconds"] = round(time.monotonic() - began, 1)
    return figures


async def _run(sandbox, scene, db: Path | str, kills: int, n_learners: int, rng) -> dict:
    people = scene.people
    # set-up life: the tutor creates the cohort, learners get its role
    setup = Life(sandbox, db, START, 0, 0)
    await setup.start()
    await configure(scene)
    await create_cohort(scene)
    [(cohort_id, role_id, channel_id)] = rows(
        db, "SELECT id, role_id, channel_id FROM cohorts WHERE guild_id = ?", (scene.guild_id,)
    )
    learners = []
    for n in range(n_learners):
        user = await people.join(scene.guild_id, f"apprenant-{n}")
        await people.set_roles(scene.guild_id, user, [role_id])
        learners.append(user)
    async with asyncio.timeout(10):
        enrolled = "SELECT 1 FROM learners WHERE cohort_id = ?"
        while len(rows(db, enrolled, (cohort_id,))) < len(learners):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    await people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "binome",
        "inscrire-cohorte",
        options={"cohorte": "Janvier 2027"},
    )
    await asyncio.sleep(0.3)  # the welcome DMs go out
    await setup.kill()  # idle: not counted
    # to the evening before the kick-off, quickly and without a kill
    warmup = Life(sandbox, db, WEEK_FROM, 6 * 60, 0)
    await warmup.start()
    await warmup.finish(60)
    # the busy week, killed at random moments
    steps = (WEEK_TO - WEEK_FROM) / timedelta(minutes=STEP_MINUTES)
    life_range = (0.4, 2.4)
    pace = kills * (sum(life_range) / 2) * 0.6 / steps
    acked: dict[int, tuple] = {}
    corrupt, reached, killed = 0, [], 0
    for _ in range(kills):
        life = Life(sandbox, db, WEEK_TO, STEP_MINUTES, pace)
        await life.start()
        acting = asyncio.create_task(
            members(sandbox, scene, channel_id, learners, acked, rng), name="members"
        )
        await asyncio.sleep(rng.uniform(*life_range))
        await life.kill()
        killed += 1
        acting.cancel()
        await asyncio.gather(acting, return_exceptions=True)
        reached.append(life.at)
        if integrity(db) != "ok":
            corrupt += 1
    # the last life runs past the lease of an item a killed life had claimed at the very end
    # (the digest of Monday 08:30): by design it waits for the lease before it goes again
    last = Life(sandbox, db, WEEK_TO + LEASE + timedelta(minutes=1), STEP_MINUTES, 0)
    await last.start()
    await last.finish(120)

    # what happened
    outbox = rows(db, "SELECT key, status, message_id, last_error FROM outbox")
    by_status = Counter(status for _, status, _, _ in outbox)
    posted = {m["id"]: m for messages in sandbox.world.messages.values() for m in messages}
    twice = duplicates(sandbox)
    missing = []
    for key, status, message_id, _ in outbox:
        if status != "sent":
            continue
        if str(message_id) not in posted:
            missing.append(key)
        nonces = {nonce_for(key), nonce_for(f"{key}:fallback")}
        twice += max(0, sum(1 for m in posted.values() if m.get("nonce") in nonces) - 1)
    pair_categories = {
        c["id"]
        for c in sandbox.world.channels.values()
        if c.get("type") == 4 and str(c.get("name", "")).startswith("Binômes")
    }
    spaces = [c for c in sandbox.world.channels.values() if c.get("parent_id") in pair_categories]
    pairs = rows(db, "SELECT COUNT(*) FROM pairs")[0][0]
    if len(spaces) != pairs:  # a space opened twice, or a pair without its space
        twice += abs(len(spaces) - pairs)
    categories = Counter(c["name"] for c in sandbox.world.channels.values() if c.get("type") == 4)
    twice += sum(n - 1 for n in categories.values() if n > 1)
    keys = {key: status for key, status, _, _ in outbox}
    days = [date(2027, 1, 11) + timedelta(days=d) for d in range(5)]
    expected = [f"cohort:{cohort_id}:presence:{d.isoformat()}" for d in days]
    expected += [f"cohort:{cohort_id}:pulse:1", f"cohort:{cohort_id}:pulse-reminder:1"]
    expected += [f"cohort:{cohort_id}:kickoff:2027-01-11"]
    expected += [f"cohort:{cohort_id}:welcome:{u}" for u in learners]
    skipped = [k for k in expected if keys.get(k) != "sent"]
    skipped += [k for k, s in keys.items() if s == "pending"]
    stored = {
        user: tuple(values)
        for user, *values in rows(
            db,
            "SELECT user_id, p1, p2, p3, p4, p5, p6 FROM pulse_answers WHERE week = 1"
            " AND cohort_id = ?",
            (cohort_id,),
        )
    }
    lost = [u for u, values in acked.items() if stored.get(u) != values]
    ok = (
        killed == kills
        and corrupt == 0
        and integrity(db) == "ok"
        and twice == 0
        and not missing
        and not skipped
        and not lost
        and len(acked) > 0
        and not sandbox.violations
    )
    return {
        "ok": ok,
        "kills": killed,
        "integrity_failures": corrupt,
        "slow_starts": SLOW_STARTS,
        "clock_at_kills": sorted({r[:16] for r in reached if r})[:3] + ["..."],
        "posts_due": len(outbox),
        "posts_sent": by_status.get("sent", 0),
        "failed": by_status.get("failed", 0),
        "duplicates": twice,
        "skipped": skipped[:5],
        "missing": len(missing),
        "pair_spaces": len(spaces),
        "pairs": pairs,
        "answers_acknowledged": len(acked),
        "answers_lost": len(lost),
        "violations": sandbox.violations[:3],
    }
