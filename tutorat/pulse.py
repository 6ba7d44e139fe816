"""The weekly pulse (seed: faire le point sur l'état motivationnel, questionnaire de Likert
hebdomadaire, 10 minutes) and the review of personal goals at midpoint and end.

One post per cohort per week; each learner answers privately. Answers are for their tutors.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tutorat.calendar import Break, course_week, in_course, on_break, week_days, week_end
from tutorat.dates import local_day
from tutorat.errors import Refusal
from tutorat.models import Cohort, Goals, PulseAnswer
from tutorat.outbox import Outbox, outbox_key
from tutorat.presence import clock
from tutorat.schedule import Job, daily_at
from tutorat.texts import text

ITEMS = ("P1", "P2", "P3", "P4", "P5", "P6")
PULSE_VIEW = "pulse"
REVIEW_VIEW = "review"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def overall(answers: tuple[int, ...]) -> float:
    """One week's answers as one figure: the mean of the four dimensions, on 1-7."""
    values = dimensions(answers).values()
    return sum(values) / len(values)


def dimensions(answers: tuple[int, ...]) -> dict[str, float]:
    """Sens (P1, P2), Courage (P3, P4 reversed), Lien (P5), Intention (P6), on 1-7."""
    p1, p2, p3, p4, p5, p6 = answers
    return {
        "sens": (p1 + p2) / 2,
        "courage": (p3 + (8 - p4)) / 2,
        "lien": float(p5),
        "intention": float(p6),
    }


def parse_answers(values: list[str]) -> tuple[int, ...]:
    try:
        answers = tuple(int(v) for v in values)
    except (TypeError, ValueError):
        raise Refusal("pulse.invalid") from None
    if len(answers) != 6 or not all(1 <= a <= 7 for a in answers):
        raise Refusal("pulse.invalid")
    return answers


