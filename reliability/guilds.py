"""Two servers, the same cohort name: each sees only its own learners, cases and exports.

Every command of the synced tree is run by each server's tutor (and a learner) about the
cohort « Janvier 2027 »; no answer, attachment or export names a learner of the other server.
"""

from __future__ import annotations

from reliability.common import (
    bot_posts,
    configure,
    create_cohort,
    enrol,
    paris,
    plausible,
    problems,
    reply_text,
    stage,
    text_of,
)
from reliability.fuzz import COMMANDS, leaves

SKIPPED = ("archiv", "effacer", "supprimer", "retirer", "quitter")  # would end the cohort


def said(sandbox, interaction) -> str:
    """The answer's text and the text of its attachments (exports)."""
    parts = [reply_text(interaction)]
    first = interaction.responses[0]
    body = interaction.original if first["type"] == 5 else first.get("data") or {}
    for attachment in (body or {}).get("attachments") or []:
        raw = sandbox.files.get(int(attachment["id"]), b"")
        parts.append(raw.decode("utf-8", "replace"))
    return "\n".join(parts)


async def run(short: bool) -> dict:
    count = 2 if short else 4
    async with stage(servers=2) as (sandbox, first, running):
        bot = running.bot
        second = running.scenes[1]
        people = first.people
        sides = []
        for n, scene in enumerate((first, second)):
            await configure(scene)
            await create_cohort(scene)
            cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
            learners = [
                await enrol(scene, bot, cohort, f"serveur{n}-apprenant{k}") for k in range(count)
            ]
            sides.append((scene, cohort, learners))
        await bot.advance_to(paris("2027-01-11T09:05"))
        for _, cohort, learners in sides:
            kickoff = next(
                m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)
            )
            await people.click(learners[0], kickoff, f"tutorat:start:{cohort.id}")
        await bot.advance_to(paris("2027-01-21T09:00"))  # quiet learners: cases on both sides
        synced = sandbox.requests_to("PUT", COMMANDS)[-1].body
        paths = [
            leaf
            for command in synced
            for leaf in leaves(command)
            if not any(word in " ".join(leaf[0]) for word in SKIPPED)
        ]
        crossings, runs = [], 0
        for here, there in ((0, 1), (1, 0)):
            scene, cohort, learners = sides[here]
            strangers = sides[there][2]
            for actor, channel in (
                (scene.tutor_id, scene.help_channel_id),
                (learners[0], cohort.channel_id),
            ):
                for path, options in paths:
                    values = {
                        o["name"]: plausible(o, cohort, learners[-1])
                        for o in options
                        if o.get("required") or o["type"] == 3
                    }
                    answer = await people.command(
                        actor, channel, path[0], *path[1:], options=values
                    )
                    runs += 1
                    if answer.responses[0]["type"] == 9:
                        continue
                    seen = said(sandbox, answer)
                    for stranger in strangers:
                        if str(stranger) in seen or f"serveur{there}-" in seen:
                            crossings.append(f"{' '.join(path)} in server {here}")
        rows_crossing = []
        for scene, cohort, learners in sides:
            cases = await bot.services.cases.store.of_cohort(cohort.id, open_only=False)
            rows_crossing += [c.id for c in cases if c.user_id not in learners]
            members = await bot.services.cohorts.learners.of_cohort(cohort.id)
            rows_crossing += [m.user_id for m in members if m.user_id not in learners]
            for table in await bot.services.export.store.rows(cohort.id, scene.guild_id):
                rows_crossing += [
                    r
                    for r in table
                    if any(str(u) in repr(r) for u in sides[1][2] + sides[0][2])
                    and not any(str(u) in repr(r) for u in learners)
                ]
        cases_total = 0
        for _, cohort, _ in sides:
            cases_total += len(await bot.services.cases.store.of_cohort(cohort.id, open_only=False))
        trouble = problems(sandbox, running)
    ok = not crossings and not rows_crossing and not trouble and cases_total > 0
    return {
        "ok": ok,
        "servers": 2,
        "learners_per_server": count,
        "invocations": runs,
        "cases": cases_total,
        "answers_naming_the_other_server": len(crossings),
        "rows_crossing": len(rows_crossing),
        "examples": crossings[:4] + trouble[:3],
    }
