"""Discord requests per cohort per day, outside pair spaces and tutor prompts, for cohorts of
20, 200 and 2 000 learners: the cohort made with /cohorte creer by the real bot on the sandbox,
its learners enrolled and started (the cheap path of tests/test_pulse.py), then two virtual
weeks from the kick-off, day by day. Pair spaces (one per pair) and the prompts to tutors (in
their DMs) grow with the learners by design; everything else should not, the tutors' channel
included (its weekly digest is one post per cohort)."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sandbox.harness import START, Running, Scene
from sandbox.people import Mention
from sandbox.server import Sandbox
from tutorat.clock import VirtualClock

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = datetime(2027, 1, 11, tzinfo=PARIS)  # the kick-off's Monday
DAYS = 14


async def create_cohort(scene: Scene, bot, name: str = "Janvier 2027"):
    people = scene.people
    await people.command(
        scene.owner_id,
        scene.help_channel_id,
        "configurer",
        options={"role_tuteur": Mention("role", scene.tutor_role_id)},
    )
    await people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "creer",
        options={
            "nom": name,
            "demarrage": "2027-01-11 09:00",
            "fuseau": "Europe/Paris",
            "fin": "2027-03-26",
        },
    )
    return await bot.services.cohorts.cohorts.by_name(scene.guild_id, name)


async def pair_spaces(bot) -> set[int]:
    rows = await bot.db.fetchall(
        "SELECT channel_id FROM places WHERE place = 'pair'"
        " UNION SELECT space_id FROM pairs WHERE space_id IS NOT NULL"
    )
    return {row[0] for row in rows}


def kind_of(sandbox: Sandbox, record, spaces: set[int], tutors: set[int], tutor_rooms) -> str:
    """What a request is for: a pair space, a tutor prompt, or the cohort's own life."""
    world = sandbox.world
    channel = int(record.params.get("channel_id") or 0)
    if channel in spaces or int(world.channels.get(channel, {}).get("parent_id") or 0) in spaces:
        return "pair_space"
    if channel in tutor_rooms:
        return "tutors_channel"  # the weekly digest, reports: counted, one per cohort
    recipients = world.channels.get(channel, {}).get("recipients") or []
    if recipients:
        return "tutor_prompt" if int(recipients[0]["id"]) in tutors else "learner_dm"
    if record.route == "/users/@me/channels":
        recipient = int((record.body or {}).get("recipient_id") or 0)
        return "tutor_prompt" if recipient in tutors else "learner_dm"
    return "cohort"


async def measure(size: int, folder: Path, days: int = DAYS) -> dict:
    sandbox = Sandbox()
    await sandbox.start()
    try:
        scene = Scene.build(sandbox)
        running = Running(sandbox, folder / f"cohort-{size}.db", VirtualClock(START))
        bot = await running.start()
        cohort = await create_cohort(scene, bot)
        now = bot.clock.now()
        for n in range(size):  # enrolled and started: no personal welcome is due
            user_id = 10_000_000 + n
            await bot.services.cohorts.join(cohort.id, user_id, now)
            await bot.services.cohorts.start(cohort.id, user_id, now)
        await bot.advance_to(FIRST_DAY)
        tutors = {scene.tutor_id, scene.owner_id}
        per_day, kinds, routes = [], Counter(), Counter()
        for day in range(days):
            before = len(sandbox.requests)
            await bot.advance_to(FIRST_DAY + timedelta(days=day + 1))
            spaces = await pair_spaces(bot)
            rooms = {c for c in (getattr(cohort, "tutors_channel_id", None),) if c}
            counted = 0
            for record in sandbox.requests[before:]:
                kind = kind_of(sandbox, record, spaces, tutors, rooms)
                kinds[kind] += 1
                if kind not in ("pair_space", "tutor_prompt"):
                    counted += 1
                    routes[f"{record.method} {record.route}"] += 1
            per_day.append(counted)
        errors = running.errors.lines()
        await running.stop()
        running.detach()
    finally:
        await sandbox.stop()
    return {
        "learners": size,
        "requests_per_day": per_day,
        "total": sum(per_day),
        "max_per_day": max(per_day),
        "by_kind": dict(kinds),
        "routes": dict(routes),
        "violations": len(sandbox.violations),
        "errors": errors,
    }


async def run(sizes=(20, 200, 2000), days: int = DAYS) -> dict:
    with tempfile.TemporaryDirectory() as name:
        results = [await measure(n, Path(name), days) for n in sizes]
    return {
        "days": days,
        "sizes": results,
        "same_every_size": len({tuple(r["requests_per_day"]) for r in results}) == 1,
        "ratio": round(results[-1]["total"] / max(1, results[0]["total"]), 2),
    }
