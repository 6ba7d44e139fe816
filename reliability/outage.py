"""The database taken away while a cohort's first week runs on the virtual clock, and given back.

PostgreSQL (a server started for the run): stopped for two virtual minutes across the pair
round, restarted at once, its connections killed with pg_terminate_backend, stopped across a
presence post, stopped while the pulse is being answered. SQLite: the file locked by another
process, the file made read-only (chattr +i: the suite runs as root, whom chmod does not
stop), the disk full (the database on a small loop-mounted disk, filled up). Two shard
processes on one PostgreSQL database: the server stopped under both mid-week (reliability/
shards.py with `outage`), no post twice across them after it.

Figures: outages survived; interactions answered / refused with the sentence / failed (no
answer within 3 s, or an unexpected error: must be 0); activity counts lost or doubled (0);
posts due / sent / sent twice (0) and presence days skipped (none); the tutors told once per
long outage and once when it is over; `bot.py health` saying "database unreachable" during
each outage; real seconds from the database's return to the backlog drained.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from reliability import shards
from reliability.common import (
    answer_pulse,
    bot_posts,
    configure,
    create_cohort,
    duplicates,
    enrol,
    is_ephemeral,
    paris,
    problems,
    reply_text,
    rows,
    stage,
    text_of,
)
from tutorat.models import OutboxStatus
from tutorat.outbox import nonce_for

REFUSED = "base de données est momentanément indisponible"
UNEXPECTED = "erreur inattendue"
ALERT_MINUTES = 1  # the tutors hear of an outage longer than this (virtual minutes)


class Fault:
    """One way of taking the database away, and of giving it back."""

    name = "?"
    lasting = True  # False: over by the time `take` returns (a restart, killed connections)

    async def take(self) -> None: ...
    async def give(self) -> None: ...


class PgStop(Fault):
    name = "postgresql stopped"

    def __init__(self, server) -> None:
        self.server = server

    async def take(self) -> None:
        await asyncio.to_thread(self.server.control, "stop")

    async def give(self) -> None:
        await asyncio.to_thread(self.server.control, "start")


class PgRestart(PgStop):
    name = "postgresql restarted"
    lasting = False

    async def take(self) -> None:
        await asyncio.to_thread(self.server.control, "restart")

    async def give(self) -> None:
        pass


class PgTerminate(PgStop):
    name = "connections killed"
    lasting = False

    def __init__(self, server, url: str) -> None:
        super().__init__(server)
        self.url = url
        self.killed = 0

    async def take(self) -> None:
        self.killed += await self.server.terminate(self.url)

    async def give(self) -> None:
        pass


class SqliteLocked(Fault):
    """Another process holds the file's write lock (a backup tool, a manual sqlite3)."""

    name = "sqlite locked"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.holder: subprocess.Popen | None = None

    async def take(self) -> None:
        code = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()"
        )
        self.holder = await asyncio.to_thread(
            subprocess.Popen,
            [sys.executable, "-c", code, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = await asyncio.to_thread(self.holder.stdout.readline)
        if line.strip() != "held":
            raise RuntimeError("the process meant to lock the SQLite file did not")

    async def give(self) -> None:
        self.holder.stdin.close()
        await asyncio.to_thread(self.holder.wait, 10)


class SqliteReadOnly(Fault):
    """The file and its journal made immutable (chattr +i), then writable again."""

    name = "sqlite read-only"

    def __init__(self, path: Path) -> None:
        self.files = [str(path), f"{path}-wal"]

    async def take(self) -> None:
        await asyncio.to_thread(subprocess.run, ["chattr", "+i", *self.files], check=True)

    async def give(self) -> None:
        await asyncio.to_thread(subprocess.run, ["chattr", "-i", *self.files], check=True)


class SqliteFull(Fault):
    """The database's small disk filled up by another file, then that file removed."""

    name = "sqlite disk full"

    def __init__(self, folder: Path) -> None:
        self.filler = folder / "filler"
        self.path = folder / "tutorat.db"

    async def take(self) -> None:
        # the journal emptied first (as a checkpoint leaves it): the next write needs new room
        conn = sqlite3.connect(self.path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for size in (1 << 20, 1 << 12, 1):  # to the last byte
                with contextlib.suppress(OSError):
                    while os.write(fd, b"\0" * size) == size:
                        pass
        finally:
            os.close(fd)

    async def give(self) -> None:
        self.filler.unlink()


class Tally:
    def __init__(self) -> None:
        self.answered = self.refused = self.failed = 0
        self.slowest = 0.0
        self.failures: list[str] = []

    async def act(self, what: str, action):
        """One interaction: timed, and sorted by its answer."""
        began = time.monotonic()
        try:
            done = await action()
        except TimeoutError:
            self.failed += 1
            self.failures.append(f"{what}: no answer")
            return None
        elapsed = time.monotonic() - began
        self.slowest = max(self.slowest, elapsed)
        said = reply_text(done) if done.responses else ""
        if elapsed > 3.0 or UNEXPECTED in said:
            self.failed += 1
            self.failures.append(f"{what}: {elapsed:.1f} s, {said[:80]}")
        elif REFUSED in said and is_ephemeral(done):
            self.refused += 1
        else:
            self.answered += 1
        return done


async def health_says(config) -> str:
    """What `python bot.py health` prints (its function, run here on the bot's config)."""
    from bot import health
    from tutorat.config import database_target

    target = database_target(config.database, {})
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        await health(config, target)
    return (out.getvalue() + err.getvalue()).strip()


async def run(short: bool = True, database: str | None = None) -> dict:
    """Both backends; `database` is ignored (the PostgreSQL part needs a server of its own, to
    stop and start it)."""
    from sandbox.postgres import PostgresServer

    began = time.monotonic()
    figures = {"postgresql": None, "sqlite": None}
    with PostgresServer() as server:
        url = await server.create_database("outage")
        faults = [
            ("2027-01-12T09:04", PgStop(server), 2),  # across the pair round (09:05)
            ("2027-01-13T11:00", PgRestart(server), 0),
            ("2027-01-14T11:00", PgTerminate(server, url), 0),
            ("2027-01-15T08:59", PgStop(server), 2),  # across the presence post (09:00)
            ("2027-01-15T10:40", PgStop(server), 2),  # while the pulse is answered
        ]
        figures["postgresql"] = await week(url, faults, short)
        two = await shards.run(short, await server.create_database("shards"), outage=server)
    with mounted() as folder:
        path = folder / "tutorat.db"
        faults = [
            ("2027-01-12T09:04", SqliteLocked(path), 2),
            ("2027-01-15T08:59", SqliteReadOnly(path), 2),
            ("2027-01-15T10:40", SqliteFull(folder), 2),
        ]
        figures["sqlite"] = await week(path, faults, short)
    total = {
        key: sum(f[key] for f in figures.values())
        for key in (
            "outages",
            "answered",
            "refused_with_sentence",
            "failed",
            "activity_lost",
            "activity_doubled",
            "posts_due",
            "posts_sent",
            "sent_twice",
        )
    }
    ok = all(f["ok"] for f in figures.values()) and two["ok"]
    return {
        "ok": ok,
        **total,
        "presence_skipped": sum(len(f["presence_skipped"]) for f in figures.values()),
        "two_processes": {
            "posts_due": two["posts_due"],
            "posts_sent": two["posts_sent"],
            "sent_twice": len(two["doubled"]),
            "skipped": two["skipped"],
            "dropped_stale": two["dropped_stale"],
            "pending": len(two["pending"]),
            "clocks_during_outage": two["other_clock_while_dead"],
        },
        "seconds_to_drain_max": max(f["seconds_to_drain_max"] for f in figures.values()),
        "slowest_answer_s": max(f["slowest_answer_s"] for f in figures.values()),
        "by_backend": {
            name: {k: f[k] for k in ("ok", "by_fault", "failures", "still_pending", "problems")}
            for name, f in figures.items()
        },
        "seconds": round(time.monotonic() - began, 1),
    }


@contextlib.contextmanager
def mounted():
    """A 64 MB ext4 file system in a loop file, for the SQLite file: small enough to fill up,
    and one where chattr +i stops writes (tmpfs does not). A clear sentence if it cannot be."""
    folder = Path(tempfile.mkdtemp(prefix="tutorat-disk-"))
    image = folder.with_suffix(".img")
    steps = [
        ["truncate", "-s", "64M", str(image)],
        ["mkfs.ext4", "-q", "-F", "-m", "0", str(image)],
        ["mount", "-o", "loop", str(image), str(folder)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            image.unlink(missing_ok=True)
            folder.rmdir()
            raise RuntimeError(
                "la suite « outage » monte un petit disque (fichier loop, ext4) pour le remplir"
                f" ; {step[0]} a échoué (il faut être root) / could not make a small disk:"
                f" {done.stderr.strip()}"
            )
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
        image.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


async def week(db, faults: list, short: bool) -> dict:
    n_learners = 4 if short else 10
    sections = {"database": {"outage_alert_minutes": ALERT_MINUTES}}
    async with stage(store=db, **sections) as (sandbox, scene, running):
        bot = running.bot
        people = scene.people
        tally = Tally()
        said: dict[int, int] = {}  # learner -> messages written (each one an activity count)
        await configure(scene)
        await create_cohort(scene)
        cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
        await bot.refresh_places()
        ids = [await enrol(scene, bot, cohort, f"apprenant-{n}") for n in range(n_learners)]
        await bot.get_cog("Delivery").flush_now()
        await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
        await bot.advance_to(paris("2027-01-11T09:05"))
        kickoff = next(
            m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)
        )
        late = ids[-1]  # starts during the first outage: refused, then again after it

        async def start(user: int):
            clicked = await tally.act(
                "start", lambda: people.click(user, kickoff, f"tutorat:start:{cohort.id}")
            )
            if clicked is None or not clicked.responses or clicked.responses[0]["type"] != 9:
                return clicked
            return await tally.act(
                "goals",
                lambda: people.submit(
                    user,
                    cohort.channel_id,
                    f"tutorat:goals:{cohort.id}",
                    {"aim": "Réussir", "hours": "5", "obstacles": ""},
                ),
            )

        for user in ids[:-1]:
            await start(user)

        async def chat(stamp: str) -> None:
            for user in ids:
                await people.say(cohort.channel_id, user, f"message {stamp}")
                said[user] = said.get(user, 0) + 1

        answers: dict[int, tuple] = {}

        async def answer(users) -> None:
            posts = [
                m for m in bot_posts(sandbox, cohort.channel_id) if "Questionnaire" in text_of(m)
            ]
            if not posts:
                return
            for user in users:
                values = tuple((user + i) % 7 + 1 for i in range(6))
                first = {f"P{i + 1}": str(values[i]) for i in range(3)}
                second = {f"P{i + 4}": str(values[i + 3]) for i in range(3)}
                done = await tally.act(
                    "pulse",
                    lambda u=user, a=first, b=second: answer_pulse(people, u, posts[-1], a, b),
                )
                if done is not None and "enregistrées" in reply_text(done):
                    answers[user] = values

        newcomer = None
        drains: list[float] = []
        health: list[str] = []
        outages = 0
        told_long = 0
        seen: list[str] = []  # per fault: the outage the bot lived (episodes before -> after)
        for when, fault, minutes in faults:
            episodes = bot.outage.episodes
            at = paris(when)
            if bot.clock.now() < at - timedelta(hours=1):
                await bot.advance_to(at - timedelta(hours=1))
                await chat(when + " avant")
            await bot.advance_to(at)
            await fault.take()
            outages += 1
            if fault.lasting:
                await chat(when + " pendant")  # counted in memory
                if when.startswith("2027-01-12"):
                    await start(late)  # refused: the database is away
                    newcomer = await people.join(scene.guild_id, "arrivee-pendant-la-panne")
                    await people.set_roles(scene.guild_id, newcomer, [cohort.role_id])
                if "10:40" in when:
                    await answer(ids[len(ids) // 2 :])  # refused: asked to retry
                await bot.advance_to(at + timedelta(minutes=minutes))
                health.append(await health_says(bot.config))
                told_long += 1 if minutes >= ALERT_MINUTES else 0
            else:
                await chat(when + " après coupure")
                if when.startswith("2027-01-13"):
                    await start(late)
            await fault.give()
            back = time.monotonic()
            await bot.advance_to(at + timedelta(minutes=minutes + 1))
            waiting = await bot.services.outbox.store.due(bot.clock.now())
            drains.append(round(time.monotonic() - back, 2) if not waiting else -1.0)
            seen.append(f"{fault.name}: {bot.outage.episodes - episodes}")
            if when.startswith("2027-01-12"):
                await start(late)  # again, now that it is back
            if "10:40" in when:
                await answer([u for u in ids if u not in answers])  # the ones refused
            elif when.startswith("2027-01-15T08"):
                await bot.advance_to(paris("2027-01-15T10:30"))
                await answer(ids[: len(ids) // 2])
        await bot.advance_to(paris("2027-01-18T09:00"))  # tutors hear of the weekend on Monday
        await bot.get_cog("Activity").flush()

        # what the database holds, what Discord shows
        stored = dict(
            rows(
                running.db_path,
                "SELECT user_id, SUM(count) FROM activity WHERE kind = 'message' GROUP BY user_id",
            )
        )
        lost = sum(max(0, n - stored.get(u, 0)) for u, n in said.items())
        doubled = sum(max(0, stored.get(u, 0) - n) for u, n in said.items())
        store = bot.services.outbox.store
        items = [i for status in OutboxStatus for i in await store.by_status(status)]
        sent = [i for i in items if i.status is OutboxStatus.SENT]
        pending = [i.key for i in items if i.status is OutboxStatus.PENDING]
        posted = [m for ms in sandbox.world.messages.values() for m in ms]
        twice = duplicates(sandbox)
        for item in sent:
            nonces = {nonce_for(item.key), nonce_for(f"{item.key}:fallback")}
            twice += max(0, len([m for m in posted if m.get("nonce") in nonces]) - 1)
        days = [f"2027-01-{d}" for d in range(11, 16)]
        presence = {d: await store.get(f"cohort:{cohort.id}:presence:{d}") for d in days}
        skipped = [d for d, i in presence.items() if i is None or i.status is not OutboxStatus.SENT]
        pair_round = await bot.services.pairs.store.current_round(cohort.id)
        # the round due at 09:05 during Tuesday's outage: made on its return, that same day
        round_day = None
        if pair_round is not None:
            started = await bot.services.pairs.store.started(pair_round)
            round_day = started.astimezone(paris("2027-01-12T00:00").tzinfo).date().isoformat()
        tutors = [text_of(m) for m in bot_posts(sandbox, cohort.tutors_channel_id)]
        long_said = sum("ne répond plus" in t for t in tutors)
        over_said = sum("répond de nouveau" in t for t in tutors)
        stored_answers = {u: (await bot.services.pulse.mine(cohort.id, u, 1)) for u in answers}
        answers_lost = [
            u for u, v in answers.items() if (s := stored_answers[u]) is None or s.answers != v
        ]
        unreachable = sum("database unreachable" in h for h in health)
        connected = not bot.is_closed() and bot.is_ready()
        # who joined during an outage: enrolled and welcomed once it was back
        newcomer_enrolled = await bot.services.cohorts.learner(cohort.id, newcomer) is not None
        trouble = problems(sandbox, running)
    ok = (
        tally.failed == 0
        and tally.refused > 0
        and lost == doubled == twice == 0
        and not pending
        and not skipped
        and round_day == "2027-01-12"
        and len(answers) == n_learners
        and not answers_lost
        and long_said == over_said == told_long
        and unreachable == len(health)
        and all(d >= 0 for d in drains)
        and connected
        and newcomer_enrolled
        and not trouble
        and bot.outage.episodes >= len(faults) - sum(not f.lasting for _, f, _ in faults)
    )
    return {
        "ok": ok,
        "outages": outages,
        "episodes_seen": bot.outage.episodes,
        "by_fault": seen,
        "answered": tally.answered,
        "refused_with_sentence": tally.refused,
        "failed": tally.failed,
        "failures": tally.failures[:5],
        "slowest_answer_s": round(tally.slowest, 2),
        "activity_counted": sum(said.values()),
        "activity_lost": lost,
        "activity_doubled": doubled,
        "posts_due": len(items),
        "posts_sent": len(sent),
        "sent_twice": twice,
        "still_pending": pending[:5],
        "presence_skipped": skipped,
        "pair_round_made_on": round_day,
        "joined_during_outage_enrolled": newcomer_enrolled,
        "pulse_answers": len(answers),
        "pulse_answers_lost": len(answers_lost),
        "tutors_told_long": long_said,
        "tutors_told_over": over_said,
        "health_unreachable": f"{unreachable}/{len(health)}",
        "seconds_to_drain": drains,
        "seconds_to_drain_max": max(drains, default=0.0),
        "problems": trouble[:5],
    }


if __name__ == "__main__":  # python -m reliability.outage
    import json

    print(json.dumps(asyncio.run(run(short="--short" in sys.argv)), ensure_ascii=False))
    os._exit(0)
