"""What /cohorte shows: the list of cohorts, who has not started yet, the presentation form."""

from __future__ import annotations

import discord

from cogs.access import require_tutor
from cogs.helpers import lang
from tutorat.dates import spoken
from tutorat.texts import Count, text


async def start_list(onboarding, cohort, now, loc: str) -> discord.Embed:
    """/cohorte demarrage: who has not started yet, since when, reminded or not."""
    total, late = await onboarding.start_state(cohort, now)
    embed = discord.Embed(
        title=text(
            "start.list_title",
            loc,
            cohort=cohort.name,
            started=total - len(late),
            total=total,
        )
    )
    if now < cohort.kickoff_at:
        embed.description = text(
            "start.list_before", loc, kickoff=spoken(cohort.kickoff_at, cohort.zone, loc)
        )
    elif not late:
        embed.description = text("start.list_none", loc)
    else:
        lines = [
            text(
                "start.list_line",
                loc,
                who=f"<@{p.learner.user_id}>",
                n=p.days,
                reminded=text("start.list_reminded", loc) if p.reminded else "",
            )
            for p in late
        ]
        embed.description = "\n".join(lines)[:4000]
    return embed


async def cohort_lines(cohorts, guild_id: int, loc: str) -> str:
    """/cohorte liste: one line per cohort of the server."""
    lines = []
    for cohort in await cohorts.of_guild(guild_id):
        learners = await cohorts.learners_of(cohort.id, active_only=True)
        lines.append(
            text(
                "cohort.list_line",
                loc,
                name=cohort.name,
                kickoff=spoken(cohort.kickoff_at, cohort.zone, loc),
                learners=Count("cohort.learners", len(learners)),
                started=Count("cohort.started", sum(1 for x in learners if x.started_at)),
            )
        )
    return "\n".join(lines) or text("cohort.list_empty", loc)


class PresentationForm(discord.ui.Modal):
    def __init__(self, cohort, loc: str) -> None:
        super().__init__(
            title=text("presentation.modal_title", loc)[:45],
            custom_id=f"tutorat:presentation:{cohort.id}",
        )
        self.add_item(
            discord.ui.TextInput(
                label=text("presentation.label", loc)[:45],
                style=discord.TextStyle.paragraph,
                max_length=1024,
                default=cohort.presentation,
                custom_id="presentation",
            )
        )


async def presentation_submitted(interaction: discord.Interaction, match, values: dict) -> None:
    await require_tutor(interaction)
    await interaction.client.services.cohorts.set_presentation(
        int(match["cohort"]), values.get("presentation", "")
    )
    await interaction.response.send_message(
        text("cohort.presentation_saved", lang(interaction)), ephemeral=True
    )
