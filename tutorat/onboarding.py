"""The learner's first days: welcome, reminders before the kick-off, the kick-off post with
« Je démarre », personal goals, and a gentle reminder to those who have not started at D+3.

The method (seed): scander le démarrage, présenter le dispositif, décrire les bénéfices,
identifier les objectifs personnels, investiguer la raison du non-démarrage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tutorat.cohorts import CohortService, check_zone
from tutorat.dates import clock_time, days_between, local_day, parse_end, parse_local, spoken
from tutorat.errors import Refusal
from tutorat.models import Cohort, Goals, Learner, Place
from tutorat.outbox import Outbox, outbox_key
from tutorat.platform import PlatformError
from tutorat.roster import Entry, Miss, match_roster, parse_roster
from tutorat.schedule import Job, daily_at, once_at
from tutorat.texts import text

NAME_MAX = 60
NUDGE_AFTER = timedelta(days=3)
START_VIEW = "start"


@dataclass(frozen=True)
class CohortPlan:
    """A cohort as a tutor asked for it, checked, before anything is created on Discord."""

    name: str
    tz: str
    kickoff_at: datetime
    ends_at: datetime | None
    event_link: str | None


@dataclass(frozen=True)
class NonStarter:
    learner: Learner
    since: datetime
    days: int
    reminded: bool


def for_learner(cohort: Cohort) -> dict:
    """Marks a DM to a learner: it counts in their weekly budget and waits out quiet hours."""
    return {"audience": "learner", "zone": cohort.tz}


def parse_hours(value: str | None) -> int | None:
    """'5', '5h', 'environ 6 heures', '3-4' -> the first whole number, if plausible."""
    found = re.search(r"\d+", value or "")
    if not found:
        return None
    hours = int(found.group())
    return hours if 0 <= hours <= 80 else None


class Onboarding:
    def __init__(self, cohorts: CohortService, outbox: Outbox, goals, assignments) -> None:
        self.cohorts = cohorts
        self.outbox = outbox
        self.goals = goals
        self.assignments = assignments

    # creating and changing cohorts ---------------------------------------------------------

    async def plan(
        self,
        guild_id: int,
        name: str,
        tz: str,
        kickoff: str,
        ends: str | None,
        link: str | None,
        now: datetime,
    ) -> CohortPlan:
        name = " ".join(name.split())
        if not name:
            raise Refusal("cohort.empty_name")
        if len(name) > NAME_MAX:
            raise Refusal("cohort.name_too_long", max=NAME_MAX)
        zone = check_zone(tz)
        kickoff_at = parse_local(kickoff, zone)
        if kickoff_at <= now:
            raise Refusal("cohort.kickoff_in_past", when=spoken(kickoff_at, zone))
        ends_at = parse_end(ends, zone) if ends else None
        if ends_at is not None and ends_at <= kickoff_at:
            raise Refusal("cohort.ends_before_kickoff")
        if link is not None and not link.startswith("https://"):
            raise Refusal("cohort.link_invalid")
        if await self.cohorts.cohorts.by_name(guild_id, name) is not None:
            raise Refusal("cohort.duplicate_name", name=name)
        return CohortPlan(name, zone.key, kickoff_at, ends_at, link)

    async def get(self, guild_id: int, name: str) -> Cohort:
        cohort = await self.cohorts.cohorts.by_name(guild_id, " ".join(name.split()))
        if cohort is None or cohort.archived_at is not None:
            raise Refusal("cohort.unknown", name=name)
        return cohort

    async def reschedule_dates(
        self, cohort: Cohort, kickoff: str | None, ends: str | None, now: datetime
    ) -> Cohort:
        zone = cohort.zone
        kickoff_at = parse_local(kickoff, zone) if kickoff else cohort.kickoff_at
        if kickoff and kickoff_at <= now:
            raise Refusal("cohort.kickoff_in_past", when=spoken(kickoff_at, zone))
        ends_at = parse_end(ends, zone) if ends else cohort.ends_at
        if ends_at is not None and ends_at <= kickoff_at:
            raise Refusal("cohort.ends_before_kickoff")
        await self.cohorts.cohorts.update_dates(cohort.id, kickoff_at, ends_at)
        return await self.cohorts.cohorts.get(cohort.id)

    async def set_help_channel(self, cohort: Cohort, channel_id: int) -> None:
        """Where the cohort's learners ask for help: the digest measures tutors' reply times."""
        if channel_id in (cohort.channel_id, cohort.tutors_channel_id):
            raise Refusal("cohort.help_not_there")
        await self.cohorts.cohorts.set_place(channel_id, cohort.guild_id, cohort.id, Place.HELP)

    async def assign_tutor(self, cohort: Cohort, learner_id: int, name: str, tutor_id: int) -> None:
        """A tutor chosen for a learner of the cohort (the tutor joins the cohort's team)."""
        learner = await self.cohorts.learner(cohort.id, learner_id)
        if learner is None or not learner.active:
            raise Refusal("tutor.not_in_cohort", name=name, cohort=cohort.name)
        await self.cohorts.add_tutor(cohort.id, tutor_id)
        await self.assignments.assign(cohort.id, learner_id, tutor_id, chosen=True)

    async def roster_plan(
        self, cohort: Cohort, data: bytes, members: dict[str, set[int]], team: set[int]
    ) -> tuple[list[Entry], list[Miss]]:
        """A roster file matched against the server's members; nothing is applied."""
        try:
            return match_roster(parse_roster(data), members, team)
        except PlatformError as exc:
            raise Refusal(exc.key, line=exc.line, column=exc.column, value=exc.value) from None

    async def enrol_roster(
        self, cohort: Cohort, entries: list[Entry], names: dict[int, str], now: datetime
    ) -> int:
        """Every learner of a matched roster enrolled (once) and given their tutor; answers
        how many tutors were assigned. The cohort's role is Discord's part, given before."""
        assigned = 0
        for entry in entries:
            await self.enrol(cohort, entry.learner_id, names.get(entry.learner_id, ""), now)
            if entry.tutor_id is not None:
                await self.cohorts.add_tutor(cohort.id, entry.tutor_id)
                await self.assignments.assign(
                    cohort.id, entry.learner_id, entry.tutor_id, chosen=True
                )
                assigned += 1
        return assigned

    async def aim_of(self, cohort_id: int, user_id: int) -> str | None:
        """A learner's aim as said at the start (None if not said); learners only."""
        learner = await self.cohorts.learner(cohort_id, user_id)
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")
        start = await self.goals.get(cohort_id, user_id, "start")
        return start.aim if start else None

    # learners ------------------------------------------------------------------------------

    async def enrol(self, cohort: Cohort, user_id: int, name: str, now: datetime) -> bool:
        """A learner enters the cohort: recorded, given a tutor, welcomed (once)."""
        if cohort.ended(now):
            return False
        # the welcome is recorded first (its key makes it once): a crash before the learner's
        # row leaves them unknown, so the start-up enrolment comes back and nothing is lost
        await self.outbox.direct(
            outbox_key("cohort", cohort.id, "welcome", user_id),
            self.welcome(cohort, user_id, name, now),
            now,
            guild_id=cohort.guild_id,
            user_id=user_id,
        )
        joined = await self.cohorts.join(cohort.id, user_id, now)
        if await self.assignments.tutor_of(cohort.id, user_id) is None:
            loads = await self.assignments.loads(cohort.id)
            if loads:
                tutor = min(loads, key=lambda t: (loads[t], t))
                await self.assignments.assign(cohort.id, user_id, tutor, chosen=False)
        return joined

    def welcome(self, cohort: Cohort, user_id: int, name: str, now: datetime) -> dict:
        lang = cohort.locale
        channel = f"<#{cohort.channel_id}>" if cohort.channel_id else "—"
        embed = {
            "title": text("welcome.title", lang, cohort=cohort.name),
            "description": text(
                "welcome.body",
                lang,
                name=name,
                cohort=cohort.name,
                kickoff=spoken(cohort.kickoff_at, cohort.zone, lang),
                channel=channel,
            ),
            "fields": [],
        }
        if cohort.presentation:
            embed["fields"].append(
                {"name": text("welcome.presentation", lang), "value": cohort.presentation[:1024]}
            )
        embed["fields"].append({"name": "ℹ️", "value": text("help.measures", lang)[:1024]})
        intro = text("welcome.fallback", lang, mention=f"<@{user_id}>")
        payload = {
            "embeds": [embed],
            "fallback": self._fallback(cohort, user_id, intro),
            **for_learner(cohort),
        }
        if now >= cohort.kickoff_at:
            embed["description"] += "\n\n" + text("welcome.late", lang)
            payload["view"] = {
                "name": START_VIEW,
                "args": {"cohort": cohort.id, "lang": cohort.locale},
            }
        return payload

    def _fallback(self, cohort: Cohort, user_id: int, content: str) -> dict | None:
        """Where to say it if the learner's DMs are closed: the cohort channel, mentioning them."""
        if cohort.channel_id is None:
            return None
        return {"channel_id": cohort.channel_id, "content": content, "mention_users": [user_id]}

    async def record_start(
        self, cohort_id: int, user_id: int, now: datetime
    ) -> tuple[bool, datetime]:
        """« Je démarre »: (True, now) the first time; (False, when) after that."""
        learner = await self.cohorts.learners.get(cohort_id, user_id)
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")
        if await self.cohorts.start(cohort_id, user_id, now):
            return True, now
        return False, learner.started_at

    async def save_goals(
        self,
        cohort_id: int,
        user_id: int,
        aim: str,
        hours: str | None,
        obstacles: str | None,
        now: datetime,
    ) -> Goals:
        learner = await self.cohorts.learners.get(cohort_id, user_id)
        if learner is None:
            raise Refusal("cohort.not_a_learner")
        goals = Goals(
            cohort_id,
            user_id,
            "start",
            aim.strip()[:1000],
            parse_hours(hours),
            (obstacles or "").strip()[:1000] or None,
            now,
        )
        await self.goals.save(goals)
        return goals

    # scheduled work -----------------------------------------------------------------------

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        """Reminders the day and the hour before, the kick-off post, the daily D+3 check."""
        kickoff, zone, cid = cohort.kickoff_at, cohort.zone, cohort.id
        return [
            Job(
                f"kickoff-eve:{cid}",
                once_at(kickoff - timedelta(days=1)),
                lambda at: self.post_reminder(cid, "eve", at),
                grace=timedelta(hours=22),
            ),
            Job(
                f"kickoff-hour:{cid}",
                once_at(kickoff - timedelta(hours=1)),
                lambda at: self.post_reminder(cid, "hour", at),
                grace=timedelta(minutes=55),
            ),
            Job(
                f"kickoff:{cid}",
                once_at(kickoff),
                lambda at: self.post_kickoff(cid, at),
                grace=timedelta(days=2),
            ),
            Job(
                f"nudge:{cid}",
                daily_at(
                    kickoff.astimezone(zone).hour,
                    kickoff.astimezone(zone).minute,
                    zone,
                    start=kickoff + NUDGE_AFTER,
                    end=cohort.ends_at,
                ),
                lambda at: self.nudge_non_starters(cid, at),
                grace=timedelta(hours=12),
            ),
        ]

    async def _live(self, cohort_id: int, at: datetime) -> Cohort | None:
        cohort = await self.cohorts.cohorts.get(cohort_id)
        return None if cohort is None or cohort.ended(at) or cohort.channel_id is None else cohort

    def _place(self, cohort: Cohort) -> str:
        lang = cohort.locale
        if cohort.event_channel_id:
            return text("reminder.place_voice", lang, channel=f"<#{cohort.event_channel_id}>")
        if cohort.event_link:
            return text("reminder.place_link", lang, link=cohort.event_link)
        return text("reminder.place_event", lang)

    async def post_reminder(self, cohort_id: int, which: str, at: datetime) -> None:
        cohort = await self._live(cohort_id, at)
        if cohort is None or at >= cohort.kickoff_at:
            return
        content = text(
            f"reminder.{which}",
            cohort.locale,
            cohort=cohort.name,
            time=clock_time(cohort.kickoff_at, cohort.zone),
            place=self._place(cohort),
        )
        key = outbox_key(
            "cohort",
            cohort.id,
            "kickoff-reminder",
            which,
            local_day(cohort.kickoff_at, cohort.zone).isoformat(),
        )
        await self.outbox.post(
            key,
            {"content": content, "expires": cohort.kickoff_at.isoformat()},
            at,
            guild_id=cohort.guild_id,
            channel_id=cohort.channel_id,
        )

    def kickoff_payload(self, cohort: Cohort) -> dict:
        lang = cohort.locale
        embed = {
            "title": text("kickoff.title", lang, cohort=cohort.name),
            "description": text("kickoff.body", lang),
        }
        return {
            "embeds": [embed],
            "view": {"name": START_VIEW, "args": {"cohort": cohort.id, "lang": cohort.locale}},
        }

    async def post_kickoff(self, cohort_id: int, at: datetime) -> None:
        cohort = await self._live(cohort_id, at)
        if cohort is None:
            return
        key = outbox_key(
            "cohort", cohort.id, "kickoff", local_day(cohort.kickoff_at, cohort.zone).isoformat()
        )
        await self.outbox.post(
            key,
            self.kickoff_payload(cohort),
            at,
            guild_id=cohort.guild_id,
            channel_id=cohort.channel_id,
        )

    async def start_state(self, cohort: Cohort, now: datetime) -> tuple[int, list[NonStarter]]:
        """How many learners are in the cohort, and who of them has not started yet."""
        active = await self.cohorts.learners_of(cohort.id, active_only=True)
        return len(active), await self.non_starters(cohort, now)

    async def non_starters(self, cohort: Cohort, now: datetime) -> list[NonStarter]:
        """Who has not started (no click, no activity since the kick-off), since when."""
        if now < cohort.kickoff_at:
            return []
        kickoff_day = local_day(cohort.kickoff_at, cohort.zone).isoformat()
        found = []
        for learner in await self.cohorts.learners.not_started(cohort.id, kickoff_day):
            since = max(cohort.kickoff_at, learner.joined_at)
            key = outbox_key("cohort", cohort.id, "nudge", learner.user_id)
            reminded = await self.outbox.store.get(key) is not None
            found.append(
                NonStarter(learner, since, days_between(since, now, cohort.zone), reminded)
            )
        return found

    async def nudge_non_starters(self, cohort_id: int, at: datetime) -> int:
        """One gentle reminder, once, to each learner not started 3 days after their start."""
        cohort = await self._live(cohort_id, at)
        if cohort is None:
            return 0
        sent = 0
        for person in await self.non_starters(cohort, at):
            if person.reminded or at - person.since < NUDGE_AFTER:
                continue
            user_id = person.learner.user_id
            content = text(
                "nudge.body",
                cohort.locale,
                name=f"<@{user_id}>",
                cohort=cohort.name,
                channel=f"<#{cohort.channel_id}>",
            )
            payload = {
                "content": content,
                "view": {"name": START_VIEW, "args": {"cohort": cohort.id, "lang": cohort.locale}},
                "fallback": self._fallback(cohort, user_id, content),
                **for_learner(cohort),
            }
            key = outbox_key("cohort", cohort.id, "nudge", user_id)
            await self.outbox.direct(key, payload, at, guild_id=cohort.guild_id, user_id=user_id)
            sent += 1
        return sent
