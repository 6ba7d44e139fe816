"""Signs of presence (seed: faire circuler des signes de présence, rappel d'échéances, points
d'étape): one post per cohort per open day, and the checkpoints learners declare done.

One post reaches the whole cohort, so a cohort of 20 or of 2 000 costs Discord the same.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tutorat.calendar import Break, course_week, in_course, kickoff_day, on_break
from tutorat.dates import day_name, local_day, parse_day, parse_local, spoken, start_of_day
from tutorat.errors import Refusal
from tutorat.models import Checkpoint, Cohort
from tutorat.outbox import Outbox, outbox_key
from tutorat.schedule import Job, daily_at
from tutorat.texts import text
from tutorat.tips import tip_for

CHECKPOINTS_VIEW = "checkpoints"
SOON = {3: "presence.due_in_3", 1: "presence.due_tomorrow", 0: "presence.due_today"}
MAX_BUTTONS = 5


def clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class Presence:
    def __init__(self, cohorts, outbox: Outbox, items, checkpoints, breaks) -> None:
        self.cohorts = cohorts  # the CohortService: .cohorts and .learners
        self.outbox = outbox
        self.items = items
        self.checkpoints = checkpoints
        self.breaks = breaks

    # tutors' input ------------------------------------------------------------------------

    async def add_break(self, cohort: Cohort, first: str, last: str, now: datetime) -> Break:
        first_day, last_day = parse_day(first), parse_day(last)
        if last_day < first_day:
            raise Refusal("break.reversed")
        if last_day < local_day(now, cohort.zone):
            raise Refusal("break.past")
        break_id = await self.breaks.add(cohort.id, first_day, last_day, now)
        return Break(cohort.id, first_day, last_day, break_id)

    def _future_day(self, cohort: Cohort, value: str, now: datetime) -> date:
        day = parse_day(value)
        if day < local_day(now, cohort.zone):
            raise Refusal("presence.day_past", day=day.isoformat())
        if cohort.ends_at is not None and day > local_day(cohort.ends_at, cohort.zone):
            raise Refusal("presence.day_after_end", day=day.isoformat())
        return day

    async def queue(
        self, cohort: Cohort, day: str, body: str, author_id: int, now: datetime
    ) -> date:
        when = self._future_day(cohort, day, now)
        if not body.strip():
            raise Refusal("presence.empty")
        await self.items.queue(cohort.id, when, body.strip()[:1500], author_id, now)
        return when

    async def on_duty(self, cohort: Cohort, day: str, tutor_id: int, now: datetime) -> date:
        when = self._future_day(cohort, day, now)
        await self.items.set_duty(cohort.id, when, tutor_id)
        return when

    async def add_checkpoint(
        self, cohort: Cohort, name: str, due: str, now: datetime, weight: float | None = None
    ) -> Checkpoint:
        """A deadline; `weight`, its share of the course's mark where it is known (0: formative,
        never counted against a learner who skips it)."""
        name = " ".join(name.split())[:80]
        if not name:
            raise Refusal("checkpoint.empty_name")
        due_at = parse_local(due, cohort.zone, default_time=time(23, 59))
        if due_at <= now:
            raise Refusal("checkpoint.due_past", when=spoken(due_at, cohort.zone))
        if weight is not None and weight < 0:
            raise Refusal("checkpoint.weight_negative")
        checkpoint_id = await self.checkpoints.add(cohort.id, name, due_at, now, weight)
        if checkpoint_id is None:
            raise Refusal("checkpoint.duplicate", name=name)
        return Checkpoint(checkpoint_id, cohort.id, name, due_at)

    async def change_checkpoint(
        self, cohort: Cohort, name: str, new_name: str | None, due: str | None, now: datetime
    ) -> tuple[Checkpoint, Checkpoint]:
        """(before, after): a deadline typed wrong, renamed or moved; what learners declared
        stays, late or not by the new date."""
        before = await self._named(cohort, name)
        renamed = " ".join((new_name or "").split())[:80] or before.name
        due_at = before.due_at
        if due:
            due_at = parse_local(due, cohort.zone, default_time=time(23, 59))
            if due_at <= now:
                raise Refusal("checkpoint.due_past", when=spoken(due_at, cohort.zone))
        if not new_name and not due:
            raise Refusal("checkpoint.nothing_to_change")
        other = await self.checkpoints.by_name(cohort.id, renamed)
        if other is not None and other.id != before.id:
            raise Refusal("checkpoint.duplicate", name=renamed)
        await self.checkpoints.change(before.id, renamed, due_at)
        return before, Checkpoint(before.id, cohort.id, renamed, due_at)

    async def remove_checkpoint(self, cohort: Cohort, name: str) -> Checkpoint:
        checkpoint = await self._named(cohort, name)
        await self.checkpoints.remove(checkpoint.id)
        return checkpoint

    async def _named(self, cohort: Cohort, name: str) -> Checkpoint:
        found = await self.checkpoints.by_name(cohort.id, " ".join(name.split()))
        if found is None:
            raise Refusal("checkpoint.not_found", name=name, cohort=cohort.name)
        return found

    # learners' declarations ---------------------------------------------------------------

    async def declare(
        self, cohort_id: int, checkpoint_id: int, user_id: int, now: datetime
    ) -> tuple[Checkpoint, bool, bool]:
        """(checkpoint, new, late): a declaration after the due date is late, not refused."""
        checkpoint = await self.checkpoints.get(checkpoint_id)
        learner = await self.cohorts.learners.get(cohort_id, user_id) if checkpoint else None
        if checkpoint is None or checkpoint.cohort_id != cohort_id:
            raise Refusal("checkpoint.unknown")
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")
        late = now > checkpoint.due_at
        new = await self.checkpoints.declare(checkpoint.id, user_id, now, late)
        return checkpoint, new, late

    async def checkpoint_named(self, cohort_id: int, name: str) -> Checkpoint | None:
        return next(
            (c for c in await self.checkpoints.of_cohort(cohort_id) if c.name == name), None
        )

    async def breaks_of(self, cohort_id: int) -> list[Break]:
        return await self.breaks.of_cohort(cohort_id)

    async def declared_by(self, cohort_id: int, user_id: int) -> list:
        return await self.checkpoints.done_by(cohort_id, user_id)

    async def open_for(self, cohort_id: int, user_id: int) -> list[Checkpoint]:
        done = await self.checkpoints.done_by(cohort_id, user_id)
        return [c for c in await self.checkpoints.of_cohort(cohort_id) if c.id not in done]

    # the daily post -----------------------------------------------------------------------

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        at = clock(cohort.presence_time)
        start = max(
            cohort.kickoff_at, datetime.combine(kickoff_day(cohort), time(0), tzinfo=cohort.zone)
        )
        trigger = daily_at(
            at.hour, at.minute, cohort.zone, cohort.presence_days, start=start, end=cohort.ends_at
        )
        cid = cohort.id
        return [
            Job(
                f"presence:{cid}",
                trigger,
                lambda when: self.post(cid, when),
                grace=timedelta(hours=6),
            )
        ]

    async def post(self, cohort_id: int, at: datetime) -> bool:
        """Record today's presence post for the cohort, once; False on a closed day."""
        cohort = await self.cohorts.cohorts.get(cohort_id)
        if cohort is None or cohort.channel_id is None or not in_course(cohort, at):
            return False
        day = local_day(at, cohort.zone)
        if on_break(await self.breaks.of_cohort(cohort.id), day):
            return False
        soon = []
        for checkpoint in await self.checkpoints.of_cohort(cohort.id):
            left = (local_day(checkpoint.due_at, cohort.zone) - day).days
            if left in SOON:
                soon.append((checkpoint, left))
        payload = compose(
            cohort,
            day,
            course_week(cohort, at),
            [i.body for i in await self.items.items(cohort.id, day=day)],
            soon,
            await self.items.on_duty(cohort.id, day),
        )
        payload["expires"] = start_of_day(day + timedelta(days=1), cohort.zone).isoformat()
        key = outbox_key("cohort", cohort.id, "presence", day.isoformat())
        await self.outbox.post(
            key, payload, at, guild_id=cohort.guild_id, channel_id=cohort.channel_id
        )
        return True


