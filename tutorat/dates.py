"""Reading the dates tutors type, in a cohort's time zone, and writing dates, times, numbers
and durations back in the reader's language, with Babel's CLDR formats."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, format_timedelta
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from tutorat.errors import Refusal
from tutorat.texts import babel_locale, text

YEAR_AT_END = re.compile(r"[\s,]*('[^']*'\s*)?y+\.?\s*$")  # "EEEE d MMMM y" -> "EEEE d MMMM"
FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %Hh")
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


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


@lru_cache(maxsize=1 << 16)  # the daily scan asks again each day for the same instants
def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def days_between(earlier: datetime, later: datetime, zone: ZoneInfo) -> int:
    """Whole local days from one instant to another (calendar days in the zone)."""
    return (local_day(later, zone) - local_day(earlier, zone)).days


def spoken(at: datetime, zone: ZoneInfo, locale: str = "fr") -> str:
    """'lundi 11 janvier 2027 à 09:00' / 'Monday, January 11, 2027 at 9:00 AM' (CLDR)."""
    where = babel_locale(locale)
    day = first_of_month(
        format_date(at.astimezone(zone).date(), format="full", locale=where), where
    )
    return text("date.at", locale, day=day, time=clock_time(at, zone, locale))


FIRST = re.compile(r"(?<![\d])1 (?=\w)")


def first_of_month(said: str, where) -> str:
    """French writes the first of the month « 1er » (lundi 1er février), other days as numbers."""
    return FIRST.sub("1er ", said, count=1) if where.language == "fr" else said


def day_name(day: date, locale: str = "fr") -> str:
    """'lundi 11 janvier' / 'Monday, 11 January': the reader's CLDR full date, without its
    year (the day of a course is always this year's)."""
    where = babel_locale(locale)
    pattern = YEAR_AT_END.sub("", where.date_formats["full"].pattern)
    return first_of_month(format_date(day, format=pattern, locale=where), where)


def clock_time(at: datetime, zone: ZoneInfo, locale: str = "fr") -> str:
    """'09:00' / '9:00 AM'."""
    return format_time(at.astimezone(zone), format="short", locale=babel_locale(locale))


def number(value: float, locale: str = "fr", digits: int = 1) -> str:
    """5,7 in French, 5.7 in English."""
    return format_decimal(value, format="0." + "0" * digits, locale=babel_locale(locale))


def duration(value: timedelta, locale: str = "fr") -> str:
    """'45 min', '2 h 30 min', '1 j 4 h' / '2 hr 30 min': the two largest units, each in
    CLDR's short form, joined as CLDR joins units."""
    where = babel_locale(locale)
    minutes = max(1, round(value.total_seconds() / 60))  # "1 min" rather than "0 sec"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    units = [(days, "days"), (hours, "hours"), (minutes, "minutes")]
    first = next(i for i, (amount, _) in enumerate(units) if amount)
    parts = [
        format_timedelta(timedelta(**{unit: amount}), threshold=1, format="short", locale=where)
        for amount, unit in units[first : first + 2]
        if amount
    ]
    return format_list(parts, style="unit-narrow", locale=where)


ONE_DAY = timedelta(days=1)


def percent(share: float, locale: str = "fr") -> str:
    """'90 %' in French, '90%' in English."""
    return format_percent(share, locale=babel_locale(locale))
