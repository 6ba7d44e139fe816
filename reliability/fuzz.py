"""Odd input: hypothesis drives slash commands (from the command tree synced to the sandbox)
with empty, huge, unicode, mention, out-of-range and other-server values, and buttons and
forms with forged custom ids, all from one learner (and an outsider).

Each invocation gets an ephemeral French sentence (or a form), none raises unhandled (no error
logged), none changes another learner's data (their rows before == after).
"""

from __future__ import annotations

import asyncio
import copy
import re
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability.common import (
    answer_pulse,
    bot_posts,
    configure,
    create_cohort,
    enrol,
    is_ephemeral,
    paris,
    problems,
    reply_text,
    stage,
    text_of,
)
from sandbox.people import Mention
from tutorat.texts import TEXTS

COMMANDS = "/applications/{application_id}/commands"
UNTOUCHED = {"outbox", "activity", "meta", "anonymous_activity", "help_waits"}
PREFIXES = [
    "tutorat:start",
    "tutorat:goals",
    "tutorat:pulse",
    "tutorat:pulse1",
    "tutorat:pulse2",
    "tutorat:pulse2f",
    "tutorat:review",
    "tutorat:reviewf",
    "tutorat:done",
    "tutorat:case",
    "tutorat:casedone",
    "tutorat:casefalse",
    "tutorat:checkback",
    "tutorat:erase",
    "tutorat:pairs",
    "tutorat:presence",
    "tutorat:presentation",
]


def french_fragments() -> list[str]:
    """The fixed beginnings of the French sentences (up to their first placeholder)."""
    found = set()
    for entry in TEXTS.values():
        for piece in re.split(r"\{[^}]*\}", entry["fr"]):
            piece = piece.strip(" *_`«»:.,!?\n")
            if len(piece) >= 12 and piece != entry.get("en", "").strip():
                found.add(piece[:40])
    return sorted(found)


def leaves(command: dict) -> list[tuple[tuple[str, ...], list[dict]]]:
    """Every runnable path of a command with its options: (("cohorte", "creer"), [...])."""
    subs = [o for o in command.get("options") or [] if o["type"] in (1, 2)]
    if not subs:
        return [((command["name"],), command.get("options") or [])]
    found = []
    for sub in subs:
        if sub["type"] == 1:
            found.append(((command["name"], sub["name"]), sub.get("options") or []))
        else:
            for leaf in sub.get("options") or []:
                found.append(
                    ((command["name"], sub["name"], leaf["name"]), leaf.get("options") or [])
                )
    return found


def odd_text(world: dict) -> st.SearchStrategy[str]:
    ids = world["ids"]
    return st.one_of(
        st.just(""),
        st.just(" "),
        st.text(max_size=40),
        st.text(alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x2FFFF), max_size=60),
        st.builds(lambda n: "é" * n, st.integers(100, 6000)),
        st.sampled_from(["@everyone", "@here", "<@&1>", "\u202e\u200b", "🧑‍🎓" * 30, "\x00"]),
        st.sampled_from(
            [f"<@{i}>" for i in ids] + [f"<#{i}>" for i in ids] + [str(i) for i in ids]
        ),
        st.sampled_from(world["names"]),
        st.sampled_from(
            [
                "2027-13-45 25:61",
                "0000-01-01",
                "9999-12-31 23:59",
                "31/02/2027",
                "1970-01-01 00:00",
                "2027-01-11 09:00",
                "hier",
                "-1",
                "2027-03-26",
            ]
        ),
    )


def option_value(option: dict, world: dict) -> st.SearchStrategy:
    kind = option["type"]
    if option.get("choices"):
        return st.sampled_from([c["value"] for c in option["choices"]])
    if kind == 3:
        return odd_text(world)
    if kind == 4:
        low = option.get("min_value", -(2**53))
        high = option.get("max_value", 2**53)
        return st.one_of(st.integers(low, high), st.sampled_from([low, high, 0]))
    if kind == 10:
        return st.floats(
            option.get("min_value", -1e15), option.get("max_value", 1e15), allow_nan=False
        )
    if kind == 5:
        return st.booleans()
    if kind == 6:
        return st.sampled_from([Mention("user", u) for u in world["members"]])
    if kind == 7:
        return st.sampled_from([Mention("channel", c) for c in world["channels"]])
    if kind == 8:
        return st.sampled_from([Mention("role", r) for r in world["roles"]])
    return st.just("x")


def invocation(paths, world: dict) -> st.SearchStrategy:
    @st.composite
    def one(draw):
        path, options = draw(st.sampled_from(paths))
        values = {}
        for option in options:
            if option.get("required") or draw(st.booleans()):
                values[option["name"]] = draw(option_value(option, world))
        return ("command", path, values)

    @st.composite
    def forged(draw):
        prefix = draw(st.sampled_from(PREFIXES))
        tail = draw(
            st.lists(
                st.one_of(
                    st.sampled_from([str(i) for i in world["cohorts"]]),
                    st.integers(-5, 2**63).map(str),
                    st.text(
                        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), max_size=8
                    ),
                ),
                max_size=4,
            )
        )
        custom_id = ":".join([prefix, *tail])[:100]
        if draw(st.booleans()):
            return ("click", custom_id, None)
        fields = draw(
            st.dictionaries(
                st.sampled_from(
                    ["P1", "P2", "P3", "P4", "P5", "P6", "aim", "hours", "day", "body"]
                ),
                odd_text(world).map(lambda s: s[:4000]),
                max_size=6,
            )
        )
        return ("submit", custom_id, fields)

    return st.one_of(one(), one(), forged())


