"""The cohort export for tutors: one row per learner and course week, as a CSV that opens
correctly in a French spreadsheet (UTF-8 with BOM; `;` or `,` as separator; names and
accounts never run as formulas: tutorat.spreadsheet)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from tutorat.calendar import course_week, kickoff_day, week_days
from tutorat.dates import local_day, start_of_day
from tutorat.models import Cohort
from tutorat.pulse import dimensions
from tutorat.reports import DIMENSIONS
from tutorat.spreadsheet import sheet


@dataclass(frozen=True)
class Who:
    """What names a learner beyond Discord: their platform account and their tutor."""

    account: str = ""
    tutor_name: str = ""
    tutor_id: int | None = None


# the weekly pulse's items (P4 is reversed: 7 says the effort feels excessive) and the four
# dimensions read from them, as tutorat.pulse computes them
PULSE = ["P1_interet", "P2_utilite", "P3_capable", "P4_effort_excessif_inverse", "P5_lien",
         "P6_intention"]  # fmt: skip
COLUMNS = ["apprenant", "discord_id", "compte_plateforme", "tuteur", "tuteur_discord_id",
           "semaine", "du", "au", "actions", "dont_plateforme", "echanges_pairs", *PULSE,
           *DIMENSIONS, "jalons_faits", "cas_ouverts_cette_semaine"]  # fmt: skip


def week_of(cohort: Cohort, day: date) -> int:
    return course_week(cohort, start_of_day(day, cohort.zone))


def cohort_csv(
    cohort: Cohort,
    names: dict[int, str],
    activity: list,
    pulses: list,
    done: list,
    cases: list,
    weeks: int,
    separator: str = ";",
    who: dict[int, Who] | None = None,
) -> bytes:
    """activity: (user, day, total, peer, platform: of the total, actions on the course
    platform); pulses: (user, week, p1..p6); done: (user, day);
    cases: (user, day) — all for this cohort; who: each learner's account and tutor."""
    rows: dict[tuple[int, int], dict] = {}
    who = who or {}

    def row(user: int, week: int) -> dict:
        days = week_days(cohort, week)
        known = who.get(user, Who())
        return rows.setdefault(
            (user, week),
            {
                "apprenant": names.get(user, str(user)),
                "discord_id": str(user),
                "compte_plateforme": known.account,
                "tuteur": known.tutor_name,
                "tuteur_discord_id": str(known.tutor_id) if known.tutor_id else "",
                "semaine": week,
                "du": days[0].isoformat(),
                "au": days[-1].isoformat(),
                "actions": 0,
                "echanges_pairs": 0,
                "jalons_faits": 0,
                "cas_ouverts_cette_semaine": 0,
                "dont_plateforme": 0,
            },
        )

    for user in names:
        for week in range(1, weeks + 1):
            row(user, week)
    for user, day, total, peer, platform in activity:
        week = week_of(cohort, day)
        if 1 <= week <= weeks and user in names:
            r = row(user, week)
            r["actions"] += total
            r["echanges_pairs"] += peer
            r["dont_plateforme"] += platform
    for user, week, *answers in pulses:
        if user in names and 1 <= week <= weeks:
            row(user, week).update(zip(PULSE, answers, strict=True))
            point = "," if separator == ";" else "."  # a French spreadsheet's decimals
            row(user, week).update(
                {d: f"{v:.1f}".replace(".", point) for d, v in dimensions(tuple(answers)).items()}
            )
    for user, day in done:
        week = week_of(cohort, day)
        if user in names and 1 <= week <= weeks:
            row(user, week)["jalons_faits"] += 1
    for user, day in cases:
        week = week_of(cohort, day)
        if user in names and 1 <= week <= weeks:
            row(user, week)["cas_ouverts_cette_semaine"] += 1
    ordered = sorted(rows, key=lambda k: (rows[k]["apprenant"], k[1]))
    return sheet([rows[key] for key in ordered], COLUMNS, separator)


def weeks_so_far(cohort: Cohort, today: date) -> int:
    return max(1, min(week_of(cohort, today), 52)) if today >= kickoff_day(cohort) else 1


class CohortExport:
    """The export as one call: the cohort's rows, read once, laid out as the CSV."""

    def __init__(self, store, cohorts) -> None:
        self.store = store  # ExportRepository
        self.cohorts = cohorts  # CohortService

    async def csv(
        self, cohort: Cohort, name_of: Callable[[int], str], now: datetime, separator: str
    ) -> bytes:
        activity, pulses, done, cases = await self.store.rows(cohort.id, cohort.guild_id)
        names = {x.user_id: name_of(x.user_id) for x in await self.cohorts.learners_of(cohort.id)}
        accounts, tutors = await self.store.accounts_and_tutors(cohort.id)
        who = {
            user: Who(
                accounts.get(user, ""),
                name_of(tutors[user]) if user in tutors else "",
                tutors.get(user),
            )
            for user in names
        }
        zone = cohort.zone
        return cohort_csv(
            cohort,
            names,
            activity,
            pulses,
            [(user, local_day(at, zone)) for user, at in done],
            [(user, local_day(at, zone)) for user, at in cases],
            weeks_so_far(cohort, local_day(now, zone)),
            separator,
            who,
        )
