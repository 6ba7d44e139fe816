"""Every scheduled job of a cohort, in one place: the bot and trace replays run the same."""

from __future__ import annotations

from datetime import datetime, timedelta

from tutorat.models import Cohort
from tutorat.schedule import Job
from tutorat.shards import EVERY_GUILD, Shards


def cohort_jobs(services, cohort: Cohort) -> list[Job]:
    return [
        *services.onboarding.jobs_for(cohort),
        *services.presence.jobs_for(cohort),
        *services.pulse.jobs_for(cohort),
        *services.cases.jobs_for(cohort),
        *services.pairs.jobs_for(cohort),
        *services.reports.jobs_for(cohort),
        *services.platform.jobs_for(cohort),
    ]


async def all_jobs(services, now: datetime, shards: Shards = EVERY_GUILD) -> list[Job]:
    """The jobs of the active cohorts of this process's guilds (all guilds, unsharded)."""
    jobs: list[Job] = []
    for cohort in await services.cohorts.cohorts.active():
        if not shards.owns(cohort.guild_id):
            continue
        if not cohort.ended(now):
            jobs.extend(cohort_jobs(services, cohort))
        elif cohort.archived_at is None and now < cohort.ends_at + timedelta(days=8):
            jobs.extend(services.reports.jobs_for(cohort))  # the last week's digest
    if shards.all or 0 in shards.ids:  # one process erases for all: the one with shard 0
        jobs += services.retention.jobs()
    return jobs