class Pulse:
    def __init__(self, cohorts, outbox: Outbox, answers, breaks, goals) -> None:
        self.cohorts = cohorts  # the CohortService
        self.outbox = outbox
        self.answers = answers
        self.breaks = breaks
        self.goals = goals

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        at = clock(cohort.pulse_time)
        cid, zone = cohort.id, cohort.zone
        jobs = [
            Job(
                f"pulse:{cid}",
                daily_at(
                    at.hour,
                    at.minute,
                    zone,
                    DAYS[cohort.pulse_day],
                    start=cohort.kickoff_at,
                    end=cohort.ends_at,
                ),
                lambda when: self.post(cid, when),
                grace=timedelta(hours=12),
            ),
            Job(
                f"pulse-reminder:{cid}",
                daily_at(at.hour, at.minute, zone, start=cohort.kickoff_at, end=cohort.ends_at),
                lambda when: self.remind(cid, when),
                grace=timedelta(hours=12),
            ),
        ]
        if cohort.ends_at is not None:
            for stage, when in review_times(cohort).items():
                # daily from that day on, so a review falling in a break comes after it
                trigger = daily_at(when.hour, when.minute, zone, start=when, end=cohort.ends_at)
                jobs.append(
                    Job(
                        f"review-{stage}:{cid}",
                        trigger,
                        lambda at, s=stage: self.post_review(cid, s, at),
                        grace=timedelta(hours=12),
                    )
                )
        return jobs

    async def _open(self, cohort_id: int, at: datetime) -> tuple[Cohort | None, list[Break]]:
        cohort = await self.cohorts.cohorts.get(cohort_id)
        if cohort is None or cohort.channel_id is None or not in_course(cohort, at):
            return None, []
        breaks = await self.breaks.of_cohort(cohort.id)
        if on_break(breaks, local_day(at, cohort.zone)):
            return None, breaks
        return cohort, breaks

    async def post(self, cohort_id: int, at: datetime) -> bool:
        cohort, _ = await self._open(cohort_id, at)
        if cohort is None:
            return False
        week, lang = course_week(cohort, at), cohort.locale
        payload = {
            "embeds": [
                {
                    "title": text("pulse.title", lang, week=week),
                    "description": text("pulse.body", lang),
                }
            ],
            "view": {"name": PULSE_VIEW, "args": {"cohort": cohort.id, "week": week, "lang": lang}},
            "expires": week_end(cohort, week).isoformat(),
        }
        key = outbox_key("cohort", cohort.id, "pulse", week)
        await self.outbox.post(
            key, payload, at, guild_id=cohort.guild_id, channel_id=cohort.channel_id
        )
        return True

    async def remind(self, cohort_id: int, at: datetime) -> bool:
        """The day before the week closes: how many answered (a count, never names)."""
        cohort, _ = await self._open(cohort_id, at)
        if cohort is None:
            return False
        week = course_week(cohort, at)
        if local_day(at, cohort.zone) != week_days(cohort, week)[5]:
            return False
        if await self.outbox.store.get(outbox_key("cohort", cohort.id, "pulse", week)) is None:
            return False  # no pulse this week (a break on pulse day)
        count = len(await self.answers.of_week(cohort.id, week))
        total = sum(1 for x in await self.cohorts.learners.of_cohort(cohort.id) if x.active)
        content = text("pulse.reminder", cohort.locale, n=count, total=total)
        key = outbox_key("cohort", cohort.id, "pulse-reminder", week)
        payload = {
            "content": content,
            "view": {
                "name": PULSE_VIEW,
                "args": {"cohort": cohort.id, "week": week, "lang": cohort.locale},
            },
            "expires": week_end(cohort, week).isoformat(),
        }
        await self.outbox.post(
            key, payload, at, guild_id=cohort.guild_id, channel_id=cohort.channel_id
        )
        return True

    async def check_open(self, cohort_id: int, user_id: int, week: int, now: datetime) -> Cohort:
        cohort = await self.cohorts.cohorts.get(cohort_id)
        learner = await self.cohorts.learners.get(cohort_id, user_id) if cohort else None
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")
        if week < 1:
            raise Refusal("pulse.not_yet", week=1)
        if now >= week_end(cohort, week):
            raise Refusal("pulse.closed", week=week)
        if course_week(cohort, now) < week:
            raise Refusal("pulse.not_yet", week=week)
        return cohort

    async def answer(
        self, cohort_id: int, user_id: int, week: int, answers: tuple[int, ...], now: datetime
    ) -> bool:
        """Store (or edit) the week's answer; True for a first answer."""
        await self.check_open(cohort_id, user_id, week, now)
        return await self.answers.save(cohort_id, user_id, week, answers, now)

    async def answers_of(self, cohort_id: int, user_id: int) -> list[PulseAnswer]:
        return await self.answers.of_learner(cohort_id, user_id)

    async def mine(self, cohort_id: int, user_id: int, week: int) -> PulseAnswer | None:
        return await self.answers.get(cohort_id, user_id, week)

    # goals then vs now --------------------------------------------------------------------

    async def post_review(self, cohort_id: int, stage: str, at: datetime) -> bool:
        """The goals review post, once, on the first open day from its date."""
        cohort, _ = await self._open(cohort_id, at)
        key = outbox_key("cohort", cohort_id, "review", stage)
        if cohort is None or await self.outbox.store.get(key) is not None:
            return False
        lang = cohort.locale
        payload = {
            "embeds": [
                {
                    "title": text(f"review.title_{stage}", lang),
                    "description": text("review.body", lang),
                }
            ],
            "view": {
                "name": REVIEW_VIEW,
                "args": {"cohort": cohort.id, "stage": stage, "lang": lang},
            },
        }
        await self.outbox.post(
            key, payload, at, guild_id=cohort.guild_id, channel_id=cohort.channel_id
        )
        return True

    async def review(
        self,
        cohort_id: int,
        user_id: int,
        stage: str,
        now_text: str,
        holds: str,
        changed: str | None,
        at: datetime,
    ) -> Goals:
        learner = await self.cohorts.learners.get(cohort_id, user_id)
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")
        still = holds.strip().lower()
        if still not in YES | NO:
            raise Refusal("review.holds_invalid", value=holds)
        goals = Goals(
            cohort_id,
            user_id,
            stage,
            now_text.strip()[:1000],
            None,
            None,
            at,
            still_holds=still in YES,
            changed=(changed or "").strip()[:1000] or None,
        )
        await self.goals.save(goals)
        return goals


YES = {"oui", "o", "yes", "y"}
NO = {"non", "n", "no"}


def review_times(cohort: Cohort) -> dict[str, datetime]:
    """Midpoint of the course, and three days before its end, at the presence time."""
    at = clock(cohort.presence_time)
    middle = cohort.kickoff_at + (cohort.ends_at - cohort.kickoff_at) / 2
    end = cohort.ends_at - timedelta(days=3)
    return {
        stage: datetime.combine(local_day(when, cohort.zone), at, tzinfo=cohort.zone)
        for stage, when in (("midpoint", middle), ("end", end))
        if when > cohort.kickoff_at
    }