def carrying(message: dict, custom_id: str) -> dict:
    """The message as a client would show it with that button on it (an old or forged one):
    Discord only sends clicks on a component of the message."""
    forged = copy.deepcopy(message)
    forged["components"][0]["components"][0]["custom_id"] = custom_id
    return forged


def generate(strategy, count: int) -> list:
    drawn: list = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(case):
        drawn.append(case)

    collect()
    return drawn[:count]


def others_rows(db_path, actors: set[int]) -> dict[str, list]:
    """Every row of every table (but logs of what the bot did) not about the actors."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        snapshot = {}
        for table in tables:
            if table in UNTOUCHED or table.startswith("sqlite_"):
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            found = conn.execute(f"SELECT * FROM {table}").fetchall()
            if "user_id" in columns:
                at = columns.index("user_id")
                found = [r for r in found if r[at] not in actors]
            snapshot[table] = sorted(map(repr, found))
        outbox = conn.execute(
            "SELECT key, user_id FROM outbox WHERE user_id IS NOT NULL ORDER BY key"
        ).fetchall()
        snapshot["outbox-to-others"] = [r for r in outbox if r[1] not in actors]
        return snapshot
    finally:
        conn.close()


async def run(short: bool) -> dict:
    count = 100 if short else 1000
    fragments = french_fragments()
    async with stage() as (sandbox, scene, running):
        bot, people, world = running.bot, scene.people, sandbox.world
        await configure(scene)
        await create_cohort(scene)
        cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
        others = [await enrol(scene, bot, cohort, f"apprenant-{n}") for n in range(3)]
        fuzzer = await enrol(scene, bot, cohort, "curieuse")
        outsider = await people.join(scene.guild_id, "visiteur")
        await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
        await bot.advance_to(paris("2027-01-15T10:05"))  # kick-off, pairs, the first pulse
        kickoff = next(
            m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)
        )
        pulse = next(
            m for m in bot_posts(sandbox, cohort.channel_id) if "Questionnaire" in text_of(m)
        )
        for user in others:
            await people.click(user, kickoff, f"tutorat:start:{cohort.id}")
            await people.submit(
                user,
                cohort.channel_id,
                f"tutorat:goals:{cohort.id}",
                {"aim": "Réussir", "hours": "5", "obstacles": "aucun"},
            )
            await answer_pulse(
                people,
                user,
                pulse,
                {"P1": "5", "P2": "5", "P3": "5"},
                {"P4": "4", "P5": "4", "P6": "4"},
            )
        other_guild = world.add_guild("Autre formation", int(world.add_user("autre")["id"]))
        foreign = world.add_channel(other_guild.id, {"name": "cohorte-janvier", "type": 0})
        await bot.get_cog("Delivery").flush_now()
        guild = world.guilds[scene.guild_id]
        channels = [
            int(c) for c, ch in world.channels.items() if ch.get("guild_id") == str(guild.id)
        ]
        data = {
            "ids": [other_guild.id, int(foreign["id"]), *others, scene.tutor_id, cohort.id, 0],
            "names": ["Janvier 2027", "janvier 2027", " Janvier 2027 ", "Autre", "x" * 100],
            "members": [m for m in guild.members if m != world.bot_id and m in world.users],
            "channels": channels,
            "roles": [int(r) for r in guild.roles],
            "cohorts": [cohort.id, cohort.id + 1, 0],
        }
        synced = sandbox.requests_to("PUT", COMMANDS)[-1].body
        paths = [leaf for command in synced for leaf in leaves(command)]
        cases = generate(invocation(paths, data), count)
        before = others_rows(running.db_path, {fuzzer, outsider})
        figures = {"commands": 0, "clicks": 0, "submits": 0, "forms": 0}
        unanswered, public, not_french = [], [], []
        for n, (kind, what, values) in enumerate(cases):
            actor = outsider if n % 7 == 0 else fuzzer
            where = cohort.channel_id if n % 2 else scene.help_channel_id
            if kind == "command":
                figures["commands"] += 1
                call = people.command(actor, where, what[0], *what[1:], options=values, wait=False)
            elif kind == "click":
                figures["clicks"] += 1
                call = people.click(actor, carrying(kickoff, what), what, wait=False)
            else:
                figures["submits"] += 1
                call = people.submit(actor, where, what, values, wait=False)
            interaction = await call
            try:
                await people.answered(interaction, timeout=5)
            except TimeoutError:
                unanswered.append((kind, what))
                continue
            first = interaction.responses[0]
            if first["type"] == 9:  # a form opened: a fair answer to a command or button
                figures["forms"] += 1
                continue
            if not is_ephemeral(interaction):
                public.append((kind, what))
            said = reply_text(interaction)
            if not any(f in said for f in fragments):
                not_french.append((kind, what, said[:80]))
        await asyncio.sleep(0.1)
        after = others_rows(running.db_path, {fuzzer, outsider})
        changed = [t for t in before if before[t] != after.get(t)]
        trouble = problems(sandbox, running)
    ok = not (unanswered or public or not_french or changed or trouble)
    return {
        "ok": ok,
        "invocations": len(cases),
        **figures,
        "command_paths": len(paths),
        "unanswered": len(unanswered),
        "not_ephemeral": len(public),
        "not_french": len(not_french),
        "others_data_changed": changed,
        "errors_logged": len(trouble),
        "examples": (unanswered + public + not_french)[:4] + trouble[:3],
    }
