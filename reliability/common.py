"""What the suites share: a sandbox with a bot on a throw-away database, and a cohort's steps."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import sqlite3
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from db.database import is_postgres
from db.postgres import PostgresDatabase
from sandbox.harness import START, Running, Scene
from sandbox.people import Mention
from sandbox.server import Sandbox
from tutorat.clock import VirtualClock

PARIS = ZoneInfo("Europe/Paris")
MESSAGES = "/channels/{channel_id}/messages"
EPHEMERAL = 1 << 6
KICKOFF = "2027-01-11 09:00"  # a Monday; the clock starts on 2027-01-04 08:00 Paris


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@contextlib.asynccontextmanager
async def stage(servers: int = 1, store: str | Path | None = None, **sections):
    """A started sandbox, its first server (a Scene) and the bot running on a fresh database.
    Yields (sandbox, scene, running); the caller reads running.errors and sandbox.violations.
    With servers > 1, running.scenes holds them all (built before the bot connects).
    `store`: a SQLite file or PostgreSQL URL to use instead of a throw-away file."""
    logging.getLogger("discord").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="tutorat-rel-") as tmp:
        sandbox = Sandbox()
        await sandbox.start()
        scenes = [Scene.build(sandbox) for _ in range(servers)]
        scene = scenes[0]
        db = store or Path(tmp) / "tutorat.db"
        running = Running(sandbox, db, VirtualClock(START), **sections)
        running.scenes = scenes
        try:
            await running.start()
            yield sandbox, scene, running
        finally:
            await running.stop()
            running.detach()
            await sandbox.stop()


async def configure(scene, coordination_role: int | None = None) -> None:
    options = {"role_tuteur": Mention("role", scene.tutor_role_id)}
    if coordination_role is not None:
        options["role_coordination"] = Mention("role", coordination_role)
    await scene.people.command(scene.owner_id, scene.help_channel_id, "configurer", options=options)


async def create_cohort(scene, name: str = "Janvier 2027", ends: str = "2027-03-26"):
    options = {"nom": name, "demarrage": KICKOFF, "fuseau": "Europe/Paris", "fin": ends}
    return await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "creer", options=options
    )


def body_of(interaction) -> dict:
    first = interaction.responses[0]
    if first["type"] == 5:
        return interaction.original or {}
    return first.get("data") or {}


def reply_text(interaction) -> str:
    body = body_of(interaction)
    embeds = " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "")
        for e in body.get("embeds") or []
    )
    return ((body.get("content") or "") + " " + embeds).strip()


def is_ephemeral(interaction) -> bool:
    return bool((body_of(interaction).get("flags") or 0) & EPHEMERAL)


def text_of(message: dict) -> str:
    embeds = " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "")
        for e in message.get("embeds") or []
    )
    said = (message.get("content") or "") + " " + embeds
    return said.replace("\u202f", " ").replace("\u00a0", " ")  # French no-break spaces


def bot_posts(sandbox, channel_id: int) -> list[dict]:
    return [m for m in sandbox.messages_in(channel_id) if m["author"].get("bot")]


def all_bot_messages(sandbox) -> list[dict]:
    return [
        m
        for messages in sandbox.world.messages.values()
        for m in messages
        if m["author"].get("bot")
    ]


def duplicates(sandbox) -> int:
    """Bot messages posted more than once: the same nonce twice in a channel."""
    seen = Counter(
        (m["channel_id"], m["nonce"]) for m in all_bot_messages(sandbox) if m.get("nonce")
    )
    return sum(n - 1 for n in seen.values() if n > 1)


async def wait_learner(bot, cohort_id: int, user_id: int, timeout: float = 5.0) -> None:
    from sandbox.harness import enrolment_done

    await enrolment_done(bot, cohort_id, user_id, timeout)


async def enrol(scene, bot, cohort, name: str) -> int:
    """A learner joins the server and gets the cohort's role (the bot enrols them)."""
    user_id = await scene.people.join(scene.guild_id, name)
    await scene.people.set_roles(scene.guild_id, user_id, [cohort.role_id])
    await wait_learner(bot, cohort.id, user_id)
    return user_id


async def answer_pulse(people, user: int, post: dict, first: dict, second: dict):
    """Click « Répondre », fill in step 1, click « Suite », fill in step 2: the last answer."""
    button = post["components"][0]["components"][0]["custom_id"]
    opened = await people.click(user, post, button)
    step1 = opened.responses[0]
    if step1["type"] != 9:  # refused (closed week, not a learner): the sentence
        return opened
    channel = int(post["channel_id"])
    done1 = await people.submit(user, channel, step1["data"]["custom_id"], first)
    suite = done1.original
    if not suite or not suite.get("components"):
        return done1
    opened2 = await people.click(user, suite, suite["components"][0]["components"][0]["custom_id"])
    step2 = opened2.responses[0]
    return await people.submit(user, channel, step2["data"]["custom_id"], second)


def integrity(db_path: Path | str) -> str:
    """SQLite's integrity_check; on PostgreSQL (a killed client cannot tear the server's
    files), "ok" when the server answers and the tables read whole."""
    if is_postgres(str(db_path)):
        rows(db_path, "SELECT COUNT(*) FROM outbox")
        return "ok"
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def rows(db_path: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """One query from outside the bot, on its SQLite file or its PostgreSQL database."""
    if is_postgres(str(db_path)):
        return _pg_rows(str(db_path), sql, params)
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _pg_rows(url: str, sql: str, params: tuple) -> list[tuple]:
    async def query() -> list[tuple]:
        async with PostgresDatabase(url, pool_size=1) as db:
            return [tuple(r) for r in await db.fetchall(sql, params)]

    # a short synchronous look, as sqlite3 gives: its own loop, in a thread
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, query()).result()


def problems(sandbox, running) -> list[str]:
    """Spec violations and errors the bot logged: each one fails a suite."""
    return list(sandbox.violations) + running.errors.lines()


def plausible(option: dict, cohort, user: int):
    """A sensible value for a command option of that type, naming this cohort's places."""
    if option.get("choices"):
        return option["choices"][0]["value"]
    return {
        3: "Janvier 2027",
        4: 1,
        5: True,
        6: Mention("user", user),
        7: Mention("channel", cohort.channel_id),
        8: Mention("role", cohort.role_id),
        10: 1.0,
    }.get(option["type"], "x")
