"""What differs between SQLite and PostgreSQL, in one place.

The repositories write their SQL once, as SQLite reads it: `?` or `:name` placeholders,
`INSERT OR IGNORE`, `ON CONFLICT ... DO UPDATE SET x = excluded.x`. For PostgreSQL this module
turns a statement into asyncpg's form (`$1`, `$2`, ... and a list of arguments) and says how
values come back, so that a repository sees the same text for an instant or a day on both.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

# string literals and quoted names are copied as they are; `?` and `:name` are placeholders
# (`::type` casts are not)
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|(?<![:\w])::?\w+|\?")
# `? IS NULL` gives PostgreSQL no type to infer: such a placeholder is cast from its value
_IS_NULL = re.compile(r"\s+IS\s+(?:NOT\s+)?NULL\b", re.IGNORECASE)
_CAST_MARK = re.compile(r"\$(\d+)::\{cast\}")
_CASTS = {bool: "boolean", int: "bigint", float: "double precision", str: "text"}
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _translate(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """The statement with numbered placeholders, and the names they stand for (None for `?`)."""
    names: list[str] = []
    positional = 0

    def number(match: re.Match) -> str:
        nonlocal positional
        token = match.group(0)
        if token == "?":
            positional += 1
            number = positional
        elif token.startswith("::") or not token.startswith(":"):
            return token  # a cast, a literal or a quoted name
        else:
            if token[1:] not in names:
                names.append(token[1:])
            number = names.index(token[1:]) + 1
        untyped = _IS_NULL.match(sql, match.end())
        return f"${number}::{{cast}}" if untyped else f"${number}"

    out = _TOKEN.sub(number, sql)
    if positional and names:
        raise ValueError("a statement mixes ? and :name placeholders")
    if _OR_IGNORE.match(out):
        out = _OR_IGNORE.sub("INSERT INTO", out, count=1)
        returning = _RETURNING.search(out)
        if returning:
            out = f"{out[: returning.start()]}ON CONFLICT DO NOTHING {out[returning.start() :]}"
        else:
            out += " ON CONFLICT DO NOTHING"
    return out, (tuple(names) if names else None)


def to_postgres(sql: str, params: tuple | list | dict = ()) -> tuple[str, list]:
    """asyncpg's statement and arguments for a statement written for SQLite."""
    text, names = _translate(sql)
    if names is None:
        if isinstance(params, dict):
            raise ValueError("named parameters given to a statement with ? placeholders")
        args = list(params)
    elif not isinstance(params, dict):
        raise ValueError("a statement with :name placeholders takes a dict")
    else:
        args = [params[name] for name in names]
    if "::{cast}" in text:
        text = _CAST_MARK.sub(
            lambda m: f"${m.group(1)}::{_CASTS.get(type(args[int(m.group(1)) - 1]), 'text')}",
            text,
        )
    return text, args


def inserted_table(sql: str) -> str | None:
    match = _INSERT_INTO.match(sql)
    return match.group(1).lower() if match else None


_WRITTEN = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE
)


@lru_cache(maxsize=1024)
def written_table(sql: str) -> str:
    """The table an INSERT, UPDATE or DELETE writes; "" for any other statement (a write the
    web view cannot place, so that it reads everything again)."""
    match = _WRITTEN.match(sql)
    return match.group(1).lower() if match else ""


def changed_rows(status: str) -> int:
    """asyncpg's command tag ('INSERT 0 1', 'UPDATE 3', 'DELETE 0') -> rows changed."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


# values: what the repositories give and expect back is the SQLite form (db/convert.py) -----


def encode_instant(value: str | datetime) -> str:
    return value if isinstance(value, str) else value.isoformat()


def decode_instant(text: str) -> str:
    """PostgreSQL's timestamptz text -> the UTC ISO text db.convert.instant writes."""
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="seconds")


def encode_day(value: str | date) -> str:
    return value if isinstance(value, str) else value.isoformat()


def decode_number(text: str) -> int | float:
    """numeric (SUM of bigints, AVG): an int when whole in SQL terms, else a float, as SQLite."""
    return float(text) if "." in text or "e" in text.lower() else int(text)


# the few expressions whose spelling differs ------------------------------------------------


def day_of(column: str, backend: str) -> str:
    """The UTC calendar day of a stored instant, comparable with a day column."""
    if backend == "postgresql":
        return f"(({column}) AT TIME ZONE 'UTC')::date"
    return f"substr({column}, 1, 10)"
