"""The tutors' reports as a service: the state of a cohort, one learner's timeline, and the
weekly digest posted each Monday morning in the cohort's tutors-only channel (one post per
cohort and week, recorded in the outbox like every post, its chart drawn when it is sent)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from tutorat.calendar import course_week, kickoff_day, week_days, week_end
from tutorat.dates import duration, local_day, number
from tutorat.models import Cohort
from tutorat.outbox import Outbox, outbox_key
from tutorat.reports import (
    DIMENSIONS,
    CohortState,
    Digest,
    Timeline,
    cohort_state,
    digest,
    timeline,
    weekly,
)
from tutorat.schedule import Job, daily_at
from tutorat.texts import Count, text
from tutorat.warning.cases import FORM_KEYS

COHORT_CHART = "cohort_chart"
DIGEST_HOUR, DIGEST_MINUTE = 8, 30  # Monday, after the 08:00 scan


class Reporting:
    def __init__(
        self, cohorts, store, outbox: Outbox, pulses, effect_days: int = 14, log=None
    ) -> None:
        self.effect_days = effect_days  # [cases] effect_days: when a contact's effect is read
        self.log = log  # ContactLog: the contacts a learner's timeline marks
        self.cohorts = cohorts  # CohortService
        self.store = store  # ReportRepository
        self.outbox = outbox
        self.pulses = pulses  # PulseRepository

    async def state(self, cohort: Cohort, now: datetime) -> CohortState:
        return cohort_state(await self.store.cohort_rows(cohort), now)

    async def weeks(self, cohort: Cohort, through: int) -> list:
        """The cohort's week points through week `through` (the digest's chart)."""
        return weekly(await self.store.cohort_rows(cohort), through)

    async def learner(self, cohort: Cohort, user_id: int, cases: list, now: datetime) -> Timeline:
        """Activity by day, pulse answers, deadlines due and declared, cases, contacts and
        what the early warning said."""
        start = kickoff_day(cohort)
        checkpoints = await self.store.learner_checkpoints(cohort.id, user_id)
        return timeline(
            cohort,
            await self.store.learner_activity(cohort.guild_id, user_id, start),
            [(a.week, a.answers) for a in await self.pulses.of_learner(cohort.id, user_id)],
            [done for _, _, done, _ in checkpoints if done is not None],
            cases,
            local_day(now, cohort.zone),
            deadlines=[c for c in checkpoints if c[1] <= now],
            contacts=await self.log.entries(cohort, user_id, cases) if self.log else None,
            watch=await self.store.learner_watch(cohort.id, user_id),
        )

    # the weekly digest ------------------------------------------------------------------

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        """Mondays at 08:30 local from the second week, and once more after the end."""
        end = cohort.ends_at + timedelta(days=8) if cohort.ends_at else None
        trigger = daily_at(
            DIGEST_HOUR,
            DIGEST_MINUTE,
            cohort.zone,
            "mon",
            start=cohort.kickoff_at + timedelta(days=1),
            end=end,
        )
        cid = cohort.id
        # down on Monday morning? the digest still goes out when the bot is back that week
        return [
            Job(
                f"digest:{cid}",
                trigger,
                lambda at: self.post_digest(cid, at),
                grace=timedelta(days=2),
            )
        ]

    async def post_digest(self, cohort_id: int, at: datetime) -> bool:
        """The digest of the week that ended before `at`; once per cohort and week."""
        cohort = await self.cohorts.cohorts.get(cohort_id)
        if cohort is None or cohort.archived_at is not None or cohort.tutors_channel_id is None:
            return False
        week = course_week(cohort, at) - 1
        if week < 1 or (
            cohort.ends_at is not None and week_end(cohort, week - 1) >= cohort.ends_at
        ):
            return False
        report = await self.digest_of(cohort, week)
        help_channel = await self.store.has_help_channel(cohort.id)
        return await self.outbox.post(
            outbox_key("cohort", cohort.id, "digest", week),
            digest_payload(cohort, report, help_channel, cohort.locale, self.effect_days),
            at,
            guild_id=cohort.guild_id,
            channel_id=cohort.tutors_channel_id,
        )

    async def digest_of(self, cohort: Cohort, week: int) -> Digest:
        # the digest tells the week and the one before: their activity, not the whole course's
        rows = await self.store.cohort_rows(cohort, week_days(cohort, max(1, week - 1))[0])
        tutors = sorted(
            set(await self.cohorts.cohorts.tutors(cohort.id)) | set(rows.tutors.values())
        )
        days = week_days(cohort, week)
        posts = await self.store.tutor_posts(cohort.guild_id, tutors, days[0], days[-1])
        posts = {tutor: posts.get(tutor, 0) for tutor in tutors}
        waits = await self.store.help_waits(cohort.id, week_end(cohort, week - 1))
        found = digest(rows, week, posts, waits)
        watching, past_cap = await self.store.watching(cohort.id)
        return replace(found, watching=watching, past_cap=past_cap)


def decimal(value: float | None, lang: str = "fr") -> str:
    """A pulse mean as the reader writes it (5,7 / 5.7); a dash when nobody answered."""
    return "—" if value is None else number(value, lang)


def _trend(now: float | None, before: float | None, lang: str) -> str:
    if now is None or before is None:
        return ""
    change = round(now - before, 1)
    if change == 0:
        return " (=)"
    return f" ({'+' if change > 0 else '−'}{decimal(abs(change), lang)})"


def digest_lines(report: Digest, lang: str, effect_days: int = 14) -> list[str]:
    """The week in five lines; contacts' effect measured `effect_days` after them."""
    now, before = report.now, report.before
    activity = "digest.activity" if before else "digest.activity_first"  # week 1: none before
    lines = [
        text(
            activity,
            lang,
            n=now.active,
            enrolled=report.enrolled,
            before=before.active if before else None,
            actions=Count("digest.actions", now.actions),
        )
    ]
    if now.answers:
        dims = " · ".join(
            text(
                "digest.dim",
                lang,
                dim=text(f"pulse.dim_{d}", lang),
                value=decimal(now.dims[d], lang),
                trend=_trend(now.dims[d], before.dims[d] if before else None, lang),
            )
            for d in DIMENSIONS
        )
        lines.append(text("digest.pulse", lang, n=now.answers, dims=dims))
    else:
        lines.append(text("digest.pulse_none", lang))
    checkpoints = ", ".join(
        text("digest.checkpoint", lang, name=name, n=n) for name, n in report.checkpoints_due
    ) or text("digest.no_checkpoint", lang)
    lines.append(
        text(
            "digest.start",
            lang,
            started=report.started,
            enrolled=report.enrolled,
            checkpoints=checkpoints,
        )
    )
    if report.linked is not None:  # the line about the start tells the platform's links too
        platform = text("digest.platform", lang, linked=report.linked, enrolled=report.enrolled)
        lines[-1] += " " + platform
    lines.append(
        text(
            "digest.cases",
            lang,
            n=report.new_cases,
            closed=Count("digest.closed", report.closed, {"contacted": report.contacted_closed}),
            pairs=Count("digest.pairs", report.pairs_active),
        )
    )
    if report.watching:
        lines.append(text("digest.watching", lang, n=report.watching, over=report.past_cap))
    if report.measured:
        lines.append(
            text(
                "digest.effect",
                lang,
                helped=report.helped,
                measured=report.measured,
                days=Count("digest.days", effect_days),
            )
        )
    else:
        lines.append(text("digest.effect_none", lang, days=Count("digest.days", effect_days)))
    return lines


