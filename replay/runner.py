"""`python bot.py replay TRACE.jsonl`: a cohort's life replayed through the bot's own services.

An adapter like a cog, in its own room: it reads events, moves a virtual clock, calls the
services `bot.py` wired on the database `bot.py` opened, and records in place of Discord what
the bot would have sent. Tutor prompts are written to `out` as JSON lines
(../shared/design/TRACE.md). It knows neither the database nor the wiring.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import nullcontext
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import TextIO

from tutorat.activity import platform_kind
from tutorat.calendar import course_week
from tutorat.clock import VirtualClock
from tutorat.config import Config
from tutorat.errors import Refusal
from tutorat.models import ActivityKind, OutboxItem, Place
from tutorat.pairs import DEFAULT_SLOTS
from tutorat.pulse import ITEMS
from tutorat.routine import cohort_jobs
from tutorat.schedule import due_between, next_fire
from tutorat.texts import text
from tutorat.trace import Event, TraceError, read_trace

log = logging.getLogger(__name__)

# The event types this version replays; others stop the run with a clear message.
ACCEPTED = frozenset({
    "cohort", "join", "start", "message", "leave", "end",
    "break", "checkpoint", "checkpoint_done", "pulse", "tutor", "optin", "optout", "platform",
})  # fmt: skip
# events that never change what is scheduled
STEADY = frozenset({"platform", "message", "start", "pulse", "checkpoint_done"})
GUILD_ID = 1
TUTOR_ID = 900_000
PLACES = {"cohort": Place.COHORT, "pair": Place.PAIR, "help": Place.HELP}


class Recorder:
    """Stands where Discord would: keeps what the bot sent, in order, and writes each tutor
    prompt as one JSON line."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self.sent: list[OutboxItem] = []

    async def send(self, item: OutboxItem) -> int:
        self.sent.append(item)
        prompt = item.payload.get("prompt")
        if prompt is not None:
            await self.replay.print_prompt(item, prompt)
        return len(self.sent)


