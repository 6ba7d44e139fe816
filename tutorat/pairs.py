"""Study pairs, round after round: opt-in, matching, a private space per pair, a check-back a
few days in, and no learner left alone when a partner leaves.

Discord's side (creating and closing spaces) is behind the `spaces` object the wiring gives:
real channels and threads in the bot, a recorder in trace replays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from tutorat.errors import Refusal
from tutorat.matching import Candidate, compatible, match, parse_slots
from tutorat.models import Cohort, Place
from tutorat.onboarding import for_learner
from tutorat.outbox import DeliveryError, Outbox, PermanentFailure, outbox_key
from tutorat.presence import clock
from tutorat.schedule import Job, daily_at
from tutorat.texts import Count, text

log = logging.getLogger(__name__)
CHECKBACK_VIEW = "checkback"
DEFAULT_SLOTS = "lun 18-21, mar 18-21, mer 18-21, jeu 18-21, ven 18-21, sam 9-12"


class Spaces(Protocol):
    async def room_left(self, cohort: Cohort) -> int: ...
    async def open(
        self, cohort: Cohort, members: tuple[int, ...], name: str, as_thread: bool
    ) -> int: ...
    async def close(self, space_id: int, is_thread: bool) -> None: ...
    async def add(self, space_id: int, is_thread: bool, user_id: int) -> None: ...
    async def without_access(
        self, space_id: int, is_thread: bool, members: list[int]
    ) -> list[int]: ...


@dataclass(frozen=True)
class PairState:
    space_id: int
    members: tuple[int, ...]
    answers: dict[int, str]  # user -> check-back answer
    messages: int


def utc_offset(cohort: Cohort, now: datetime) -> float:
    return now.astimezone(cohort.zone).utcoffset().total_seconds() / 3600


class Pairs:
    def __init__(
        self,
        cohorts,
        store,
        outbox: Outbox,
        *,
        round_weeks: int = 2,
        repeat_gap_weeks: int = 4,
        checkback_days: int = 3,
        counts=None,
    ) -> None:
        self.cohorts = cohorts  # CohortService
        self.store = store  # PairRepository
        self.counts = counts  # ActivityRepository: messages written in pair spaces
        self.outbox = outbox
        self.spaces: Spaces | None = None  # given by the wiring
        self.round_weeks, self.repeat_gap_weeks = round_weeks, repeat_gap_weeks
        self.checkback_days = checkback_days

    # learners' choices --------------------------------------------------------------------

    async def _learner(self, cohort_id: int, user_id: int) -> None:
        learner = await self.cohorts.learners.get(cohort_id, user_id)
        if learner is None or not learner.active:
            raise Refusal("cohort.not_a_learner")

    async def join(
        self,
        cohort: Cohort | None,
        user_id: int,
        languages: str,
        slots: str,
        hours: str | None,
        tutor_only: bool,
        now: datetime,
    ) -> None:
        if cohort is None:  # a forged or stale form naming no cohort
            raise Refusal("cohort.not_a_learner")
        await self._learner(cohort.id, user_id)
        spoken = ",".join(
            sorted({x.strip().lower()[:2] for x in languages.split(",") if x.strip()})
        )
        if not spoken:
            raise Refusal("pairs.no_language")
        offset = utc_offset(cohort, now)
        if len(parse_slots(slots, offset)) < 2:
            raise Refusal("pairs.no_slots", value=slots[:60])
        planned = int(hours) if hours and hours.strip().isdigit() else 4
        await self.store.save_prefs(
            cohort.id,
            user_id,
            {
                "languages": spoken,
                "utc_offset": offset,
                "slots": slots[:300],
                "planned_hours": min(planned, 80),
                "tutor_only": tutor_only,
            },
            "in",
            now,
        )

    async def set_status(self, cohort: Cohort, user_id: int, status: str, now: datetime) -> None:
        await self._learner(cohort.id, user_id)
        if not await self.store.set_status(cohort.id, user_id, status, now):
            raise Refusal("pairs.not_in")

    async def enrol_cohort(self, cohort: Cohort, now: datetime) -> int:
        """Tutors enrol everyone not yet asked (learners can leave with /binome quitter)."""
        known = {row["user_id"] for row in await self.store.prefs(cohort.id)}
        count = 0
        for learner in await self.cohorts.learners.of_cohort(cohort.id):
            if learner.active and learner.user_id not in known:
                await self.store.save_prefs(
                    cohort.id,
                    learner.user_id,
                    {
                        "languages": cohort.locale,
                        "utc_offset": utc_offset(cohort, now),
                        "slots": DEFAULT_SLOTS,
                        "planned_hours": 4,
                        "tutor_only": False,
                    },
                    "in",
                    now,
                )
                count += 1
        return count

    # rounds --------------------------------------------------------------------------------

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        at, cid = clock(cohort.presence_time), cohort.id
        trigger = daily_at(
            at.hour,
            at.minute + 5 if at.minute < 55 else at.minute,
            cohort.zone,
            start=cohort.kickoff_at + timedelta(days=1),
            end=cohort.ends_at,
        )
        return [
            Job(
                f"pairs:{cid}",
                trigger,
                lambda when: self.daily(cid, when),
                grace=timedelta(hours=12),
            )
        ]

    async def daily(self, cohort_id: int, at: datetime) -> None:
        cohort = await self.cohorts.cohorts.get(cohort_id)
        if cohort is None or cohort.ended(at) or self.spaces is None:
            return
        current = await self.store.current_round(cohort.id)
        if current is not None:
            age = at - await self.store.started(current)
            if age < timedelta(weeks=self.round_weeks):
                if age >= timedelta(days=self.checkback_days):
                    await self.checkback(cohort, current, at)
                return
        if any(row["status"] == "in" for row in await self.store.prefs(cohort.id)):
            await self.new_round(cohort, at)

    async def candidates(self, cohort: Cohort) -> list[Candidate]:
        found = []
        for row in await self.store.prefs(cohort.id):
            if row["status"] != "in" or row["tutor_only"]:
                continue
            found.append(
                Candidate(
                    row["user_id"],
                    frozenset(row["languages"].split(",")),
                    row["utc_offset"],
                    parse_slots(row["slots"], row["utc_offset"]),
                    row["planned_hours"],
                )
            )
        return found

    async def new_round(self, cohort: Cohort, at: datetime) -> int | None:
        """Close the last round's spaces, match, open one space per pair. All or nothing."""
        current = await self.store.current_round(cohort.id)
        if current is not None:
            for pair in await self.store.pairs_of_round(current["id"]):
                await self.spaces.close(pair["space_id"], pair["is_thread"])
            await self.store.close_round(current["id"], at)
        for row in await self.store.prefs(cohort.id):
            if row["status"] == "paused":  # skipped this round, back in the next one
                await self.store.set_status(cohort.id, row["user_id"], "in", at)
        people = await self.candidates(cohort)
        recent = await self.store.recent_pairs(
            cohort.id, at - timedelta(weeks=self.repeat_gap_weeks)
        )
        number = await self.store.last_number(cohort.id) + 1
        result = match(people, recent, seed=cohort.id * 1000 + number)
        as_threads = await self.spaces.room_left(cohort) < len(result.groups)
        round_id = await self.store.open_round(cohort.id, number, at)
        opened: list[int] = []
        try:
            for index, group in enumerate(result.groups, start=1):
                name = text("pairs.space_name", cohort.locale, round=number, n=index)
                space = await self.spaces.open(cohort, group, name, as_threads)
                opened.append(space)
                pair_id = await self.store.add_pair(round_id, group, space, as_threads)
                await self._welcome(cohort, pair_id, space, group, at)
        except DeliveryError as failure:  # all or nothing: undo, and say why if it lasts
            for space in opened:
                await self.spaces.close(space, as_threads)
            await self.store.drop_round(round_id)
            if isinstance(failure, PermanentFailure):
                await self._tell_tutors(
                    cohort, f"round-failed:{number}", "pairs.failed", at, reason=failure.reason
                )
            return None
        for user_id in result.alone:
            await self.outbox.direct(
                outbox_key("pairs", round_id, "alone", user_id),
                {"content": text("pairs.alone", cohort.locale), **for_learner(cohort)},
                at,
                guild_id=cohort.guild_id,
                user_id=user_id,
            )
        if result.alone:
            await self._tell_tutors(
                cohort,
                f"alone:{round_id}",
                "pairs.alone_tutors",
                at,
                who=", ".join(f"<@{u}>" for u in result.alone),
            )
        if as_threads:
            await self._tell_tutors(cohort, f"threads:{round_id}", "pairs.threads", at)
        return round_id

    async def _welcome(self, cohort: Cohort, pair_id: int, space: int, group, at) -> None:
        who = ", ".join(f"<@{u}>" for u in group)
        await self.outbox.post(
            outbox_key("pair", pair_id, "welcome"),
            {
                "content": text(
                    "pairs.welcome",
                    cohort.locale,
                    who=who,
                    span=Count("pairs.for_weeks", self.round_weeks),
                ),
                "mention_users": list(group),
            },
            at,
            guild_id=cohort.guild_id,
            channel_id=space,
        )

    async def _tell_tutors(self, cohort: Cohort, key: str, text_key: str, at, **params) -> None:
        if cohort.tutors_channel_id is None:
            return
        await self.outbox.post(
            outbox_key("cohort", cohort.id, "pairs", key),
            {"content": text(text_key, cohort.locale, **params)},
            at,
            guild_id=cohort.guild_id,
            channel_id=cohort.tutors_channel_id,
        )

    async def checkback(self, cohort: Cohort, round_row, at: datetime) -> None:
        for pair in await self.store.pairs_of_round(round_row["id"]):
            await self.outbox.post(
                outbox_key("pair", pair["id"], "checkback"),
                {
                    "content": text("pairs.checkback", cohort.locale),
                    "view": {
                        "name": CHECKBACK_VIEW,
                        "args": {"pair": pair["id"], "lang": cohort.locale},
                    },
                },
                at,
                guild_id=cohort.guild_id,
                channel_id=pair["space_id"],
            )

    async def answer(self, pair_id: int, user_id: int, answer: str, now: datetime) -> None:
        pair = await self.store.pair(pair_id)
        if pair is None or pair["closed_at"] is not None:
            raise Refusal("pairs.closed")
        members = next(
            (p for p in await self.store.pairs_of_round(pair["round_id"]) if p["id"] == pair_id),
            None,
        )
        if members is None or user_id not in members["members"]:
            raise Refusal("pairs.not_member")
        await self.store.checkback(pair_id, user_id, answer, now)

    # what tutors see ------------------------------------------------------------------------

    async def state(self, cohort: Cohort) -> list[PairState] | None:
        """The current round, pair by pair: who, check-back answers, messages since it
        started (None when no round is open)."""
        current = await self.store.current_round(cohort.id)
        if current is None:
            return None
        answers = await self.store.checkbacks(current["id"])
        since = (await self.store.started(current)).astimezone(cohort.zone).date()
        found = []
        for pair in await self.store.pairs_of_round(current["id"]):
            messages = 0
            for user_id in pair["members"]:
                for count in await self.counts.for_user(cohort.guild_id, user_id):
                    if count.place is Place.PAIR and count.day >= since:
                        messages += count.count
            found.append(
                PairState(
                    pair["space_id"], tuple(pair["members"]), answers.get(pair["id"], {}), messages
                )
            )
        return found

    # someone leaves ---------------------------------------------------------------------------

    async def space_of(self, cohort_id: int, user_id: int) -> int | None:
        """The pair space of the learner in the cohort's current round, if they have one."""
        current = await self.store.current_round(cohort_id)
        if current is None:
            return None
        for pair in await self.store.pairs_of_round(current["id"]):
            if user_id in pair["members"]:
                return pair["space_id"]
        return None

    async def member_left(self, cohort_id: int, user_id: int, now: datetime) -> None:
        """The partner is told and, the same day, joins another pair as a trio if one fits."""
        cohort = await self.cohorts.cohorts.get(cohort_id)
        current = await self.store.current_round(cohort_id) if cohort else None
        if current is None or self.spaces is None:
            return
        await self.store.set_status(cohort_id, user_id, "out", now)
        pairs = await self.store.pairs_of_round(current["id"])
        mine = next((p for p in pairs if user_id in p["members"]), None)
        if mine is None:
            return
        await self.store.member_left(mine["id"], user_id, now)
        left = [u for u in mine["members"] if u != user_id]
        if len(left) != 1:
            return
        partner = left[0]
        people = {c.user_id: c for c in await self.candidates(cohort)}
        home = None
        for pair in pairs:
            if pair is mine or len(pair["members"]) != 2 or partner not in people:
                continue
            if all(
                m in people and compatible(people[partner], people[m], set())
                for m in pair["members"]
            ):
                home = pair
                break
        if home is None:
            await self.outbox.post(
                outbox_key("pair", mine["id"], "left", user_id),
                {"content": text("pairs.partner_left_alone", cohort.locale, who=f"<@{partner}>")},
                now,
                guild_id=cohort.guild_id,
                channel_id=mine["space_id"],
            )
            await self._tell_tutors(
                cohort, f"single:{mine['id']}", "pairs.single_tutors", now, who=f"<@{partner}>"
            )
            return
        # recorded first: a crash before the overwrite is repaired at the next start-up
        await self.store.add_member(home["id"], partner)
        await self.store.member_left(mine["id"], partner, now)
        await self.outbox.post(
            outbox_key("pair", home["id"], "joined", partner),
            {
                "content": text("pairs.trio", cohort.locale, who=f"<@{partner}>"),
                "mention_users": [partner],
            },
            now,
            guild_id=cohort.guild_id,
            channel_id=home["space_id"],
        )
        await self._give_access(home, partner)

    async def _give_access(self, pair: dict, user_id: int) -> None:
        try:
            await self.spaces.add(pair["space_id"], pair["is_thread"], user_id)
        except DeliveryError as failure:  # the record stands: repair() applies it later
            log.warning("access to pair %s not given to %s: %s", pair["id"], user_id, failure)

    async def repair(self, cohort: Cohort) -> int:
        """Start-up: every recorded member of a current pair can see its space (an overwrite
        lost to a crash or a refusal is applied now). How many were repaired."""
        current = await self.store.current_round(cohort.id)
        if current is None or self.spaces is None:
            return 0
        repaired = 0
        for pair in await self.store.pairs_of_round(current["id"]):
            if not pair["members"]:
                continue
            lacking = await self.spaces.without_access(
                pair["space_id"], pair["is_thread"], pair["members"]
            )
            for user_id in lacking:
                await self._give_access(pair, user_id)
                repaired += 1
        return repaired