def digest_payload(
    cohort: Cohort, report: Digest, help_channel: bool, lang: str, effect_days: int = 14
) -> dict:
    open_lines = [
        text(
            "digest.open_line",
            lang,
            who=f"<@{tutor}>" if tutor else text("digest.nobody", lang),
            n=len(forms),
            forms=", ".join(text(FORM_KEYS[f], lang) for f in sorted(forms)),
        )
        for tutor, forms in sorted(report.open_by_tutor.items(), key=lambda kv: kv[0] or 0)
    ]
    presence = [
        text(
            "digest.presence_line",
            lang,
            who=f"<@{p.tutor_id}>",
            n=p.posts,
            reply=text("digest.reply", lang, median=duration(p.median_reply, lang), n=p.questions)
            if p.median_reply is not None
            else text("digest.reply_none", lang),
        )
        for p in report.presence
    ]
    if help_channel:
        presence.append(
            text("digest.questions", lang, asked=report.questions, unanswered=report.unanswered)
        )
    else:
        presence.append(text("digest.no_help", lang))
    embed = {
        "title": text("digest.title", lang, week=report.week, cohort=cohort.name)[:256],
        "description": "\n".join(digest_lines(report, lang, effect_days))[:4096],
        "fields": [
            {
                "name": text("digest.open", lang),
                "value": ("\n".join(open_lines) or text("digest.open_none", lang))[:1024],
                "inline": False,
            },
            {
                "name": text("digest.presence", lang),
                "value": "\n".join(presence)[:1024],
                "inline": False,
            },
        ],
        "image": {"url": "attachment://bilan.png"},
    }
    return {
        "embeds": [embed],
        "files": [
            {
                "name": COHORT_CHART,
                "args": {"cohort": cohort.id, "week": report.week, "lang": lang},
                "filename": "bilan.png",
            }
        ],
    }
