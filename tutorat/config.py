"""The deployment configuration (config.toml), read into pydantic models.

Every key is known (`extra="forbid"`): a typo stops start-up with a line naming the key.
The bot token never lives here; it comes from the DISCORD_TOKEN environment variable.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from tutorat.config_problems import config_problems, toml_problem
from tutorat.errors import Refusal
from tutorat.notify import TutorHours, parse_days
from tutorat.shards import EVERY_GUILD, Shards
from tutorat.texts import LANGUAGES


class ConfigError(Exception):
    """A config file that cannot be used: one line per problem, each naming the key and the
    reason in French (`problems`); str() is the first, with how many others there are."""

    def __init__(self, *problems: str) -> None:
        super().__init__(*problems)
        self.problems = list(problems)

    def __str__(self) -> str:
        first, others = self.problems[0], len(self.problems) - 1
        if not others:
            return first
        return f"{first} (et {others} autre{'s' if others > 1 else ''} erreur{'s' if others > 1 else ''})"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DiscordSettings(Section):
    api_base: str = "https://discord.com/api/v10"
    gateway: str = "wss://gateway.discord.gg/"
    guild_ready_timeout: float = Field(default=2.0, ge=0, le=60)
    sync_commands: bool = True
    shard_count: int | None = Field(default=None, ge=1, le=1024)
    shard_ids: list[int] | None = None

    @model_validator(mode="after")
    def _shards(self) -> DiscordSettings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("shard_ids demande shard_count")
        if not self.shard_ids or len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError("shard_ids : une liste non vide, sans doublon")
        if any(not 0 <= i < self.shard_count for i in self.shard_ids):
            raise ValueError(f"shard_ids : chaque numéro entre 0 et {self.shard_count - 1}")
        return self

    def shards(self) -> Shards:
        """The shards this process runs (all of them when shard_ids is not given)."""
        if self.shard_count is None:
            return EVERY_GUILD
        ids = self.shard_ids if self.shard_ids is not None else range(self.shard_count)
        return Shards(self.shard_count, frozenset(ids))

    @field_validator("api_base", "gateway")
    @classmethod
    def _no_trailing_slash_needed(cls, value: str) -> str:
        if not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("adresse http(s):// ou ws(s):// attendue")
        return value


class DatabaseSettings(Section):
    """`url`: a SQLite file (the default) or postgresql://user@host:port/name. The password
    never lives in the file: TUTORAT_DATABASE_PASSWORD, or the whole URL in DATABASE_URL.
    `path` is the older name of a SQLite `url`."""

    url: str | None = None
    path: str | None = None
    pool_size: int = Field(default=4, ge=1, le=100)
    # an outage: the tutors are told once it has lasted this long; the bot tries the database
    # again every `probe_seconds` meanwhile
    outage_alert_minutes: float = Field(default=5.0, ge=0, le=1440)
    probe_seconds: float = Field(default=5.0, gt=0, le=600)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if "://" in value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("un chemin de fichier SQLite ou une adresse postgresql:// attendue")
        if value.startswith(("postgresql://", "postgres://")):
            parts = urlsplit(value)
            if parts.password:
                raise ValueError(
                    "le mot de passe ne va pas dans le fichier : utilisez"
                    " TUTORAT_DATABASE_PASSWORD ou DATABASE_URL"
                )
            if not parts.hostname or not parts.path.strip("/"):
                raise ValueError("adresse postgresql://utilisateur@hôte:port/base attendue")
        return value

    @model_validator(mode="after")
    def _one_name(self) -> DatabaseSettings:
        if self.url is not None and self.path is not None:
            raise ValueError("url et path donnés ensemble : gardez url")
        return self


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the store is, once the environment is read; `shown` never holds a password."""

    url: str
    password: str | None
    backend: str
    shown: str


def database_target(settings: DatabaseSettings, environ: Mapping[str, str]) -> DatabaseTarget:
    """DATABASE_URL (the whole URL, password included) wins over the file's url; otherwise the
    file's url (or path, or tutorat.db) with TUTORAT_DATABASE_PASSWORD."""
    url = environ.get("DATABASE_URL") or settings.url or settings.path or "tutorat.db"
    if not url.startswith(("postgresql://", "postgres://")):
        if "://" in url:
            raise ConfigError("DATABASE_URL: adresse postgresql:// attendue")
        return DatabaseTarget(url, None, "sqlite", f"SQLite ({url})")
    parts = urlsplit(url)
    password = parts.password or environ.get("TUTORAT_DATABASE_PASSWORD") or None
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return DatabaseTarget(
        url, password, "postgresql", f"PostgreSQL ({user}{host}{port}{parts.path})"
    )