def compose(
    cohort: Cohort,
    day: date,
    week: int,
    items: list[str],
    soon: list[tuple[Checkpoint, int]],
    duty: list[int],
) -> dict:
    """The presence post: tutors' words for the day, deadlines, who is on duty, a tip."""
    lang = cohort.locale
    function, tip = tip_for(day, lang)
    lines = [text("presence.week", lang, week=week)]
    lines += [f"📣 {item}" for item in items]
    for checkpoint, left in soon:
        lines.append(
            text(
                SOON[left],
                lang,
                name=checkpoint.name,
                when=spoken(checkpoint.due_at, cohort.zone, lang),
            )
        )
    if duty:
        lines.append(text("presence.duty", lang, who=", ".join(f"<@{t}>" for t in duty)))
    embed = {
        "title": text("presence.title", lang, cohort=cohort.name, day=day_name(day, lang)),
        "description": "\n".join(lines)[:4000],
        "fields": [{"name": text("presence.tip", lang, function=function), "value": tip}],
    }
    payload: dict = {"embeds": [embed]}
    due = [(c.id, c.name) for c, left in soon if left <= 1][:MAX_BUTTONS]
    if due:
        payload["view"] = {
            "name": CHECKPOINTS_VIEW,
            "args": {
                "cohort": cohort.id,
                "lang": lang,
                "checkpoints": [list(pair) for pair in due],
            },
        }
    return payload
