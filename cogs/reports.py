"""The tutors' reports on Discord: the /cohorte etat embed and chart, the learner's timeline
chart of /suivi apprenant, and the chart attached to the weekly digest. Charts are drawn in
a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import io

import discord
from discord.ext import commands

from tutorat.charts import cohort_chart, digest_title, learner_chart
from tutorat.dates import spoken
from tutorat.reporting import COHORT_CHART, decimal
from tutorat.reports import DIMENSIONS, CohortState
from tutorat.texts import Count, text
from tutorat.warning.cases import FORM_KEYS


def state_embed(cohort, state: CohortState, loc: str) -> discord.Embed:
    embed = discord.Embed(title=text("state.title", loc, cohort=cohort.name, week=state.week))
    embed.add_field(
        name=text("state.learners", loc),
        value=text(
            "state.learners_value",
            loc,
            enrolled=Count("state.enrolled", state.enrolled),
            started=Count("cohort.started", state.started),
            active=Count("state.active", state.active_this_week),
        ),
        inline=False,
    )
    embed.add_field(
        name=text("state.cases", loc),
        value="\n".join(
            text("state.cases_line", loc, form=text(FORM_KEYS[form], loc), n=n)
            for form, n in state.open_by_form.items()
        ),
    )
    embed.add_field(
        name=text("state.pulse", loc),
        value="\n".join(
            text(
                "state.pulse_line",
                loc,
                dim=text(f"pulse.dim_{d}", loc),
                now=decimal(state.pulse_now[d], loc),
                last=decimal(state.pulse_last[d], loc),
            )
            for d in DIMENSIONS
        ),
    )
    embed.add_field(name=text("state.pairs", loc), value=str(state.pairs_active))
    if state.platform:
        embed.add_field(
            name=text("state.platform", loc),
            value=text(
                "state.platform_value",
                loc,
                linked=state.linked,
                enrolled=state.enrolled,
                waiting=state.linked_waiting,
            ),
        )
    nxt = state.next_checkpoint
    embed.add_field(
        name=text("state.next", loc),
        value=text("state.next_value", loc, name=nxt.name, due=spoken(nxt.due_at, cohort.zone, loc))
        if nxt
        else text("state.none", loc),
    )
    embed.set_image(url="attachment://cohorte.png")
    return embed


async def png(draw, *args, filename: str, description: str) -> discord.File:
    data = await asyncio.to_thread(draw, *args)
    return discord.File(io.BytesIO(data), filename=filename, description=description)


async def cohort_state_reply(bot, cohort, loc: str) -> tuple[discord.Embed, discord.File]:
    state = await bot.services.reports.state(cohort, bot.clock.now())
    chart = await png(
        cohort_chart,
        state.weeks,
        text("chart.cohort_title", loc, cohort=cohort.name),
        loc,
        state.ongoing,
        filename="cohorte.png",
        description=text("state.chart_alt", loc),
    )
    return state_embed(cohort, state, loc), chart


async def learner_timeline_file(bot, cohort, member, cases, loc: str) -> discord.File:
    line = await bot.services.reports.learner(cohort, member.id, cases, bot.clock.now())
    return await png(
        learner_chart,
        line,
        text("chart.learner_title", loc, who=member.display_name),
        loc,
        filename="frise.png",
        description=text("case.timeline_alt", loc),
    )


class Reports(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.sender.files[COHORT_CHART] = self.digest_chart

    async def digest_chart(self, args: dict, filename: str) -> discord.File:
        """The digest's chart, through the week it reports on."""
        cohort = await self.bot.services.cohorts.get(int(args["cohort"]))
        loc = args.get("lang", "fr")
        week = int(args["week"])
        return await png(
            cohort_chart,
            await self.bot.services.reports.weeks(cohort, week),
            digest_title(cohort, week, loc),
            loc,
            filename=filename,
            description=text("state.chart_alt", loc),
        )


async def setup(bot) -> None:
    await bot.add_cog(Reports(bot))
