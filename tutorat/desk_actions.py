"""What a tutor does on the web view, one method per action: the case actions the Discord
buttons also take (one state for both), notes and contacts, the CSV exports, and the
coordinators' figures. What a tutor may reach is what DeskPages shows them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tutorat.calendar import course_week
from tutorat.dates import local_day
from tutorat.desk import Visitor
from tutorat.desk_effects import Compared, compared, merged, weekly_pulse
from tutorat.desk_log import ContactLog
from tutorat.desk_pages import DeskPages, Names
from tutorat.errors import Refusal
from tutorat.models import Case
from tutorat.spreadsheet import sheet

ACTIONS = ("contacted", "done", "false_alarm", "snooze")
CONTACT_KINDS = ("note", "learner_contact")
NOTE_LENGTH = 2000


@dataclass
class TutorFigures:
    tutor_id: int
    cases: int = 0
    answered_in_time: int = 0
    escalated: int = 0
    weekly: dict[int, int] = field(default_factory=dict)  # course week -> contacts


class DeskActions:
    def __init__(
        self,
        pages: DeskPages,
        cases,
        case_store,
        store,
        log: ContactLog,
        followup,
        remind_after: timedelta,
        effect_days: int = 14,
    ) -> None:
        self.pages = pages  # who may reach which cohort and learner
        self.cases = cases  # Cases: the same actions as the buttons
        self.case_store = case_store  # CaseRepository
        self.store = store  # db.web.DeskRepository
        self.log = log
        self.followup = followup  # FollowUp
        self.remind_after = remind_after
        self.effect_days = effect_days  # the days measured each side of a contact

    # what a tutor does ----------------------------------------------------------------------

    async def act(
        self,
        visitor: Visitor,
        cohort_id: int,
        case_id: int,
        action: str,
        note: str,
        now: datetime,
        quiet: str = "",
        next_step: str = "",
    ) -> tuple[Case, str | None]:
        """A case action, as the Discord buttons take it (one state for both); the Discord
        prompt is edited through the outbox. The note goes to the case and the contact log.
        « Entretien fait » takes, as the Discord form does, the next step and the weeks during
        which this form is not flagged again: a number not understood keeps the interview,
        and comes back (second value) for the page to say the pause was not set."""
        cohort = await self.pages.cohort(visitor, cohort_id)
        case = await self.case_store.get(case_id)
        if case is None or case.cohort_id != cohort.id or action not in ACTIONS:
            raise Refusal("web.not_found")
        note = note.strip()[:NOTE_LENGTH] or None
        refused = None
        if action == "done":
            closed = await self.cases.interview_done(
                case.id, now, note, next_step.strip()[:NOTE_LENGTH] or None, quiet, visitor.user_id
            )
            case, refused = closed.case, closed.refused_quiet
        else:
            kwargs = {"notes": note} if action == "false_alarm" else {}
            case = await self.cases.act(case.id, action, now, by=visitor.user_id, **kwargs)
        await self.store.add_contact(
            cohort.id, case.user_id, visitor.user_id, action, note, now, case_id=case.id
        )
        return case, refused

    async def note(
        self, visitor: Visitor, cohort_id: int, user_id: int, kind: str, note: str, now: datetime
    ) -> None:
        """A tutor's note, or a contact the learner started, without a case."""
        cohort = await self.pages.cohort(visitor, cohort_id)
        if (
            kind not in CONTACT_KINDS
            or await self.pages.cohorts.learner(cohort.id, user_id) is None
        ):
            raise Refusal("web.not_found")
        note = note.strip()[:NOTE_LENGTH]
        if not note and kind == "note":
            raise Refusal("web.note_empty")
        await self.store.add_contact(cohort.id, user_id, visitor.user_id, kind, note or None, now)

    # exports --------------------------------------------------------------------------------

    async def contacts_csv(self, visitor: Visitor, cohort_id: int, names: Names) -> bytes:
        """Every contact and note: who, when, what, with stable ids beside names."""
        cohort = await self.pages.cohort(visitor, cohort_id)
        rows = [
            {
                "date": c["at"].astimezone(cohort.zone).isoformat(timespec="minutes"),
                "apprenant": names(c["user_id"]),
                "discord_id": str(c["user_id"]),
                "tuteur": names(c["tutor_id"]),
                "tuteur_discord_id": str(c["tutor_id"]),
                "cas": c["case_id"] or "",
                "type": c["kind"],
                "note": c["note"] or "",
            }
            for c in await self.log.entries(cohort)
        ]
        return sheet(rows, ["date", "apprenant", "discord_id", "tuteur", "tuteur_discord_id",
                           "cas", "type", "note"])  # fmt: skip

    async def cases_csv(self, visitor: Visitor, cohort_id: int, names: Names) -> bytes:
        cohort = await self.pages.cohort(visitor, cohort_id)

        def day(value) -> str:
            return value.astimezone(cohort.zone).isoformat(timespec="minutes") if value else ""

        rows = [
            {
                "cas": c.id,
                "apprenant": names(c.user_id),
                "discord_id": str(c.user_id),
                "tuteur": names(c.tutor_id) if c.tutor_id else "",
                "tuteur_discord_id": str(c.tutor_id or ""),
                "forme": c.form,
                "ouvert": day(c.opened_at),
                "contact": day(c.contacted_at),
                "relance": day(c.reminded_at),
                "escalade": day(c.escalated_at),
                "clos": day(c.closed_at),
                "issue": c.outcome or "",
                "raisons": " | ".join(c.reasons),
                "notes": c.notes or "",
                "suite": c.next_step or "",
            }
            for c in await self.case_store.of_cohort(cohort.id, open_only=False)
        ]
        return sheet(rows, ["cas", "apprenant", "discord_id", "tuteur", "tuteur_discord_id",
                           "forme", "ouvert", "contact", "relance", "escalade", "clos", "issue",
                           "raisons", "notes", "suite"])  # fmt: skip

    # coordinators ---------------------------------------------------------------------------

    async def figures(
        self, visitor: Visitor, forms: list[str], now: datetime
    ) -> tuple[list, list, list]:
        """Per tutor: cases, answered within the reminder delay, escalated, contacts per
        course week; what contacts changed, per dropout form (before / after); and the same
        against comparable learners not yet contacted."""
        if not visitor.coordinator:
            raise Refusal("web.coordinators_only")
        tutors: dict[int, TutorFigures] = {}
        for cohort in await self.pages.cohorts_of(visitor):
            for case in await self.case_store.of_cohort(cohort.id, open_only=False):
                if case.tutor_id is None:
                    continue
                mine = tutors.setdefault(case.tutor_id, TutorFigures(case.tutor_id))
                mine.cases += 1
                answered = case.contacted_at or case.closed_at
                mine.answered_in_time += bool(
                    answered and answered - case.opened_at <= self.remind_after
                )
                mine.escalated += case.escalated_at is not None
            weekly: Counter = Counter()
            for contact in await self.log.entries(cohort):
                if contact["kind"] == "note":
                    continue
                weekly[(contact["tutor_id"], course_week(cohort, contact["at"]))] += 1
            for (tutor, week), n in weekly.items():
                mine = tutors.setdefault(tutor, TutorFigures(tutor))
                mine.weekly[week] = mine.weekly.get(week, 0) + n
        effects = await self.followup.effects(visitor.guild_id, forms)
        against = await self._against_comparable(visitor, now)
        return sorted(tutors.values(), key=lambda t: t.tutor_id), effects, against

    async def _against_comparable(self, visitor: Visitor, now: datetime) -> list[Compared]:
        """Per form, over the coordinator's cohorts: contacted learners' actions and
        questionnaire before and after, beside comparable learners not yet contacted over the
        same days and weeks."""
        found: list[Compared] = []
        for cohort in await self.pages.cohorts_of(visitor):
            cases = await self.case_store.of_cohort(cohort.id, open_only=False)
            contacts = [c.contacted_at for c in cases if c.contacted_at]
            if not contacts:
                continue
            since = local_day(min(c.opened_at for c in cases), cohort.zone) - timedelta(
                days=self.effect_days
            )
            activity = await self.store.actions_per_day(
                cohort.guild_id, sorted({c.user_id for c in cases}), since
            )
            first_week = course_week(cohort, min(contacts)) - 2
            pulses = weekly_pulse(await self.store.recent_pulses(cohort.id, first_week))
            found += compared(
                cases,
                activity,
                pulses,
                lambda at, zone=cohort.zone: local_day(at, zone),
                lambda at, cohort=cohort: course_week(cohort, at),
                self.effect_days,
                local_day(now, cohort.zone),
            )
        return merged(found)
