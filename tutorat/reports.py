"""The tutors' view of a cohort, computed from plain rows: the state of the cohort now
(/cohorte etat), its weeks (the chart), one learner's timeline, and the weekly digest.

Nothing here reads Discord or the database: the repositories hand rows in, the cogs render.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from tutorat.calendar import course_week, kickoff_day, week_days, week_end
from tutorat.dates import local_day
from tutorat.models import Case, Checkpoint, Cohort, Learner
from tutorat.pulse import dimensions

DIMENSIONS = ("sens", "courage", "lien", "intention")
FORMS = ("non-demarreur", "decouragement", "perte-de-sens", "isolement")


@dataclass(frozen=True)
class CohortRows:
    """Everything the reports read about one cohort, one query per table."""

    cohort: Cohort
    learners: list[Learner]
    activity: list[tuple[int, date, int, int]]  # user, day, actions, peer exchanges
    anonymous: list[tuple[date, int, int]]  # erased learners' totals: day, actions, peer
    pulses: list[tuple[int, int, tuple[int, ...]]]  # user, week, P1..P6
    cases: list[Case]
    effects: dict[int, tuple[int, int]]  # case id -> activity before, after
    checkpoints: list[Checkpoint]
    done: dict[int, int]  # checkpoint id -> learners who declared it
    pairs_active: int
    tutors: dict[int, int] = field(default_factory=dict)  # learner -> tutor
    linked: dict[int, bool] = field(default_factory=dict)  # learner -> platform link confirmed
    platform: bool = False  # the cohort has a platform source or links


@dataclass(frozen=True)
class WeekPoint:
    week: int
    active: int  # learners with at least one action
    actions: int
    answers: int
    dims: dict[str, float | None]


@dataclass(frozen=True)
class CohortState:
    week: int
    enrolled: int
    started: int
    active_this_week: int
    open_by_form: dict[str, int]
    pulse_now: dict[str, float | None]
    pulse_last: dict[str, float | None]
    pairs_active: int
    next_checkpoint: Checkpoint | None
    weeks: list[WeekPoint]
    linked: int = 0  # learners whose platform account is linked (confirmed)
    linked_waiting: int = 0  # declarations waiting for a tutor
    platform: bool = False  # the cohort uses the course platform
    ongoing: bool = False  # the current week is not over (its figures are partial)


def _means(answers: list[tuple[int, ...]]) -> dict[str, float | None]:
    if not answers:
        return dict.fromkeys(DIMENSIONS)
    per = [dimensions(a) for a in answers]
    return {d: round(statistics.fmean(p[d] for p in per), 1) for d in DIMENSIONS}


def current_week(cohort: Cohort, now: datetime) -> int:
    """The course week of `now`, kept within the course (1 before the kick-off)."""
    week = max(1, course_week(cohort, now))
    if cohort.ends_at is not None:
        week = min(week, max(1, course_week(cohort, cohort.ends_at - timedelta(seconds=1))))
    return week


def weekly(rows: CohortRows, through: int) -> list[WeekPoint]:
    cohort = rows.cohort
    actions: Counter[int] = Counter()
    active: defaultdict[int, set[int]] = defaultdict(set)
    week_of = cache(lambda day: course_week(cohort, _noon(cohort, day)))  # once a day, not a row
    for user, day, total, _ in rows.activity:
        week = week_of(day)
        if total:
            actions[week] += total
            active[week].add(user)
    for day, total, _ in rows.anonymous:
        actions[week_of(day)] += total
    answers: defaultdict[int, list] = defaultdict(list)
    for _, week, values in rows.pulses:
        answers[week].append(values)
    return [
        WeekPoint(w, len(active[w]), actions[w], len(answers[w]), _means(answers[w]))
        for w in range(1, through + 1)
    ]


def cohort_state(rows: CohortRows, now: datetime) -> CohortState:
    cohort = rows.cohort
    week = current_week(cohort, now)
    enrolled = [x for x in rows.learners if x.active]
    ids = {x.user_id for x in enrolled}
    days = set(week_days(cohort, week))
    today = local_day(now, cohort.zone)
    active = {u for u, day, total, _ in rows.activity if day in days and day <= today and total}
    points = weekly(rows, week)
    upcoming = sorted((c for c in rows.checkpoints if c.due_at > now), key=lambda c: c.due_at)
    open_by_form = Counter(c.form for c in rows.cases if c.open and c.user_id in ids)
    return CohortState(
        week=week,
        enrolled=len(enrolled),
        started=sum(1 for x in enrolled if x.started_at is not None),
        active_this_week=len(active & ids),
        open_by_form={form: open_by_form.get(form, 0) for form in FORMS},
        pulse_now=points[week - 1].dims,
        pulse_last=points[week - 2].dims if week > 1 else dict.fromkeys(DIMENSIONS),
        pairs_active=rows.pairs_active,
        next_checkpoint=upcoming[0] if upcoming else None,
        weeks=points,
        linked=sum(1 for u, ok in rows.linked.items() if ok and u in ids),
        linked_waiting=sum(1 for u, ok in rows.linked.items() if not ok and u in ids),
        platform=rows.platform,
        ongoing=now < week_end(cohort, week),
    )


def _noon(cohort: Cohort, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=cohort.zone)


# one learner ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    days: list[date]
    actions: list[int]
    pulses: dict[int, dict[str, float]]  # week -> dimensions
    week_starts: dict[int, date]
    checkpoints: list[date]  # days a checkpoint was declared done
    cases: list[tuple[date, str]]  # day opened, form
    contacts: list[date]  # a tutor's contacts (a case's, or recorded on the web view)
    platform: list[int] = field(default_factory=list)  # of the actions, on the course platform
    # the checkpoints due so far: due day, name, "met" | "late" | "missed"
    deadlines: list[tuple[date, str, str]] = field(default_factory=list)
    learner_contacts: list[date] = field(default_factory=list)  # contacts the learner started
    # what the early warning said of the learner: a case's reasons the day it opened, the
    # watch list's the day the learner was put on it
    signals: list[tuple[date, tuple[str, ...]]] = field(default_factory=list)


def timeline(
    cohort: Cohort,
    activity: list[tuple[date, int]],
    pulses: list[tuple[int, tuple[int, ...]]],
    done: list[datetime],
    cases: list[Case],
    today: date,
    deadlines: list[tuple[str, datetime, datetime | None, bool]] | None = None,
    contacts: list[dict] | None = None,
    watch: tuple[date, list[str]] | None = None,
) -> Timeline:
    """`deadlines`: the checkpoints due so far, with the learner's declaration; `contacts`:
    the contact log's entries (without it, a case's contact alone); `watch`: the day the
    learner was put on the watch list, and why."""
    first = kickoff_day(cohort)
    last = today
    if cohort.ends_at is not None:
        last = min(last, local_day(cohort.ends_at - timedelta(seconds=1), cohort.zone))
    last = max(last, first)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    per_day, on_platform = Counter(), Counter()
    for day, total, *platform in activity:  # (day, total[, of which on the platform])
        per_day[day] += total
        on_platform[day] += platform[0] if platform else 0
    zone = cohort.zone
    weeks = {
        w: week_days(cohort, w)[0] for w in range(1, course_week(cohort, _noon(cohort, last)) + 1)
    }
    return Timeline(
        days=days,
        actions=[per_day[d] for d in days],
        pulses={week: dimensions(values) for week, values in pulses},
        week_starts=weeks,
        checkpoints=[local_day(at, zone) for at in done],
        cases=[(local_day(c.opened_at, zone), c.form) for c in cases],
        contacts=[local_day(c.contacted_at, zone) for c in cases if c.contacted_at]
        if contacts is None
        else [local_day(c["at"], zone) for c in contacts if c["kind"] in TUTOR_CONTACTS],
        platform=[on_platform[d] for d in days],
        deadlines=[
            (local_day(due, zone), name, _deadline_state(done, late))
            for name, due, done, late in deadlines or ()
        ],
        learner_contacts=[
            local_day(c["at"], zone) for c in contacts or () if c["kind"] == "learner_contact"
        ],
        signals=sorted(
            [(local_day(c.opened_at, zone), tuple(c.reasons)) for c in cases]
            + ([(watch[0], tuple(watch[1]))] if watch else [])
        ),
    )


@dataclass(frozen=True)
class TimelineWeek:
    """One course week of a learner's timeline, said in words (the chart's text version)."""

    week: int
    start: date
    days_active: int
    days_on_platform: int
    actions: int
    on_platform: int
    pulse: dict[str, float] | None
    deadlines: list[tuple[str, str]]  # name, "met" | "late" | "missed"
    cases: list[str]  # forms of the cases opened
    signals: list[str]  # the reasons the early warning gave
    contacts: int  # a tutor's
    learner_contacts: int


def timeline_weeks(line: Timeline) -> list[TimelineWeek]:
    """The timeline week by week, from the kick-off's week to today's."""
    starts = sorted(line.week_starts.items())
    platform = line.platform or [0] * len(line.days)
    found = []
    for n, (week, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else date.max

        def within(day: date, start=start, end=end) -> bool:
            return start <= day < end

        days = [i for i, d in enumerate(line.days) if within(d)]
        found.append(
            TimelineWeek(
                week=week,
                start=start,
                days_active=sum(1 for i in days if line.actions[i]),
                days_on_platform=sum(1 for i in days if platform[i]),
                actions=sum(line.actions[i] for i in days),
                on_platform=sum(platform[i] for i in days),
                pulse=line.pulses.get(week),
                deadlines=[(name, state) for d, name, state in line.deadlines if within(d)],
                cases=[form for d, form in line.cases if within(d)],
                signals=[r for d, reasons in line.signals if within(d) for r in reasons],
                contacts=sum(1 for d in line.contacts if within(d)),
                learner_contacts=sum(1 for d in line.learner_contacts if within(d)),
            )
        )
    return found


TUTOR_CONTACTS = ("contacted", "done")  # the contact log's kinds that are a tutor's contact


def _deadline_state(done: datetime | None, late: bool) -> str:
    if done is None:
        return "missed"
    return "late" if late else "met"


# the weekly digest ------------------------------------------------------------------------


@dataclass(frozen=True)
class TutorPresence:
    tutor_id: int
    posts: int  # messages in the cohort channel during the week
    median_reply: timedelta | None  # first tutor reply to a question in the help channel
    questions: int


@dataclass(frozen=True)
class Digest:
    week: int  # the week that just ended
    now: WeekPoint
    before: WeekPoint | None
    enrolled: int
    started: int
    new_cases: int
    open_by_tutor: dict[int | None, list[str]]  # tutor -> forms of their open cases
    closed: int
    contacted_closed: int
    measured: int
    helped: int
    checkpoints_due: list[tuple[str, int]]  # name, learners who declared it
    pairs_active: int
    presence: list[TutorPresence]
    questions: int  # asked in the help channel during the week
    unanswered: int  # of those, still without a tutor's reply
    linked: int | None = None  # learners linked to their platform account; None: no platform
    watching: int = 0  # learners on the watch list (over the threshold past the cap, or near it)
    past_cap: int = 0  # of those, over the threshold


def digest(
    rows: CohortRows,
    week: int,
    tutor_posts: dict[int, int],
    waits: list[tuple[datetime, datetime | None, int | None]],
) -> Digest:
    """The week `week` (just ended) in figures. `tutor_posts`: tutor -> posts in the cohort
    channel that week; `waits`: (asked, first tutor reply or None, tutor) in the help channel."""
    cohort = rows.cohort
    start, end = week_end(cohort, week - 1), week_end(cohort, week)
    points = weekly(rows, week)
    enrolled = [x for x in rows.learners if x.active]
    in_week = [c for c in rows.cases if start <= c.opened_at < end]
    closed = [c for c in rows.cases if c.closed_at and start <= c.closed_at < end]
    open_by_tutor: dict[int | None, list[str]] = defaultdict(list)
    for case in rows.cases:
        if case.open:
            open_by_tutor[case.tutor_id].append(case.form)
    measured = [rows.effects[c.id] for c in rows.cases if c.id in rows.effects]
    replies: defaultdict[int, list[timedelta]] = defaultdict(list)
    asked = unanswered = 0
    for at, answered, tutor in waits:
        if start <= at < end:
            asked += 1
            unanswered += answered is None
            if answered is not None and tutor is not None:
                replies[tutor].append(answered - at)
    tutors = sorted(set(tutor_posts) | set(replies) | set(rows.tutors.values()))
    presence = [
        TutorPresence(
            tutor,
            tutor_posts.get(tutor, 0),
            _median(replies[tutor]),
            len(replies[tutor]),
        )
        for tutor in tutors
    ]
    return Digest(
        week=week,
        now=points[week - 1],
        before=points[week - 2] if week > 1 else None,
        enrolled=len(enrolled),
        started=sum(1 for x in enrolled if x.started_at is not None),
        new_cases=len(in_week),
        open_by_tutor=dict(open_by_tutor),
        closed=len(closed),
        contacted_closed=sum(1 for c in closed if c.contacted_at is not None),
        measured=len(measured),
        helped=sum(1 for before, after in measured if after > before),
        checkpoints_due=[
            (c.name, rows.done.get(c.id, 0)) for c in rows.checkpoints if start <= c.due_at < end
        ],
        pairs_active=rows.pairs_active,
        presence=presence,
        questions=asked,
        unanswered=unanswered,
        linked=sum(1 for x in enrolled if rows.linked.get(x.user_id)) if rows.platform else None,
    )


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))
