"""A cohort's learners as the web view's table lays them out: one row each, read from a few
queries, then filtered, sorted and paged here (pure functions: no I/O)."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from tutorat.pulse import overall

PAGE_SIZE = 50
SORTS = ("name", "discord", "platform", "missed", "pulse", "case")
FLAGS = ("open_case", "not_started", "no_account")


@dataclass
class Row:
    user_id: int
    name: str
    account: str = ""
    tutor_id: int | None = None
    tutor_name: str = ""
    started: bool = False
    active: bool = True
    last_discord: date | None = None
    last_platform: date | None = None
    met: int = 0
    late: int = 0
    missed: int = 0
    pulse: float | None = None  # the latest week's mean of the four dimensions
    trend: int = 0  # against the week before: -1, 0, 1
    case_id: int | None = None
    case_form: str | None = None
    case_opened: datetime | None = None
    case_contacted: bool = False
    pair: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    """What the tutor asked of the table (the URL's parameters, checked)."""

    search: str = ""
    form: str = ""
    tutor: int | None = None
    flag: str = ""
    sort: str = "case"
    descending: bool = False
    page: int = 1

    @classmethod
    def read(cls, params: dict[str, str]) -> Query:
        def number(value: str | None) -> int | None:
            return int(value) if value and value.isdigit() and len(value) < 21 else None

        sort = params.get("sort", "case")
        return cls(
            search=params.get("q", "").strip()[:100],
            form=params.get("form", "")[:30],
            tutor=number(params.get("tutor")),
            flag=params.get("flag", "") if params.get("flag") in FLAGS else "",
            sort=sort if sort in SORTS else "case",
            descending=params.get("order") == "desc",
            page=max(1, number(params.get("page")) or 1),
        )


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int  # rows matching, on every page
    page: int
    pages: int


def pulse_points(answers: dict[int, tuple]) -> tuple[float | None, int]:
    """The latest week's mean and its trend against the week before."""
    if not answers:
        return None, 0
    weeks = sorted(answers)
    last = overall(answers[weeks[-1]])
    if len(weeks) < 2:
        return round(last, 1), 0
    before = overall(answers[weeks[-2]])
    return round(last, 1), (last > before + 0.25) - (last < before - 0.25)


def _matches(row: Row, query: Query) -> bool:
    if query.form and row.case_form != query.form:
        return False
    if query.tutor is not None and row.tutor_id != query.tutor:
        return False
    if query.flag == "open_case" and row.case_id is None:
        return False
    if query.flag == "not_started" and row.started:
        return False
    if query.flag == "no_account" and row.account:
        return False
    if query.search:
        wanted = query.search.lower()
        return (
            wanted in row.name.lower()
            or wanted == str(row.user_id)
            or (bool(row.account) and wanted in row.account.lower())
        )
    return True


def _sort_key(sort: str):
    low = date.min
    if sort == "name":
        return lambda r: (r.name.lower(), r.user_id)
    if sort == "discord":
        return lambda r: (r.last_discord or low, r.name.lower())
    if sort == "platform":
        return lambda r: (r.last_platform or low, r.name.lower())
    if sort == "missed":
        return lambda r: (r.missed, r.late, r.name.lower())
    if sort == "pulse":
        return lambda r: (r.pulse if r.pulse is not None else 0.0, r.name.lower())
    # open cases first, the oldest first; then the others by name
    return lambda r: (
        r.case_opened is None,
        r.case_opened.timestamp() if r.case_opened else 0.0,
        r.name.lower(),
    )


def page_of(rows: list[Row], query: Query, size: int = PAGE_SIZE) -> Page:
    kept = [r for r in rows if _matches(r, query)]
    kept.sort(key=_sort_key(query.sort), reverse=query.descending)
    pages = max(1, -(-len(kept) // size))
    page = min(query.page, pages)
    return Page(kept[(page - 1) * size : page * size], len(kept), page, pages)


CHANGED_AT_MOST = 50  # rows changed past which a page is laid out again (page_of)


def page_again(
    page: Page, before: list[Row], rows: list[Row], query: Query, changed: list[int]
) -> Page | None:
    """The page of `rows` that `page` was of `before`: the same learners in the same order,
    their rows the same objects but at the places `changed`. When no changed row moved in or
    out of the page or within it (it matches the query as it did and sorts where it did):
    the same page, its changed rows replaced. None: lay it out again (page_of)."""
    key = _sort_key(query.sort)
    shown = {id(r): i for i, r in enumerate(page.rows)}  # (the rows of `before` on it)
    replaced = list(page.rows)
    for i in changed:
        old, new = before[i], rows[i]
        matched = _matches(old, query)
        if matched != _matches(new, query) or (matched and key(old) != key(new)):
            return None
        if id(old) in shown:
            replaced[shown[id(old)]] = new
    # the page holds the rows of `rows` (the next time, those of `before`), even the same
    return page if all(map(operator.is_, replaced, page.rows)) else replace(page, rows=replaced)


@dataclass(frozen=True)
class Load:
    """A group of learners at a glance: a cohort's, or one tutor's in it."""

    learners: int
    active_discord: int  # this week, on Discord
    active_platform: int  # this week, on the course platform
    open_cases: int
    oldest_case_days: int | None
    pulse: float | None  # mean of the latest questionnaires
    rising: int  # learners whose questionnaire rose against the week before
    falling: int
    pairs: int


def load_of(rows: list[Row], week_began: date, now: datetime) -> Load:
    opened = [r.case_opened for r in rows if r.case_opened]
    pulses = [r.pulse for r in rows if r.pulse is not None]
    return Load(
        sum(r.active for r in rows),
        sum(bool(r.last_discord and r.last_discord >= week_began) for r in rows),
        sum(bool(r.last_platform and r.last_platform >= week_began) for r in rows),
        len(opened),
        (now - min(opened)).days if opened else None,
        round(sum(pulses) / len(pulses), 1) if pulses else None,
        sum(r.trend > 0 for r in rows if r.pulse is not None),
        sum(r.trend < 0 for r in rows if r.pulse is not None),
        len({frozenset([r.user_id, *r.pair]) for r in rows if r.pair}),
    )
