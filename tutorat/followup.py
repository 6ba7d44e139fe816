"""The tutor's desk: the cases a tutor may act on, their own list, a learner's history and
what contacts changed. Who may act on a case is decided here, not in the Discord adapter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tutorat.errors import Refusal
from tutorat.models import Case, Cohort
from tutorat.team import Standing, Team


@dataclass(frozen=True)
class Effect:
    """What the contacts of one dropout form changed, over the cases measured."""

    form: str
    cases: int
    better: int
    before: int
    after: int
    pulse_before: float | None = None  # mean questionnaire before the contacts, 1-7
    pulse_after: float | None = None


class FollowUp:
    def __init__(self, cases_store, cohorts, team: Team) -> None:
        self.store = cases_store  # CaseRepository
        self.cohorts = cohorts  # CohortService
        self.team = team

    async def for_tutor(
        self, case_id: int, user_id: int, standing: Callable[[int], Standing]
    ) -> Case:
        """The case, if this person may act on it: its tutor, a tutor of its cohort, the
        server's tutoring or coordination team, or whoever manages the server (`standing`
        tells, for a server id, their roles there: a prompt's button is clicked in DMs)."""
        case = await self.store.get(case_id)
        if case is None:
            raise Refusal("case.unknown")
        if user_id == case.tutor_id or user_id in await self.cohorts.tutors(case.cohort_id):
            return case
        cohort = await self.cohorts.get(case.cohort_id)
        if await self.team.has(cohort.guild_id, standing(cohort.guild_id)):
            return case
        raise Refusal("case.not_yours")

    async def of_tutor(self, tutor_id: int, guild_id: int) -> list[tuple[Case, Cohort]]:
        """A tutor's cases on this server, each with its cohort."""
        cohorts = {c.id: c for c in await self.cohorts.of_guild(guild_id)}
        return [
            (case, cohorts[case.cohort_id])
            for case in await self.store.of_tutor(tutor_id)
            if case.cohort_id in cohorts
        ]

    async def of_learner(
        self, user_id: int, guild_id: int
    ) -> list[tuple[Cohort, list[Case], bool]]:
        """Every cohort of the server, in order, with this learner's cases in it and whether
        the learner is enrolled in it."""
        return [
            (
                cohort,
                await self.store.of_learner(cohort.id, user_id),
                await self.cohorts.learner(cohort.id, user_id) is not None,
            )
            for cohort in await self.cohorts.of_guild(guild_id)
        ]

    async def watch_list(self, tutor_id: int, guild_id: int) -> list[tuple[dict, Cohort]]:
        """The learners waiting on the watch lists this tutor follows, highest score first:
        their own learners, and everyone's in the cohorts they tutor."""
        found = []
        for cohort in await self.cohorts.of_guild(guild_id):
            mine = tutor_id in await self.cohorts.tutors(cohort.id)
            for row in await self.store.watch_list(cohort.id):
                if mine or row["tutor_id"] == tutor_id:
                    found.append((row, cohort))
        return sorted(found, key=lambda rc: (-rc[0]["score"], rc[0]["user_id"]))

    async def effects(self, guild_id: int, forms: list[str]) -> list[Effect]:
        ids = [c.id for c in await self.cohorts.of_guild(guild_id)]
        rows = await self.store.effects(ids)
        found = []
        for form in forms:
            mine = [r for r in rows if r["form"] == form]
            if mine:
                found.append(
                    Effect(
                        form,
                        len(mine),
                        sum(1 for r in mine if r["activity_after"] > r["activity_before"]),
                        sum(r["activity_before"] for r in mine),
                        sum(r["activity_after"] for r in mine),
                        _mean([r["pulse_before"] for r in mine]),
                        _mean([r["pulse_after"] for r in mine]),
                    )
                )
        return found


def _mean(values: list) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None