class RecordedSpaces:
    """Pair spaces in a replay: numbered, registered as pair places, nothing else."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self.opened: dict[int, tuple[int, ...]] = {}
        self.closed: list[int] = []

    async def room_left(self, cohort) -> int:
        return 10_000

    async def open(self, cohort, members, name: str, as_thread: bool) -> int:
        space = 10_000_000 + len(self.opened)
        self.opened[space] = tuple(members)
        await self.replay.services.cohorts.set_place(space, GUILD_ID, cohort.id, Place.PAIR)
        self.replay.services.activity.places[space] = (cohort.id, Place.PAIR)
        return space

    async def close(self, space_id: int, is_thread: bool) -> None:
        self.closed.append(space_id)

    async def add(self, space_id: int, is_thread: bool, user_id: int) -> None:
        self.opened[space_id] = (*self.opened[space_id], user_id)


class Replay:
    def __init__(
        self, config: Config, services, clock: VirtualClock, out: TextIO, batch=nullcontext
    ) -> None:
        self.config, self.services, self.clock, self.out = config, services, clock, out
        self.batch = batch  # () -> a transaction the writes of a replayed day join
        self.recorder = Recorder(self)
        self.spaces = RecordedSpaces(self)
        services.pairs.spaces = self.spaces
        self.cohort_ids: dict[str, int] = {}  # trace cohort -> database id
        self.channels: dict[tuple[int, str], int] = {}  # (cohort, where) -> channel id
        self.user_ids: dict[str, int] = {}  # trace learner -> user id
        self.cohort_of: dict[str, int] = {}  # trace learner -> database cohort id
        self.ended = False
        self._jobs: list | None = None  # the cohorts' scheduled work, until an event changes it
        self._next: tuple | None = None  # (those jobs, when the first of them is next due)

    async def print_prompt(self, item: OutboxItem, prompt: dict) -> None:
        names = {v: k for k, v in self.user_ids.items()}
        cohorts = {v: k for k, v in self.cohort_ids.items()}
        cohort = await self.services.cohorts.get(prompt["cohort_id"])
        self.prompt(
            {
                "at": item.created_at.astimezone(cohort.zone).isoformat(),
                "learner": names.get(prompt["user_id"], str(prompt["user_id"])),
                "cohort": cohorts.get(prompt["cohort_id"], str(prompt["cohort_id"])),
                "kind": prompt["kind"],
                "form": prompt["form"],
                "signals": prompt["signals"],
                "reasons": prompt["reasons"],
                "case": prompt["case"],
            }
        )

    def user(self, learner: str) -> int:
        return self.user_ids.setdefault(learner, 1_000_000 + len(self.user_ids))

    async def stored(self) -> dict:
        """What the replay left in the database, counted (for the summary on stderr)."""
        counts = {
            "pulse_answers": 0,
            "checkpoints_done": 0,
            "breaks": 0,
            "pair_spaces": len(self.spaces.opened),
        }
        services = self.services
        for cohort_id in self.cohort_ids.values():
            counts["breaks"] += len(await services.presence.breaks_of(cohort_id))
            for learner in await services.cohorts.learners_of(cohort_id):
                counts["pulse_answers"] += len(
                    await services.pulse.answers_of(cohort_id, learner.user_id)
                )
                counts["checkpoints_done"] += len(
                    await services.presence.declared_by(cohort_id, learner.user_id)
                )
        return counts

    async def run(self, events: list[Event]) -> None:
        # one transaction a day (UTC) of events and of the jobs due before them, not one a
        # write: the same services and statements, fewer commits
        for _, day in groupby(events, key=lambda e: e.at.astimezone(UTC).date()):
            async with self.batch():
                for event in day:
                    await self.advance(event)
                    await getattr(self, f"on_{event.type}")(event)
                    if event.type not in STEADY:
                        self._jobs = (
                            None  # a cohort, a break, a checkpoint: the schedule may change
                        )
                    if self.ended:
                        break
            if self.ended:
                break
        await self.services.activity.flush()
        await self.deliver()

    async def jobs(self) -> list:
        """The same scheduled work the bot runs, for the cohorts of the trace."""
        if self._jobs is not None:
            return self._jobs
        found = []
        for cohort_id in self.cohort_ids.values():
            cohort = await self.services.cohorts.get(cohort_id)
            found.extend(cohort_jobs(self.services, cohort))
        self._jobs = found
        return found

    async def advance(self, event: Event) -> None:
        """Run every job due between the last event and this one, at its time, in order."""
        if event.at <= self.clock.now():
            return
        jobs = await self.jobs()
        if self._next is None or self._next[0] is not jobs:  # when the next job is due
            self._next = (jobs, next_fire(jobs, self.clock.now()))
        if self._next[1] is None or event.at < self._next[1]:
            self.clock.set(event.at)  # nothing is due before this event
            return
        self._next = None
        for at, job in due_between(jobs, self.clock.now(), event.at):
            self.clock.set(at)
            await self.services.activity.flush()  # the scan reads what happened until now
            await job.action(at)
            await self.deliver()
        self.clock.set(event.at)

    async def deliver(self) -> None:
        await self.services.outbox.flush(self.recorder, self.clock.now(), limit=10_000)

    # events ---------------------------------------------------------------------------------

    async def on_cohort(self, event: Event) -> None:
        data = event.data
        number = len(self.cohort_ids) + 1
        cohort = await self.services.cohorts.create(
            GUILD_ID,
            data["cohort"],
            data["tz"].key,
            data["kickoff"],
            data.get("ends"),
            event.at,
            channel_id=number * 1000 + 1,
            routine=self.config.cohort.routine(),
            tutors_channel_id=number * 1000 + 9,
            tutor_id=TUTOR_ID + number,  # every case of the trace goes to its cohort's tutor
        )
        self.cohort_ids[data["cohort"]] = cohort.id
        for offset, (where, place) in enumerate(PLACES.items(), start=1):
            channel_id = number * 1000 + offset
            self.channels[(cohort.id, where)] = channel_id
            await self.services.cohorts.set_place(channel_id, GUILD_ID, cohort.id, place)
        self.services.activity.places = await self.services.cohorts.places()
        self.services.activity.zones[cohort.id] = data["tz"]

    async def on_join(self, event: Event) -> None:
        learner, cohort = event.data["learner"], event.data["cohort"]
        if cohort not in self.cohort_ids:
            raise TraceError(event.line, "cohort", f"cohorte inconnue {cohort!r}")
        self.cohort_of[learner] = self.cohort_ids[cohort]
        record = await self.services.cohorts.get(self.cohort_of[learner])
        await self.services.onboarding.enrol(record, self.user(learner), learner, event.at)

    def _cohort_of(self, event: Event) -> int:
        learner = event.data["learner"]
        if learner not in self.cohort_of:
            raise TraceError(event.line, "learner", f"apprenant {learner!r} jamais inscrit")
        return self.cohort_of[learner]

    def clicked(self, event: Event) -> None:
        """A button or a form: the bot counts it as an interaction, like any activity."""
        channel_id = self.channels[(self._cohort_of(event), "cohort")]
        self.services.activity.record(
            GUILD_ID,
            self.user(event.data["learner"]),
            event.at,
            channel_id,
            [ActivityKind.INTERACTION],
        )

    async def on_start(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        self.clicked(event)
        await self.services.cohorts.start(cohort_id, self.user(event.data["learner"]), event.at)

    async def on_message(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        kinds = [ActivityKind.MESSAGE]
        if event.data.get("to") and event.data["to"] != event.data["learner"]:
            kinds.append(ActivityKind.PEER_REPLY)
        channel_id = self.channels[(cohort_id, event.data["where"])]
        if event.data["where"] == "pair":  # in their current pair space, if they have one
            channel_id = await self.pair_space(cohort_id, event.data["learner"]) or channel_id
        self.services.activity.record(
            GUILD_ID, self.user(event.data["learner"]), event.at, channel_id, kinds
        )

    async def on_platform(self, event: Event) -> None:
        """Activity the course platform reports: the same service the platform sources use."""
        self.services.activity.record_platform(
            GUILD_ID,
            self._cohort_of(event),
            self.user(event.data["learner"]),
            event.at,
            platform_kind(event.data.get("kind")),
            event.data["count"],
        )

    async def on_leave(self, event: Event) -> None:
        self._cohort_of(event)
        user = self.user(event.data["learner"])
        for cohort_id in await self.services.cohorts.leave_all(user, event.at):
            await self.services.pairs.member_left(cohort_id, user, event.at)

    async def _cohort(self, event: Event):
        name = event.data["cohort"]
        if name not in self.cohort_ids:
            raise TraceError(event.line, "cohort", f"cohorte inconnue {name!r}")
        return await self.services.cohorts.get(self.cohort_ids[name])

    async def on_break(self, event: Event) -> None:
        cohort = await self._cohort(event)
        first, last = event.data["from"].isoformat(), event.data["to"].isoformat()
        await self.refused(
            event, "from", self.services.presence.add_break(cohort, first, last, event.at)
        )

    async def on_checkpoint(self, event: Event) -> None:
        cohort = await self._cohort(event)
        due = event.data["due"]
        due_text = (
            due.astimezone(cohort.zone).strftime("%Y-%m-%d %H:%M")
            if isinstance(due, datetime)
            else due.isoformat()
        )
        await self.refused(
            event,
            "due",
            self.services.presence.add_checkpoint(
                cohort, event.data["name"], due_text, event.at, event.data.get("weight")
            ),
        )

    async def on_checkpoint_done(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        named = await self.services.presence.checkpoint_named(cohort_id, event.data["name"])
        if named is None:
            raise TraceError(event.line, "name", f"jalon inconnu {event.data['name']!r}")
        self.clicked(event)
        await self.refused(
            event,
            "learner",
            self.services.presence.declare(
                cohort_id, named.id, self.user(event.data["learner"]), event.at
            ),
        )

    async def on_pulse(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        cohort = await self.services.cohorts.get(cohort_id)
        answers = tuple(event.data["answers"][item] for item in ITEMS)
        self.clicked(event)
        await self.refused(
            event,
            "at",
            self.services.pulse.answer(
                cohort_id,
                self.user(event.data["learner"]),
                course_week(cohort, event.at),
                answers,
                event.at,
            ),
        )

    async def refused(self, event: Event, field: str, call) -> object:
        """Run a service call; what the bot would refuse stops the replay with the line."""
        try:
            return await call
        except Refusal as refusal:
            raise TraceError(event.line, field, text(refusal.key, "fr", **refusal.params)) from None

    async def pair_space(self, cohort_id: int, learner: str) -> int | None:
        return await self.services.pairs.space_of(cohort_id, self.user(learner))

    async def on_optin(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        cohort = await self.services.cohorts.get(cohort_id)
        await self.refused(
            event,
            "learner",
            self.services.pairs.join(
                cohort,
                self.user(event.data["learner"]),
                cohort.locale,
                DEFAULT_SLOTS,
                None,
                False,
                event.at,
            ),
        )

    async def on_optout(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        cohort = await self.services.cohorts.get(cohort_id)
        await self.refused(
            event,
            "learner",
            self.services.pairs.set_status(
                cohort, self.user(event.data["learner"]), "out", event.at
            ),
        )

    async def on_tutor(self, event: Event) -> None:
        cohort_id = self._cohort_of(event)
        user_id = self.user(event.data["learner"])
        for case in await self.services.cases.open_cases_of(cohort_id, user_id):
            await self.services.cases.act(case.id, event.data["action"], event.at)

    async def on_end(self, event: Event) -> None:
        self.ended = True

    def prompt(self, line: dict) -> None:
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")


def read(trace: Path) -> list[Event] | None:
    """The trace's events, or None after saying on stderr why it is refused."""
    try:
        return read_trace(trace, accepted=ACCEPTED)
    except TraceError as exc:
        print(f"trace refusée — {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"trace illisible — {trace}: {exc.strerror}", file=sys.stderr)
    return None


async def run_trace(
    config: Config, services, events: list[Event], out: TextIO, batch=nullcontext
) -> int:
    """Replay the events through the services (on a fresh database), write the prompts to
    `out`, and a summary line on stderr; 2 when the bot would refuse an event. `batch`: the
    database's transaction, one a replayed day."""
    replay = Replay(config, services, VirtualClock(events[0].at), out, batch)
    try:
        await replay.run(events)
    except TraceError as exc:
        print(f"trace refusée — {exc}", file=sys.stderr)
        return 2
    sent: dict[str, int] = {}
    for item in replay.recorder.sent:
        kind = item.key.split(":")[2]
        sent[kind] = sent.get(kind, 0) + 1
    summary = {
        "stored": await replay.stored(),
        "events": len(events),
        "cohorts": len(replay.cohort_ids),
        "learners": len(replay.user_ids),
        "sent": sent,
    }
    print("replay " + json.dumps(summary, sort_keys=True), file=sys.stderr)
    return 0
