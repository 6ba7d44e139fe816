"""Isolation: a learner cannot read another pair's space, the tutors' channel (nor its case
threads), another learner's data, nor run a tutor command; no message content is stored.

Read on the sandbox's permission model (Discord's arithmetic: roles, then overwrites), on
the synced commands' default_member_permissions, and on the bot's own check (answering
ephemerally when a learner forges a tutor command); then every table and column of the
SQLite file is scanned for the texts members typed.
"""

from __future__ import annotations

import sqlite3
import uuid

from reliability.common import (
    bot_posts,
    configure,
    create_cohort,
    enrol,
    is_ephemeral,
    paris,
    plausible,
    problems,
    reply_text,
    stage,
    text_of,
)
from reliability.fuzz import COMMANDS, leaves
from sandbox.permissions import permissions_for
from sandbox.state import VIEW_CHANNEL
from tutorat.texts import text

REFUSALS = ("réservée à l'équipe tutorale", "Cette commande est réservée")


def scan(db_path, needles: list[str]) -> list[str]:
    """Where any of the texts appears in the database: table.column of each hit."""
    conn = sqlite3.connect(db_path)
    hits = []
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for row in conn.execute(f"SELECT * FROM {table}"):
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    if isinstance(value, str) and any(n in value for n in needles):
                        hits.append(f"{table}.{column}")
    finally:
        conn.close()
    return sorted(set(hits))


async def run(short: bool) -> dict:
    count = 4 if short else 8
    async with stage() as (sandbox, scene, running):
        bot, people, world = running.bot, scene.people, sandbox.world
        await configure(scene)
        await create_cohort(scene)
        cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
        learners = [await enrol(scene, bot, cohort, f"apprenant-{n}") for n in range(count)]
        await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
        await bot.advance_to(paris("2027-01-11T09:05"))
        kickoff = next(
            m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)
        )
        aims = {}
        for user in learners:
            await people.click(user, kickoff, f"tutorat:start:{cohort.id}")
            aims[user] = f"Objectif-{user}"
            await people.submit(
                user,
                cohort.channel_id,
                f"tutorat:goals:{cohort.id}",
                {"aim": aims[user], "hours": "5", "obstacles": ""},
            )
        await bot.advance_to(paris("2027-01-12T10:00"))  # the pairs' spaces are open
        typed = []
        categories = {
            c["id"]
            for c in world.channels.values()
            if c.get("type") == 4 and str(c.get("name", "")).startswith("Binômes")
        }
        spaces = [int(c["id"]) for c in world.channels.values() if c.get("parent_id") in categories]
        for n, user in enumerate(learners):  # they write everywhere they may
            for channel in [cohort.channel_id, scene.help_channel_id, *spaces]:
                if permissions_for(world, scene.guild_id, user, channel) & VIEW_CHANNEL:
                    words = f"Texte-{n}-{uuid.uuid4().hex[:12]} ma vie privée"
                    typed.append(words)
                    await people.say(channel, user, words)
        # a quiet learner: a case thread for the tutors (DMs closed: thread in their channel)
        sandbox.dms_closed.add(scene.tutor_id)
        await bot.advance_to(paris("2027-01-21T09:00"))
        threads = [
            int(c["id"])
            for c in world.channels.values()
            if c.get("type") in (11, 12) and c.get("parent_id") == str(cohort.tutors_channel_id)
        ]

        def sees(user: int, channel: int) -> bool:
            return bool(permissions_for(world, scene.guild_id, user, channel) & VIEW_CHANNEL)

        leaks = []
        for user in learners:
            mine = [s for s in spaces if sees(user, s)]
            if len(mine) != 1:
                leaks.append(f"{user} sees {len(mine)} pair spaces")
            for channel in [cohort.tutors_channel_id, *threads]:
                if sees(user, channel):
                    leaks.append(f"{user} sees tutors' channel {channel}")
        if not sees(scene.tutor_id, cohort.tutors_channel_id):
            leaks.append("the tutor does not see the tutors' channel")

        # tutor commands: hidden by default permissions, refused by the bot when forged
        synced = sandbox.requests_to("PUT", COMMANDS)[-1].body
        base = permissions_for(world, scene.guild_id, learners[0], None)
        tutor_commands = [c for c in synced if c.get("default_member_permissions") is not None]
        shown = [
            c["name"]
            for c in tutor_commands
            if int(c["default_member_permissions"]) & base == int(c["default_member_permissions"])
        ]
        refused, let_through = 0, []
        # tutor subcommands inside commands learners use (/binome etat, inscrire-cohorte)
        mixed = [
            c
            for c in synced
            if c.get("default_member_permissions") is None
            and any("(tuteurs)" in (o.get("description") or "") for o in c.get("options") or [])
        ]
        for command in tutor_commands + mixed:
            for path, options in leaves(command):
                if command in mixed and not any(
                    o["name"] == path[-1] and "(tuteurs)" in o.get("description", "")
                    for o in command.get("options") or []
                ):
                    continue
                values = {
                    o["name"]: plausible(o, cohort, learners[1])
                    for o in options
                    if o.get("required")
                }
                answer = await people.command(
                    learners[0], cohort.channel_id, path[0], *path[1:], options=values
                )
                said = reply_text(answer)
                if is_ephemeral(answer) and any(
                    r in said
                    for r in REFUSALS
                    + (text("cohort.not_tutor", "fr", role="").split("{")[0][:25],)
                ):
                    refused += 1
                else:
                    let_through.append(" ".join(path) + " → " + said[:60])

        # another learner's data: only one's own
        foreign = []
        for user in learners[:2]:
            seen = reply_text(await people.command(user, cohort.channel_id, "mesdonnees", "voir"))
            foreign += [f"{user} sees {o}" for o, aim in aims.items() if o != user and aim in seen]
            if aims[user] not in seen:
                foreign.append(f"{user} does not see their own goals")
        await bot.get_cog("Activity").flush()
        stored = scan(running.db_path, typed)
        trouble = problems(sandbox, running)
    ok = not (leaks or shown or let_through or foreign or stored or trouble) and refused > 0
    return {
        "ok": ok,
        "learners": count,
        "pair_spaces": len(spaces),
        "case_threads": len(threads),
        "leaks": leaks[:5],
        "tutor_commands": len(tutor_commands),
        "tutor_subcommands_in_learner_commands": sum(
            1
            for c in mixed
            for o in c.get("options") or []
            if "(tuteurs)" in o.get("description", "")
        ),
        "tutor_commands_shown_to_learners": shown,
        "forged_tutor_invocations_refused": refused,
        "let_through": let_through[:5],
        "other_learners_data_seen": foreign[:5],
        "texts_typed": len(typed),
        "texts_found_in_database": stored,
        "problems": trouble[:3],
    }
