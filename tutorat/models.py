"""Plain records shared by the rules, the services and the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Place(StrEnum):
    """Where an activity happened, as far as the method cares."""

    COHORT = "cohort"
    PAIR = "pair"
    HELP = "help"
    OTHER = "other"
    PLATFORM = "platform"  # the course platform (LMS), not a Discord channel


class ActivityKind(StrEnum):
    MESSAGE = "message"
    PEER_REPLY = "peer_reply"  # a reply to, or a mention of, another member
    REACTION = "reaction"
    VOICE = "voice"
    INTERACTION = "interaction"
    # what a learner did on the course platform (xAPI verbs, Moodle, a CSV), counted alike
    VIEWED = "viewed"
    SUBMITTED = "submitted"
    COMPLETED = "completed"
    ANSWERED = "answered"
    SCORED = "scored"
    LOGGED_IN = "logged_in"
    OTHER = "other"


@dataclass(frozen=True)
class ActivityEvent:
    guild_id: int
    user_id: int
    at: datetime
    place: Place
    kind: ActivityKind
    cohort_id: int | None = None


@dataclass(frozen=True)
class ActivityCount:
    guild_id: int
    user_id: int
    day: date
    place: Place
    kind: ActivityKind
    count: int


@dataclass(frozen=True)
class Cohort:
    id: int
    guild_id: int
    name: str
    tz: str
    kickoff_at: datetime
    ends_at: datetime | None
    channel_id: int | None = None
    role_id: int | None = None
    category_id: int | None = None
    event_id: int | None = None
    event_channel_id: int | None = None
    event_link: str | None = None
    presentation: str | None = None
    locale: str = "fr"
    archived_at: datetime | None = None
    presence_time: str = "09:00"
    presence_days: str = "mon-fri"
    pulse_day: int = 4
    pulse_time: str = "10:00"
    tutors_channel_id: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def ended(self, now: datetime) -> bool:
        return self.archived_at is not None or (self.ends_at is not None and now >= self.ends_at)


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    tutor_role_id: int | None = None
    coordinator_role_id: int | None = None


@dataclass(frozen=True)
class Goals:
    cohort_id: int
    user_id: int
    stage: str  # start, midpoint, end
    aim: str
    hours: int | None
    obstacles: str | None
    written_at: datetime
    still_holds: bool | None = None
    changed: str | None = None


@dataclass(frozen=True)
class Learner:
    cohort_id: int
    user_id: int
    joined_at: datetime
    started_at: datetime | None = None
    left_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.left_at is None


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # permanent: not retried, surfaced to tutors


@dataclass(frozen=True)
class OutboxItem:
    id: int
    key: str
    guild_id: int | None
    channel_id: int | None  # a channel to post in ...
    user_id: int | None  # ... or a user to DM
    payload: dict
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    last_error: str | None = None
    error_code: int | None = None
    message_id: int | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Checkpoint:
    id: int
    cohort_id: int
    name: str
    due_at: datetime


@dataclass(frozen=True)
class PresenceItem:
    id: int
    cohort_id: int
    day: date
    body: str
    author_id: int


@dataclass(frozen=True)
class PulseAnswer:
    cohort_id: int
    user_id: int
    week: int
    answers: tuple[int, int, int, int, int, int]  # P1..P6, 1-7
    answered_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Case:
    id: int
    cohort_id: int
    user_id: int
    tutor_id: int | None
    form: str
    signals: list[str]
    reasons: list[str]
    opened_at: datetime
    acted_at: datetime | None = None
    contacted_at: datetime | None = None
    snoozed_until: datetime | None = None
    reminded_at: datetime | None = None
    escalated_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    notes: str | None = None
    next_step: str | None = None
    quiet_until: datetime | None = None  # no new case of this form before then
    contacted_by: int | None = None  # who said the contact was made
    closed_by: int | None = None  # who closed it (interview done, false alarm)

    @property
    def open(self) -> bool:
        return self.closed_at is None
