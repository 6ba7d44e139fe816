"""Reading the dates tutors type, in a cohort's time zone, and writing them back in French."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tutorat.errors import Refusal

FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %Hh")
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    """False for a wall-clock time skipped by a DST change (e.g. 02:30 on the spring night)."""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) == naive


def parse_local(value: str, zone: ZoneInfo, *, default_time: time | None = None) -> datetime:
    """'2027-01-11 09:00' (or '11/01/2027 09:00', or a day alone with default_time) -> aware."""
    text = " ".join(value.split())
    for fmt in FORMATS:
        try:
            naive = datetime.strptime(text, fmt)  # noqa: DTZ007 - the zone is added below
            break
        except ValueError:
            continue
    else:
        if default_time is None:
            raise Refusal("date.invalid", value=value)
        naive = datetime.combine(parse_day(value), default_time)
    if not _exists(naive, zone):
        raise Refusal("date.nonexistent", value=text, tz=zone.key)
    return naive.replace(tzinfo=zone)


def parse_end(value: str, zone: ZoneInfo) -> datetime:
    """An end: '2027-03-26' means through that whole day; a time, if given, is exact."""
    try:
        return parse_local(value, zone)
    except Refusal:
        return start_of_day(parse_day(value) + timedelta(days=1), zone)


def parse_day(value: str) -> date:
    text = value.strip()
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise Refusal("date.invalid", value=value)


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def days_between(earlier: datetime, later: datetime, zone: ZoneInfo) -> int:
    """Whole local days from one instant to another (calendar days in the zone)."""
    return (local_day(later, zone) - local_day(earlier, zone)).days


def spoken(at: datetime, zone: ZoneInfo, locale: str = "fr") -> str:
    """'lundi 11 janvier 2027 à 09:00' / 'Monday 11 January 2027 at 09:00'."""
    local = at.astimezone(zone)
    if locale.startswith("en"):
        return local.strftime("%A %d %B %Y at %H:%M")
    return (
        f"{DAYS_FR[local.weekday()]} {local.day} {MONTHS_FR[local.month - 1]} {local.year}"
        f" à {local:%H:%M}"
    )


def day_name(day: date, locale: str = "fr") -> str:
    """'lundi 11 janvier' / 'Monday 11 January'."""
    if locale.startswith("en"):
        return day.strftime("%A %d %B")
    return f"{DAYS_FR[day.weekday()]} {day.day} {MONTHS_FR[day.month - 1]}"


def clock_time(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%H:%M")


ONE_DAY = timedelta(days=1)
