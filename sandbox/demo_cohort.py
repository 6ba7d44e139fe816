"""The demo's simulated cohort: thirty learners who behave, day by day, like people do.

Most are steady, with ordinary ups and downs. Five carry the story: Léa is steady and pairs
up; Hugo never starts; Noé gets discouraged in week 3; Inès works alone and feels isolated;
Sam loses the meaning of the course. What each one does goes through the sandbox as a member
would do it (messages, replies, reactions, clicks, forms); the bot sees no content.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

STEADY_NAMES = (
    "Léa", "Lucas", "Chloé", "Nathan", "Manon", "Enzo", "Camille B.", "Louis", "Zoé", "Jules",
    "Emma", "Adam", "Jade", "Rayan", "Louise", "Mathis", "Alice", "Tom", "Lina", "Théo",
    "Rose", "Yanis", "Anna", "Malik", "Clara",
)  # fmt: skip
STORY = ("Hugo", "Noé", "Inès", "Sam", "Karim", "Maya", "Bilal")

USUAL = ("655356", "766267", "565456", "655356")  # P1..P6, an ordinary week


@dataclass
class Learner:
    name: str
    profile: str  # steady, nonstarter, discouraged, isolated, meaning, late, platform, coursework
    user_id: int = 0
    rate: float = 2.0
    pairs: bool = True
    contacted: date | None = None  # the day a tutor's interview was recorded
    started: bool = False
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def messages_on(self, day: date, week: int) -> int:
        """How many messages today, from the profile and what happened (a tutor's call)."""
        weekend = day.weekday() >= 5
        base = self.rate * (0.4 if weekend else 1.0)
        if self.profile == "nonstarter" and not self.started:
            return 0
        if self.profile == "platform":  # works on the course platform, never writes here
            return 0
        if self.profile == "discouraged" and week >= 3:
            helped = self.contacted is not None and day >= self.contacted + timedelta(days=2)
            base = 1.6 if helped else 0.0
        count = base * (0.5 + self.rng.random())
        return int(count) + (1 if self.rng.random() < count % 1 else 0)

    def replies_to_peers(self, day: date) -> bool:
        if self.profile == "isolated":
            return self.contacted is not None and day > self.contacted
        return self.rng.random() < 0.45

    def pulse(self, week: int) -> str | None:
        """The six answers this week, or None when they skip it."""
        if self.profile == "nonstarter" and not self.started:
            return None
        if self.profile == "discouraged" and week >= 3:
            return "662653" if self.contacted is None else "555455"
        if self.profile == "isolated":
            return "655325" if self.contacted is None else "655355"
        if self.profile == "meaning" and week >= 3:
            return "225356" if self.contacted is None else "554356"
        if self.profile == "steady" and self.rng.random() < 0.1:
            return None  # a busy week: no answer, no alarm
        return self.rng.choice(USUAL)

    def does_checkpoint(self, week: int = 0) -> bool:
        """Whether they declare today's checkpoint: everyone who works does (a checkpoint most
        of the cohort met and one did not is a missed deadline, which the bot reports)."""
        if self.profile in ("nonstarter", "discouraged") and self.contacted is None:
            return False
        if self.profile == "coursework" and week >= 2 and self.contacted is None:
            return False  # still chatting, but the coursework has stopped
        self.rng.random()  # the draw that used to skip one now and then: the story stays
        return True


def cast(seed: int = 2027) -> list[Learner]:
    rng = random.Random(seed)
    learners = [
        Learner(name, "steady", rate=rng.uniform(1.4, 3.2), seed=rng.randrange(10**6))
        for name in STEADY_NAMES
    ]
    learners += [
        Learner("Hugo", "nonstarter", rate=1.5, seed=1),
        Learner("Noé", "discouraged", rate=3.0, seed=2),
        Learner("Inès", "isolated", rate=2.5, pairs=False, seed=3),
        Learner("Sam", "meaning", rate=2.2, seed=4),
        Learner("Karim", "late", rate=2.0, seed=5),
        Learner("Maya", "platform", rate=0.0, pairs=False, seed=6),
        Learner("Bilal", "coursework", rate=2.4, seed=7),
    ]
    for learner in learners:
        learner.rng = random.Random(learner.seed)
    return learners


class Cohort:
    """Plays the learners' days through the sandbox."""

    def __init__(self, people, bot, cohort, learners: list[Learner]) -> None:
        self.people, self.bot, self.cohort = people, bot, cohort
        self.learners = learners
        self.recent: list[dict] = []  # the last messages in the cohort channel, to reply to
        self.said = 0
        self.peer = 0
        self.marker = 0  # a member outside the cohort whose reaction marks "all handled"

    def by_name(self, name: str) -> Learner:
        return next(learner for learner in self.learners if learner.name == name)

    def present(self) -> list[Learner]:
        return [learner for learner in self.learners if learner.user_id]

    async def live(self, day: date, week: int, spaces: dict[int, int]) -> tuple[int, int]:
        """Everyone's messages of the day; replies to peers; pair spaces used twice a week.
        Returns (active learners, messages)."""
        rng = random.Random(day.toordinal())
        self.said = self.peer = 0
        active = 0
        for learner in self.present():
            count = learner.messages_on(day, week)
            active += count > 0
            for _ in range(count):
                await self._message(learner, day)
        if day.weekday() in (1, 3):
            for learner_id, space in spaces.items():
                if rng.random() < 0.7:
                    await self.people.say(space, learner_id, "…")
                    self.said += 1
        await self.settled()
        return active, self.said

    async def _message(self, learner: Learner, day: date) -> None:
        reply_to = None
        if self.recent and learner.replies_to_peers(day):
            others = [m for m in self.recent if int(m["author"]["id"]) != learner.user_id]
            reply_to = learner.rng.choice(others) if others else None
        message = await self.people.say(
            self.cohort.channel_id, learner.user_id, "…", reply_to=reply_to
        )
        self.said += 1
        self.peer += reply_to is not None
        self.recent = (self.recent + [message])[-12:]

    async def settled(self) -> None:
        """The bot has handled every gateway event sent so far: a marker reaction, sent last
        by a member outside the cohort, has been counted (events are handled in order)."""
        if not self.recent:
            return
        await self.people.react(self.recent[-1], self.marker, "✅")
        buffer = self.bot.services.activity.buffer
        async with asyncio.timeout(10):
            while not buffer.pending_for(self.marker):  # noqa: ASYNC110 - the bot's own pace
                await asyncio.sleep(0.005)
        await self.bot.get_cog("Activity").flush()