class LoggingSettings(Section):
    level: str = Field(default="INFO", pattern="^(DEBUG|INFO|WARNING|ERROR)$")


class CohortDefaults(Section):
    timezone: str = "Europe/Paris"
    presence_time: time = time(9, 0)
    presence_days: str = "mon-fri"
    pulse_day: int = Field(default=4, ge=0, le=6)  # 0 = lundi
    pulse_time: time = time(10, 0)
    scan_time: time = time(8, 0)
    locale: str = "fr"

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(
                f"langue sans catalogue {value!r} : {', '.join(LANGUAGES)} (tutorat/locales)"
            )
        return value

    @field_validator("presence_days")
    @classmethod
    def _days(cls, value: str) -> str:
        try:
            CronTrigger(day_of_week=value)
        except ValueError:
            raise ValueError(
                f"jours invalides {value!r} : par exemple mon-fri ou mon,wed,fri"
            ) from None
        return value

    def routine(self) -> dict:
        """A new cohort's routine, from these defaults."""
        return {
            "presence_time": self.presence_time.strftime("%H:%M"),
            "presence_days": self.presence_days,
            "pulse_day": self.pulse_day,
            "pulse_time": self.pulse_time.strftime("%H:%M"),
        }

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"fuseau horaire IANA inconnu : {value!r}") from None
        return value


class ActivitySettings(Section):
    flush_seconds: float = Field(default=5.0, gt=0, le=86400)
    flush_events: int = Field(default=500, ge=1, le=100_000)


class OutboxSettings(Section):
    flush_seconds: float = Field(default=10.0, gt=0, le=3600)
    max_attempts: int = Field(default=8, ge=1, le=100)
    retry_base_seconds: float = Field(default=30.0, gt=0)
    retry_max_seconds: float = Field(default=3600.0, gt=0)


class SchedulerSettings(Section):
    misfire_grace_seconds: int = Field(default=3600, ge=1)


class SignalSettings(Section):
    """The early-warning thresholds (codes S1-S9 are those of the trace contract)."""

    not_started_days: int = Field(default=7, ge=1, le=60)
    unseen_days: int = Field(default=3, ge=1, le=60)
    silent_days: int = Field(default=7, ge=1, le=60)
    usual_silence: float = Field(default=0.9, gt=0, le=1)
    quiet_day: float = Field(default=0.5, ge=0, lt=1)
    absent_days: int = Field(default=70, ge=7, le=365)
    alone_days: int = Field(default=21, ge=1, le=365)
    drop_ratio: float = Field(default=0.5, gt=0, lt=1)
    drop_min_baseline: float = Field(default=3.0, ge=0)
    declared_share: float = Field(default=0.85, gt=0, le=1)
    grace_days: int = Field(default=7, ge=0, le=60)
    late_days: int = Field(default=28, ge=1, le=120)
    working_grace: int = Field(default=3, ge=0, le=60)
    record: int = Field(default=5, ge=1, le=100)
    isolation_days: int = Field(default=14, ge=1, le=60)
    others_interacting: float = Field(default=0.25, ge=0, le=1)
    pulse_drop: float = Field(default=1.5, gt=0, le=6)
    item_low: int = Field(default=2, ge=1, le=7)
    intention_low: int = Field(default=3, ge=1, le=7)
    lien_low: int = Field(default=3, ge=1, le=7)
    missed_pulses: int = Field(default=2, ge=1, le=10)
    small_cohort: int = Field(default=8, ge=1)


class CaseSettings(Section):
    remind_after_hours: int = Field(default=48, ge=1)
    escalate_after_days: int = Field(default=4, ge=1)
    cooldown_days: int = Field(default=14, ge=0)
    snooze_days: int = Field(default=7, ge=1)
    effect_days: int = Field(default=14, ge=1)
    weekly_cap: int = Field(default=8, ge=0)
    learner_nudge: list[str] = ["S2", "S7"]

    @field_validator("learner_nudge")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        unknown = set(value) - {f"S{i}" for i in range(1, 10)}
        if unknown:
            raise ValueError(f"codes de signaux inconnus : {sorted(unknown)} (S1 à S9)")
        return value


class PairSettings(Section):
    round_weeks: int = Field(default=2, ge=1, le=12)
    repeat_gap_weeks: int = Field(default=4, ge=0, le=52)
    checkback_days: int = Field(default=3, ge=1, le=13)
    max_guild_channels_reserve: int = Field(default=50, ge=0, le=499)


