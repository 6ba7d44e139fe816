"""The web view's words: the tutor's Discord locale, then the browser's Accept-Language, then
French; sentences from the same gettext catalogues as the bot (the `web` domain), dates by
Babel in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from aiohttp import web
from babel.dates import format_date, format_datetime

from tutorat.dates import number as decimal_number
from tutorat.texts import LANGUAGES, SOURCE, Count, babel_locale, text
from tutorat.warning.cases import FORM_KEYS

LANG = web.RequestKey("lang", str)
VISITOR = web.RequestKey("visitor", object)


def _known(tag: str) -> str | None:
    tag = tag.strip().replace("_", "-")
    if not tag:
        return None
    if tag.replace("-", "_") in LANGUAGES:
        return tag
    return tag if tag.split("-")[0] in LANGUAGES else None


def language_for(discord_locale: str | None, accept: str | None) -> str:
    """The locale the page is written in."""
    if discord_locale and _known(discord_locale):
        return discord_locale
    for part in (accept or "").split(","):
        found = _known(part.split(";")[0])
        if found:
            return found
    return SOURCE


@lru_cache(maxsize=4096)
def _date_label(value: date, where) -> str:
    """A day as the reader writes it: a cohort's table shows two a row, and Babel's formatting
    is slow; a day's label in one language never changes."""
    return format_date(value, "medium", locale=where)


async def render_globals(request) -> dict:
    loc = request.get(LANG, SOURCE)
    visitor = request.get(VISITOR)
    where = babel_locale(loc)

    def t(key: str, **params: object) -> str:
        return text(key, loc, **params)

    def day(value: date | datetime | None, zone=None) -> str:
        if value is None:
            return "—"
        if isinstance(value, datetime):
            return format_datetime(value, "short", tzinfo=zone, locale=where)
        return _date_label(value, where)

    def form_name(form: str | None) -> str:
        return text(FORM_KEYS[form], loc) if form in FORM_KEYS else "—"

    def days(n: int) -> Count:  # "7 jours", a parameter of another sentence
        return Count("digest.days", n)

    def number(value: float) -> str:  # 2,4 / 2.4
        return decimal_number(value, loc, 1)

    return {
        "t": t,
        "day": day,
        "form_name": form_name,
        "number": number,
        "days": days,
        "lang": loc.split("-")[0].split("_")[0],
        "visitor": visitor,
        "csrf": visitor.csrf if visitor else "",
    }
