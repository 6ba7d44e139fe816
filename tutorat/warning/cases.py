"""Cases: a signal becomes a named tutor's case, with the reasons, the learner's successes and
the seed's interview guide, delivered privately; reminders, escalation, cooldown, and whether
the contact helped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from statistics import mean

from tutorat.calendar import Break, course_week, kickoff_day, on_break, week_end, week_start
from tutorat.dates import local_day, spoken
from tutorat.errors import Refusal
from tutorat.models import Case, Cohort, OutboxStatus
from tutorat.onboarding import for_learner
from tutorat.outbox import Outbox, outbox_key
from tutorat.pulse import overall
from tutorat.recent import RecentActivity
from tutorat.schedule import Job, daily_at
from tutorat.texts import Count, text
from tutorat.warning.calibration import on_track, ranked, threshold
from tutorat.warning.score import Score, Weights, load_weights, score
from tutorat.warning.signs import (
    Context,
    Deadline,
    History,
    Signal,
    Thresholds,
    by_form,
    cohort_rhythm,
    week_counts,
)

CASE_VIEW = "case"
HISTORY_DAYS = 70


@dataclass(frozen=True)
class Policy:
    remind_after: timedelta = timedelta(hours=48)
    escalate_after: timedelta = timedelta(days=4)
    cooldown: timedelta = timedelta(days=14)
    snooze: timedelta = timedelta(days=7)
    effect_days: int = 14
    learner_nudge: frozenset[str] = frozenset({"S2", "S7"})
    weekly_cap: int = 8  # new cases a tutor receives in a week at most, all cohorts (0: no cap)


class Cases:
    def __init__(
        self,
        cohorts,
        store,
        outbox: Outbox,
        assignments,
        breaks,
        pulses,
        settings,
        thresholds: Thresholds | None = None,
        policy: Policy | None = None,
        scan_time: time = time(8, 0),
        recent: RecentActivity | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.cohorts = cohorts  # CohortService
        self.store = store  # CaseRepository
        self.outbox = outbox
        self.assignments = assignments
        self.breaks = breaks
        self.pulses = pulses
        self.settings = settings
        self.thresholds = thresholds or Thresholds()
        self.policy = policy or Policy()
        self.weights = weights or load_weights()
        self.scan_time = scan_time
        # the activity the scan reads, kept up to date by the writers that tell it
        self.recent = recent or RecentActivity(store, keep=False)

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        """The daily scan at scan time, in the cohort's zone, from the kick-off to the end."""
        at, cid = self.scan_time, cohort.id
        trigger = daily_at(
            at.hour, at.minute, cohort.zone, start=cohort.kickoff_at, end=cohort.ends_at
        )
        return [
            Job(
                f"scan:{cid}", trigger, lambda when: self.scan(cid, when), grace=timedelta(hours=12)
            )
        ]

    # reading the cohort in one pass --------------------------------------------------------

    async def histories(
        self, cohort: Cohort, now: datetime, breaks: list[Break]
    ) -> tuple[Context, dict[int, History]]:
        zone, today = cohort.zone, local_day(now, cohort.zone)
        start = kickoff_day(cohort)
        learners = await self.cohorts.learners.of_cohort(cohort.id)
        histories = {
            x.user_id: History(
                x.user_id,
                max(local_day(x.joined_at, zone), start),
                x.started_at is not None,
                left=not x.active,
                enrolled_before=local_day(x.joined_at, zone) < start,
            )
            for x in learners
        }
        since = today - timedelta(days=HISTORY_DAYS)  # days before the kick-off too (S1)
        window = await self.recent.read(cohort.guild_id, cohort.id, set(histories), since)
        for user_id, days in window.days.items():
            h = histories[user_id]
            h.daily, h.peer, h.platform = dict(days.total), dict(days.peer), dict(days.platform)
        for user_id, day in window.before.items():
            histories[user_id].last_before = day
        for row in await self.store.pulses(cohort.id):
            if row["user_id"] in histories:
                histories[row["user_id"]].pulses[row["week"]] = tuple(
                    row[f"p{i}"] for i in range(1, 7)
                )
        due, done = await self.store.checkpoint_status(cohort.id, now)
        active = [h for h in histories.values() if not h.left]
        declared = {}
        present = {h.user_id for h in active}
        met = Counter(c for c, user in done if user in present)
        for checkpoint in reversed(due):  # in due order
            name = checkpoint["name"]
            due_day = local_day(datetime.fromisoformat(checkpoint["due_at"]), zone)
            declared[name] = met[checkpoint["id"]] / len(active) if active else 0.0
            alike: dict[datetime | None, Deadline] = {}  # one Deadline for learners alike
            for h in histories.values():
                when = done.get((checkpoint["id"], h.user_id))
                if when not in alike:
                    alike[when] = Deadline(
                        name,
                        due_day,
                        local_day(when, zone) if when else None,
                        checkpoint["weight"],
                    )
                h.deadlines.append(alike[when])
        done_by = Counter(user for _, user in done)
        for h in histories.values():
            h.checkpoints_done = done_by[h.user_id]
        for user_id, said in (await self.store.partners_silent(cohort.id)).items():
            if user_id in histories:
                histories[user_id].partner_silent = local_day(datetime.fromisoformat(said), zone)
        for user_id in await self.store.goals_dropped(cohort.id):
            if user_id in histories:
                histories[user_id].goal_dropped = True
        first = max(start, since)
        open_days = frozenset(
            first + timedelta(days=i)
            for i in range((today - first).days)
            if not on_break(breaks, first + timedelta(days=i))
        )
        recent = sorted(open_days)[-self.thresholds.isolation_days :]
        peers = sum(1 for h in active if any(h.peer.get(d) for d in recent))
        week = course_week(cohort, now)
        ended = {
            outbox_key("cohort", cohort.id, "pulse", w): w
            for w in range(1, week)
            if week_end(cohort, w) <= now
        }
        posted = await self.outbox.store.recorded(list(ended))
        closed = [w for key, w in ended.items() if key in posted]
        weights = sorted(w for c in due if (w := c["weight"]) is not None and w > 0)
        ctx = Context(
            today,
            start,
            open_days,
            closed,
            len(active),
            peers / len(active) if active else 0.0,
            declared=declared,
            usual_weight=weights[len(weights) // 2] if weights else None,
        )
        ctx = replace(ctx, **cohort_rhythm(active, ctx, self.thresholds))
        return ctx, histories

    # the daily scan -------------------------------------------------------------------------

    async def scan(self, cohort_id: int, now: datetime) -> list[int]:
        """Evaluate every active learner, open new cases, remind and escalate old ones."""
        cohort = await self.cohorts.cohorts.get(cohort_id)
        if cohort is None or cohort.ended(now) or now < cohort.kickoff_at:
            if cohort is not None and cohort.ended(now):
                self.recent.drop(cohort_id)
            return []
        breaks = await self.breaks.of_cohort(cohort.id)
        ctx, histories = await self.histories(cohort, now, breaks)
        every = await self.store.of_cohort(cohort.id, open_only=False)  # one read, three uses
        open_cases = {(c.user_id, c.form): c for c in every if c.open}
        closed: dict[tuple[int, str], list[Case]] = {}  # per learner and form, oldest first
        for case in sorted((c for c in every if not c.open), key=lambda c: (c.closed_at, c.id)):
            closed.setdefault((case.user_id, case.form), []).append(case)
        present = [h for h in histories.values() if not h.left]
        scores = {h.user_id: score(h, ctx, self.thresholds, self.weights) for h in present}
        limit = await self.calibrate(cohort, ctx, present, scores)
        week = week_start(cohort, course_week(cohort, now))
        # new this course week, for each tutor in all the server's cohorts: a tutor of two
        # cohorts has the same hours for both
        taken = Counter(await self.store.opened_since(cohort.guild_id, week))
        opened, waiting = [], []
        for found in ranked(scores.values()):
            h = histories[found.user_id]
            for form, signals in by_form(found.signals).items():
                case = open_cases.get((h.user_id, form))
                if case is not None:
                    await self._merge(case, signals, cohort.locale)
            if not found.reasons or found.value < self.weights.watch_share * limit:
                continue
            for form, signals in found.forms(self.weights.floor).items():
                if (h.user_id, form) in open_cases:
                    continue  # followed already
                earlier = closed.get((h.user_id, form), [])
                if held_back(earlier, {s.code for s in signals}, now, self.policy.cooldown):
                    continue
                tutor = await self.tutor_for(cohort, h.user_id)
                full = self.policy.weekly_cap and taken[tutor] >= self.policy.weekly_cap
                if found.value < limit or (tutor is not None and full):
                    waiting.append(watched(found, tutor, limit, found.value >= limit, ctx, cohort))
                    break
                case_id = await self.open(cohort, h, form, signals, ctx, now, tutor)
                if case_id is not None:
                    opened.append(case_id)
                    taken[tutor] += 1
        for i, row in enumerate(waiting, 1):
            row["ranking"] = i
        await self.store.replace_watch_list(cohort.id, waiting)
        await self.follow_up(cohort, now)
        await self.measure(cohort, now)
        return opened

    async def calibrate(
        self, cohort: Cohort, ctx: Context, present: list[History], scores: dict[int, Score]
    ) -> float:
        """Today's threshold of the cohort: each learner's highest score so far is kept (what
        activity and deadlines add up to), and those of the learners on track set it."""
        peaks = await self.store.peaks(cohort.id)
        reads = self.weights.reads
        higher = {u: p for u, x in scores.items() if (p := x.part(reads)) > peaks.get(u, 0.0)}
        await self.store.raise_peaks(cohort.id, higher)
        peaks.update(higher)
        on = [peaks.get(h.user_id, 0.0) for h in present if on_track(h, ctx, self.thresholds)]
        return threshold(on, self.weights, self.thresholds.small_cohort, size=len(present))

    async def _merge(self, case: Case, signals: list[Signal], lang: str) -> None:
        codes = sorted(set(case.signals) | {s.code for s in signals})
        if codes != sorted(case.signals):
            reasons = case.reasons + [s.said(lang) for s in signals if s.code not in case.signals]
            await self.store.update(case, signals=codes, reasons=reasons)

    async def tutor_for(self, cohort: Cohort, user_id: int) -> int | None:
        tutor = await self.assignments.tutor_of(cohort.id, user_id)
        if tutor is None:
            tutors = await self.cohorts.cohorts.tutors(cohort.id)
            tutor = tutors[0] if tutors else None
        return tutor

    async def open(
        self,
        cohort: Cohort,
        h: History,
        form: str,
        signals: list[Signal],
        ctx: Context,
        now: datetime,
        tutor: int | None = None,
    ) -> int | None:
        tutor = tutor if tutor is not None else await self.tutor_for(cohort, h.user_id)
        codes = [s.code for s in signals]
        reasons = [s.said(cohort.locale) for s in signals]  # in the language the tutors read
        async with self.store.atomic():  # the case and its prompt are recorded together
            return await self._open(cohort, h, form, codes, reasons, tutor, ctx, now)

    async def _open(self, cohort, h, form, codes, reasons, tutor, ctx, now) -> int | None:
        case_id = await self.store.open(cohort.id, h.user_id, tutor, form, codes, reasons, now)
        if case_id is None:
            return None
        case = await self.store.get(case_id)
        payload = prompt_payload(cohort, case, "new", h, ctx, self.policy)
        await self._deliver(cohort, case, "new", payload, now)
        if self.policy.learner_nudge & set(codes):
            await self.outbox.direct(
                outbox_key("case", case_id, "learner"),
                {
                    "content": text("case.learner_nudge", cohort.locale, name=f"<@{h.user_id}>"),
                    "kind": "learner-nudge",
                    **for_learner(cohort),
                },
                now,
                guild_id=cohort.guild_id,
                user_id=h.user_id,
            )
        return case_id

    async def _deliver(
        self,
        cohort: Cohort,
        case: Case,
        kind: str,
        payload: dict,
        now: datetime,
        to_coordinators: bool = False,
    ) -> None:
        key = outbox_key("case", case.id, kind)
        thread = {
            "channel_id": cohort.tutors_channel_id,
            "thread": text("case.thread", cohort.locale, case=case.id),
        }
        if case.tutor_id is not None and not to_coordinators:
            payload.update(audience="tutor", zone=cohort.tz)  # waits for the tutor's hours
            payload["fallback"] = {
                **thread,
                "content": f"<@{case.tutor_id}>",
                "mention_users": [case.tutor_id],
            }
            await self.outbox.direct(
                key, payload, now, guild_id=cohort.guild_id, user_id=case.tutor_id
            )
        elif cohort.tutors_channel_id is not None:
            payload.update(thread=thread["thread"])
            await self.outbox.post(
                key, payload, now, guild_id=cohort.guild_id, channel_id=cohort.tutors_channel_id
            )

    # reminders, escalation, effect ---------------------------------------------------------

    async def follow_up(self, cohort: Cohort, now: datetime) -> None:
        for case in await self.store.to_follow_up(cohort.id):
            if case.snoozed_until is not None and now < case.snoozed_until:
                continue
            since = case.acted_at or case.opened_at
            if case.acted_at is None:  # counted from when the tutor was told
                told = await self.outbox.item(outbox_key("case", case.id, "new"))
                if told is not None and told.status is OutboxStatus.PENDING:
                    continue  # not told yet: the prompt waits for the tutor's hours
                since = told.sent_at if told is not None and told.sent_at else since
            if case.escalated_at is None and now - since >= self.policy.escalate_after:
                await self.store.update(case, escalated_at=now)
                payload = prompt_payload(cohort, case, "escalation", policy=self.policy)
                role = (await self.settings.get(cohort.guild_id)).coordinator_role_id
                if role is not None:
                    payload["content"] = f"<@&{role}> " + payload["content"]
                    payload["mention_roles"] = [role]
                await self._deliver(cohort, case, "escalation", payload, now, to_coordinators=True)
            elif case.reminded_at is None and now - since >= self.policy.remind_after:
                await self.store.update(case, reminded_at=now)
                await self._deliver(
                    cohort,
                    case,
                    "reminder",
                    prompt_payload(cohort, case, "reminder", policy=self.policy),
                    now,
                )

    async def measure(self, cohort: Cohort, now: datetime) -> None:
        """For cases closed after a contact, 14 days on: activity and pulse after vs before."""
        span = timedelta(days=self.policy.effect_days)
        for case in await self.store.without_effect(cohort.id, now - span):
            ctx_day = local_day(case.contacted_at, cohort.zone)
            rows = await self.store.activity(cohort.guild_id, cohort.id, ctx_day - span)
            before = sum(
                r["total"]
                for r in rows
                if r["user_id"] == case.user_id
                and ctx_day - span <= date.fromisoformat(r["day"]) < ctx_day
            )
            after = sum(
                r["total"]
                for r in rows
                if r["user_id"] == case.user_id
                and ctx_day <= date.fromisoformat(r["day"]) < ctx_day + span
            )
            week = course_week(cohort, case.contacted_at)
            answers = {
                a.week: a.answers for a in await self.pulses.of_learner(cohort.id, case.user_id)
            }
            pulse_before = _pulse_mean([answers.get(w) for w in (week - 2, week - 1)])
            pulse_after = _pulse_mean([answers.get(w) for w in (week + 1, week + 2)])
            await self.store.save_effect(case.id, before, after, pulse_before, pulse_after, now)

    # what tutors do --------------------------------------------------------------------------

    async def open_cases_of(self, cohort_id: int, user_id: int) -> list[Case]:
        return [c for c in await self.store.of_learner(cohort_id, user_id) if c.open]

    async def interview_done(
        self,
        case_id: int,
        now: datetime,
        notes: str | None,
        next_step: str | None,
        quiet: str,
        by: int | None = None,
    ) -> Closed:
        """The interview recorded, and, if the tutor gave a number of weeks, no new case of that
        form for the learner until then. A number not understood loses nothing: the interview
        is kept and the answer says the pause was not set."""
        weeks = quiet_weeks(quiet)
        quiet_until = now + timedelta(weeks=weeks) if weeks else None
        case = await self.act(
            case_id, "done", now, notes=notes, next_step=next_step, quiet_until=quiet_until, by=by
        )
        cohort = await self.cohorts.cohorts.get(case.cohort_id)
        zone = cohort.zone if cohort is not None else None
        refused = quiet.strip() if weeks is None and quiet.strip() else None
        return Closed(case, self.policy.effect_days, zone, refused)

    async def act(
        self,
        case_id: int,
        action: str,
        now: datetime,
        *,
        notes: str | None = None,
        next_step: str | None = None,
        quiet_until: datetime | None = None,
        by: int | None = None,
    ) -> Case:
        """A tutor's action on a case; `by`, who took it (the contact log names them)."""
        case = await self.store.get(case_id)
        if case is None:
            raise Refusal("case.unknown")
        if not case.open:
            raise Refusal("case.closed")
        first_contact = {"contacted_at": now, "contacted_by": by} if not case.contacted_at else {}
        if action == "contacted":
            await self.store.update(case, acted_at=now, **first_contact)
        elif action == "done":
            await self.store.update(
                case,
                **first_contact,
                acted_at=now,
                closed_at=now,
                closed_by=by,
                outcome="done",
                notes=notes,
                next_step=next_step,
                quiet_until=quiet_until,
            )
        elif action == "false_alarm":
            await self.store.update(
                case,
                acted_at=now,
                closed_at=now,
                closed_by=by,
                outcome="false_alarm",
                notes=notes,
            )
        elif action == "snooze":
            await self.store.update(
                case,
                acted_at=now + self.policy.snooze,
                snoozed_until=now + self.policy.snooze,
                reminded_at=None,
                escalated_at=None,
            )
        else:
            raise Refusal("case.unknown")
        case = await self.store.get(case.id)
        await self.restate(case, action, now)
        return case

    async def restate(self, case: Case, action: str, now: datetime) -> None:
        """The case's messages (the prompt, its reminder, its escalation) show its state,
        whichever side acted (a button in Discord or the web view): edits, through the
        outbox. A message not sent yet (waiting for the tutor's hours) goes as written while
        the case is open, and not at all once it is closed: the tutor has acted already."""
        cohort = await self.cohorts.cohorts.get(case.cohort_id)
        lang = cohort.locale
        if case.outcome:
            status = text(f"case.status_{case.outcome}", lang)
        elif case.snoozed_until is not None and now < case.snoozed_until:
            status = text("case.status_snoozed", lang)
        else:
            status = text(f"case.status_{'contacted' if case.contacted_at else 'open'}", lang)
        for kind in ("new", "reminder", "escalation"):
            told = await self.outbox.item(outbox_key("case", case.id, kind))
            if told is not None and told.status is OutboxStatus.PENDING and not case.open:
                await self.outbox.drop(told, "the case was closed before it was sent")
                continue
            if told is None or told.message_id is None:
                continue
            embeds = [dict(e) for e in told.payload.get("embeds", [])]
            if embeds:
                embeds[0]["footer"] = {"text": text("case.status", lang, status=status)}
            payload = {
                "edit": told.key,
                "content": told.payload.get("content"),
                "embeds": embeds,
                "view": told.payload.get("view") if case.open else None,
            }
            key = outbox_key("case", case.id, "state", kind, action, now.isoformat())
            if told.channel_id is not None:
                await self.outbox.post(
                    key, payload, now, guild_id=told.guild_id, channel_id=told.channel_id
                )
            else:
                await self.outbox.direct(
                    key, payload, now, guild_id=told.guild_id, user_id=told.user_id
                )


QUIET_WEEKS_MAX = 26  # half a year: longer than that, the learner is another person


def quiet_weeks(said: str) -> int | None:
    """The weeks a tutor typed after an interview: 0 (or nothing) for no pause; None when it
    is not a whole number from 0 to QUIET_WEEKS_MAX."""
    said = said.strip()
    if not said:
        return 0
    if not said.isdigit() or int(said) > QUIET_WEEKS_MAX:
        return None
    return int(said)


def held_back(earlier: list[Case], codes: set[str], now: datetime, cooldown: timedelta) -> bool:
    """Whether a learner's closed cases of one form (oldest first) keep a new one shut: the
    cooldown after the last, a pause the tutor asked for after an interview, or signs a tutor
    already judged a false alarm for this form (only a sign not among them reopens it)."""
    if not earlier:
        return False
    if now < earlier[-1].closed_at + cooldown:
        return True
    if any(c.quiet_until is not None and now < c.quiet_until for c in earlier):
        return True
    judged = {code for c in earlier if c.outcome == "false_alarm" for code in c.signals}
    return bool(judged) and codes <= judged


@dataclass(frozen=True)
class Closed:
    """An interview recorded, said back to the tutor in their language."""

    case: Case
    effect_days: int
    zone: object  # the cohort's ZoneInfo, for the date the pause ends
    refused_quiet: str | None = None  # what was typed for the weeks, when not understood

    def said(self, lang: str) -> str:
        lines = [text("case.done", lang, days=Count("digest.days", self.effect_days))]
        form = text(FORM_KEYS[self.case.form], lang)
        if self.case.quiet_until is not None and self.zone is not None:
            until = spoken(self.case.quiet_until, self.zone, lang)
            lines.append(text("case.quiet_set", lang, form=form, until=until))
        elif self.refused_quiet is not None:
            lines.append(
                text("case.quiet_refused", lang, value=self.refused_quiet, most=QUIET_WEEKS_MAX)
            )
        return "\n".join(lines)


def watched(found: Score, tutor, limit: float, over: bool, ctx: Context, cohort: Cohort) -> dict:
    """A learner's row on the watch list: over the threshold (past the cap) or just under it."""
    return {
        "user_id": found.user_id,
        "tutor_id": tutor,
        "score": found.value,
        "threshold": round(limit, 3),
        "past_cap": over,
        "reasons": [s.said(cohort.locale) for s in found.signals],
        "day": ctx.today.isoformat(),
    }


def _pulse_mean(answers: list) -> float | None:
    values = [overall(a) for a in answers if a]
    return round(mean(values), 2) if values else None


FORM_KEYS = {"non-demarreur": "form.non_starter", "decouragement": "form.discouraged",
             "perte-de-sens": "form.meaning", "isolement": "form.isolated"}  # fmt: skip


def successes(h: History, today: date, done_count: int, lang: str = "fr") -> list[str]:
    """What went well, to say first in the interview (in the tutor's language)."""
    found = []
    if h.started:
        found.append(text("case.win_started", lang))
    if done_count:
        found.append(text("case.win_checkpoints", lang, n=done_count))
    weeks = week_counts(h, today, 8)
    if any(weeks):
        found.append(text("case.win_best_week", lang, n=max(weeks)))
    if h.peer:
        found.append(text("case.win_peers", lang, n=sum(h.peer.values())))
    if h.pulses:
        best = max(h.pulses.values(), key=lambda a: a[5])
        found.append(text("case.win_intention", lang, score=best[5]))
    return found


def prompt_payload(
    cohort: Cohort,
    case: Case,
    kind: str,
    h: History | None = None,
    ctx: Context | None = None,
    policy: Policy | None = None,
) -> dict:
    """What the tutor reads: who, which form, why, four weeks, successes, the guide; the
    delays it states are the ones in force ([cases] escalate_after_days, snooze_days)."""
    lang, policy = cohort.locale, policy or Policy()
    form = text(FORM_KEYS[case.form], lang)
    who = f"<@{case.user_id}>"
    waited = Count("digest.days", policy.escalate_after.days)
    title = text(f"case.title_{kind}", lang, who=who, form=form, days=waited)
    lines = [f"• {reason}" for reason in case.reasons]
    fields = []
    if h is not None and ctx is not None:
        counts = week_counts(h, ctx.today, 4)
        fields.append(
            {
                "name": text("case.weeks", lang),
                "value": " · ".join(str(n) for n in counts) + " " + text("case.weeks_unit", lang),
            }
        )
        wins = successes(h, ctx.today, h.checkpoints_done, lang)
        fields.append(
            {
                "name": text("case.successes", lang),
                "value": "\n".join(f"• {w}" for w in wins) or text("case.no_success", lang),
            }
        )
    fields.append(
        {"name": text("case.guide_title", lang), "value": text(f"guide.{case.form}", lang)[:1024]}
    )
    payload = {
        "content": who if kind != "escalation" else text("case.escalation_to", lang, who=who),
        "embeds": [
            {"title": title[:256], "description": "\n".join(lines)[:4000], "fields": fields}
        ],
        "view": {
            "name": CASE_VIEW,
            "args": {"case": case.id, "lang": lang, "snooze_days": policy.snooze.days},
        },
        "prompt": {
            "kind": kind,
            "form": case.form,
            "signals": case.signals,
            "reasons": case.reasons,
            "case": str(case.id),
            "user_id": case.user_id,
            "cohort_id": cohort.id,
        },
    }
    return payload
