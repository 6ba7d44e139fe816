"""The cohort export for tutors: one row per learner and course week, as a CSV that opens
correctly in a French spreadsheet (UTF-8 with BOM; `;` or `,` as separator)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

from tutorat.calendar import course_week, kickoff_day
from tutorat.dates import local_day, start_of_day
from tutorat.models import Cohort

COLUMNS = ["apprenant", "semaine", "actions", "echanges_pairs", "P1", "P2", "P3", "P4", "P5",
           "P6", "jalons_faits", "cas_ouverts", "dont_plateforme"]  # fmt: skip


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
) -> bytes:
    """activity: (user, day, total, peer, platform: of the total, actions on the course
    platform); pulses: (user, week, p1..p6); done: (user, day);
    cases: (user, day) — all for this cohort."""
    rows: dict[tuple[int, int], dict] = {}

    def row(user: int, week: int) -> dict:
        return rows.setdefault(
            (user, week),
            {
                "apprenant": names.get(user, str(user)),
                "semaine": week,
                "actions": 0,
                "echanges_pairs": 0,
                "jalons_faits": 0,
                "cas_ouverts": 0,
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
            row(user, week).update({f"P{i + 1}": v for i, v in enumerate(answers)})
    for user, day in done:
        week = week_of(cohort, day)
        if user in names and 1 <= week <= weeks:
            row(user, week)["jalons_faits"] += 1
    for user, day in cases:
        week = week_of(cohort, day)
        if user in names and 1 <= week <= weeks:
            row(user, week)["cas_ouverts"] += 1
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=separator, lineterminator="\r\n")
    writer.writeheader()
    for key in sorted(rows, key=lambda k: (rows[k]["apprenant"], k[1])):
        writer.writerow(rows[key])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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
        )
