"""Builds the /cohorte export attachment (the CSV itself is tutorat.export's)."""

from __future__ import annotations

import io
from datetime import date

import discord

from db.convert import parse_instant
from tutorat.dates import local_day
from tutorat.export import cohort_csv, weeks_so_far


async def export_file(bot, guild: discord.Guild, cohort, separator: str) -> discord.File:
    activity, pulses, done, cases = await bot.services.export.rows(cohort.id, guild.id)
    learners = await bot.services.cohorts.learners.of_cohort(cohort.id)
    names = {}
    for learner in learners:
        member = guild.get_member(learner.user_id)
        names[learner.user_id] = member.display_name if member else str(learner.user_id)
    zone = cohort.zone
    data = cohort_csv(
        cohort,
        names,
        [
            (r["user_id"], date.fromisoformat(r["day"]), r["total"], r["peer"], r["platform"])
            for r in activity
        ],
        [tuple(r) for r in pulses],
        [(r["user_id"], local_day(parse_instant(r["done_at"]), zone)) for r in done],
        [(r["user_id"], local_day(parse_instant(r["opened_at"]), zone)) for r in cases],
        weeks_so_far(cohort, local_day(bot.clock.now(), zone)),
        separator,
    )
    return discord.File(io.BytesIO(data), filename=f"cohorte-{cohort.name}.csv")