class NotificationSettings(Section):
    max_dm_per_week: int = Field(default=3, ge=0, le=20)
    quiet_from: time = time(21, 0)
    quiet_until: time = time(8, 0)
    tutor_quiet_from: time = time(20, 0)
    tutor_quiet_until: time = time(8, 0)
    tutor_days: str = "mon-fri"

    @field_validator("tutor_days")
    @classmethod
    def _tutor_days(cls, value: str) -> str:
        try:
            parse_days(value)
        except Refusal:
            raise ValueError(
                f"jours invalides {value!r} : par exemple mon-fri ou lun-sam"
            ) from None
        return value

    def tutor_hours(self) -> TutorHours:
        """A tutor's hours unless they chose their own (/notifications)."""
        return TutorHours(
            self.tutor_quiet_from, self.tutor_quiet_until, parse_days(self.tutor_days)
        )


class PlatformSettings(Section):
    """Course-platform sources. Credentials never live here: TUTORAT_XAPI_USERNAME,
    TUTORAT_XAPI_PASSWORD and TUTORAT_MOODLE_TOKEN in the environment."""

    xapi_endpoint: str = ""  # e.g. https://lrs.example.org/xAPI ; empty: no LRS
    moodle_url: str = ""  # e.g. https://moodle.example.org ; empty: no web services
    interval_minutes: int = Field(default=30, ge=5, le=1440)
    overlap_minutes: int = Field(default=120, ge=0, le=10080)
    page_size: int = Field(default=500, ge=10, le=5000)
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    poll_share: float = Field(default=0.1, gt=0, le=1)

    @field_validator("xapi_endpoint", "moodle_url")
    @classmethod
    def _http(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("adresse http(s):// attendue, ou vide")
        if "@" in value.split("//", 1)[-1].split("/", 1)[0]:
            raise ValueError("pas d'identifiants dans l'adresse : variables d'environnement")
        return value.rstrip("/")

    @field_validator("interval_minutes")
    @classmethod
    def _divides_the_hour(cls, value: int) -> int:
        if (value < 60 and 60 % value) or (value >= 60 and (value % 60 or 1440 % value)):
            raise ValueError(
                "un diviseur de 60 (5, 10, 15, 20, 30) ou d'un jour en heures (60, 120, 180, 240, 360, 480, 720, 1440)"
            )
        return value


class PrivacySettings(Section):
    """How long learners' personal rows are kept after their cohort ends."""

    retention_days: int = Field(default=365, ge=1, le=3650)


class WebSettings(Section):
    """The tutors' web view, served by the bot itself (web/). The signing secret comes from
    TUTORAT_WEB_SECRET in the environment, never from this file."""

    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)  # 0: any free port (tests)
    public_url: str = ""  # behind a reverse proxy: https://tableau.example.org (no path)

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not value.strip() or any(c in value for c in " /"):
            raise ValueError(f"adresse d'écoute attendue (127.0.0.1, ::1, 0.0.0.0) : {value!r}")
        return value.strip()

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError(f"adresse http:// ou https:// attendue, sans paramètres : {value!r}")
        if parts.path not in ("", "/") or parts.fragment:
            # every link and redirect of the web view starts at the root of its host
            raise ValueError(
                f"la vue web est servie à la racine de son adresse, pas sous {parts.path!r} :"
                f" donnez {parts.scheme}://{parts.netloc} (un sous-domaine)"
            )
        return value.rstrip("/")

    def base_url(self, port: int) -> str:
        """Where the links point: the public address, else this machine's."""
        if self.public_url:
            return self.public_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"

    @property
    def secure(self) -> bool:
        """Cookies marked Secure: the public address is https."""
        return self.public_url.startswith("https://")


class Config(Section):
    discord: DiscordSettings = DiscordSettings()
    database: DatabaseSettings = DatabaseSettings()
    logging: LoggingSettings = LoggingSettings()
    cohort: CohortDefaults = CohortDefaults()
    activity: ActivitySettings = ActivitySettings()
    outbox: OutboxSettings = OutboxSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    signals: SignalSettings = SignalSettings()
    cases: CaseSettings = CaseSettings()
    pairs: PairSettings = PairSettings()
    notifications: NotificationSettings = NotificationSettings()
    platform: PlatformSettings = PlatformSettings()
    privacy: PrivacySettings = PrivacySettings()
    web: WebSettings = WebSettings()


def parse_config(text: str, source: str = "config.toml") -> Config:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {toml_problem(str(exc))}") from None
    if "token" in raw.get("discord", {}):
        raise ConfigError(
            f"{source}: discord.token: le jeton ne va pas dans le fichier, "
            "utilisez la variable d'environnement DISCORD_TOKEN"
        )
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{source}: {line}" for line in config_problems(exc, Config)]
        raise ConfigError(*problems) from None


def load_config(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: fichier de configuration illisible : {exc.strerror}") from None
    return parse_config(text, str(path))
