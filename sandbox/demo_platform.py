"""The demo's course platform: a real LRS (Learning Locker's xapi-statements, `make lrs`) that
the learners' work on the platform reaches as xAPI statements, and that the bot polls.

Two learners carry this part of the story: Maya works on the platform every day but never
writes on Discord (the bot must not take her for a non-starter or a silent learner); Bilal
keeps chatting but stops the coursework in week 2 (the bot must catch it, and say where).
"""

from __future__ import annotations

import os
import random
import unicodedata
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sandbox import lrs
from sandbox.people import Upload

VERBS = {
    "viewed": "http://id.tincanapi.com/verb/viewed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
}
COURSE = "https://plateforme.exemple.fr/course/view.php?id=7"


def email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "").replace(".", "") + "@exemple.fr"


def actions_on(learner, day: date, week: int) -> int:
    """What a learner does on the platform today (the demo's rhythm of work)."""
    rng = random.Random(day.toordinal() * 31 + learner.seed)
    if not learner.started and learner.profile != "platform":
        return 0
    if day.weekday() >= 5 and rng.random() < 0.6:
        return 0
    if learner.profile == "discouraged" and week >= 3:
        helped = learner.contacted is not None and day >= learner.contacted + timedelta(days=2)
        return rng.randint(1, 3) if helped else 0
    if learner.profile == "coursework" and week >= 2:
        helped = learner.contacted is not None and day > learner.contacted
        return rng.randint(2, 4) if helped else 0
    if learner.profile == "platform":
        return rng.randint(4, 8)
    return rng.randint(1, 4)


class Platform:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server: lrs.Lrs | None = None
        self.made = 0

    async def start(self) -> dict:
        """The LRS, and the bot's [platform] section pointing at it (credentials from the
        environment, as in production)."""
        self.server = await lrs.start("learning-locker", self.folder / "lrs")
        os.environ["TUTORAT_XAPI_USERNAME"] = lrs.USERNAME
        os.environ["TUTORAT_XAPI_PASSWORD"] = lrs.PASSWORD
        return {
            "xapi_endpoint": self.server.endpoint,
            "interval_minutes": 360,
            "overlap_minutes": 0,  # the demo's LRS stores at once: no statement comes late
            "poll_share": 1.0,
        }

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()

    def roster(self, learners) -> Upload:
        rows = ["discord,email"] + [f"{x.user_id},{email(x.name)}" for x in learners]
        return Upload("comptes-plateforme.csv", ("\n".join(rows) + "\n").encode())

    async def work(self, learners, day: date, week: int, noon: datetime) -> tuple[int, int]:
        """Today's work on the platform, sent to the LRS. Returns (learners, actions)."""
        statements = []
        busy = 0
        for learner in learners:
            n = actions_on(learner, day, week)
            busy += n > 0
            for i in range(n):
                self.made += 1
                verb = ("viewed", "completed", "answered")[i % 3]
                statements.append(
                    {
                        "id": str(
                            uuid.UUID(int=random.Random(self.made).getrandbits(128), version=4)
                        ),
                        "actor": {"objectType": "Agent", "mbox": f"mailto:{email(learner.name)}"},
                        "verb": {"id": VERBS[verb]},
                        "object": {"objectType": "Activity", "id": f"{COURSE}&module={i}"},
                        "timestamp": (
                            noon - timedelta(hours=3) + timedelta(minutes=7 * i)
                        ).isoformat(),
                    }
                )
        if statements:
            await self.server.add(statements)
        return busy, len(statements)
