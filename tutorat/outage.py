"""The database's outages as the bot lives them: since when it fails, which scheduled runs it
missed, whether the tutors were told.

The stores raise tutorat.errors.DatabaseUnavailable and tell `down(now)`; a scheduled run that
met it is kept (`miss`) and run again, at its own time, when the database answers again
(`over`). The tutors hear of an outage once it has lasted `tell_after`, and once that it is
over. Missed runs are kept in memory up to MAX_MISSED (beyond: the oldest are dropped and
counted in `dropped`, said in the logs); the activity counted meanwhile waits in the
activity service (tutorat/activity.py, MAX_KEPT).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tutorat.schedule import Job

log = logging.getLogger(__name__)
MAX_MISSED = 1000


@dataclass
class Episode:
    """One outage, once over: what the recovery has to do."""

    since: datetime
    until: datetime
    told: bool
    missed: list[tuple[datetime, Job]] = field(default_factory=list)


class Outage:
    def __init__(self, tell_after: timedelta = timedelta(minutes=5)) -> None:
        self.tell_after = tell_after
        self.since: datetime | None = None  # None: the database answers
        self.told = False
        self.missed: list[tuple[datetime, Job]] = []
        self.dropped = 0
        self.episodes = 0  # outages lived through (over)

    @property
    def down_now(self) -> bool:
        return self.since is not None

    def down(self, now: datetime) -> None:
        if self.since is None:
            self.since = now
            self.told = False
            log.warning("database unreachable since %s", now.isoformat())

    def miss(self, job: Job, at: datetime) -> None:
        """A scheduled run due `at` met the outage: it runs when the database is back."""
        if any(j.id == job.id and when == at for when, j in self.missed):
            return
        self.missed.append((at, job))
        if len(self.missed) > MAX_MISSED:
            self.missed.pop(0)
            self.dropped += 1
            log.warning("more than %d scheduled runs missed: the oldest is dropped", MAX_MISSED)

    def due_to_tell(self, now: datetime) -> bool:
        return self.since is not None and not self.told and now - self.since >= self.tell_after

    def over(self, now: datetime) -> Episode | None:
        """The database answers again: the episode to recover from (None if there was none).
        The missed runs come in time order; whatever the recovery cannot finish goes back
        with `miss`."""
        if self.since is None:
            return None
        episode = Episode(self.since, now, self.told, sorted(self.missed, key=lambda m: m[0]))
        self.since, self.told, self.missed = None, False, []
        self.episodes += 1
        log.warning("database back at %s (unreachable since %s)", now, episode.since)
        return episode
