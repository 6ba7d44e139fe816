"""How values are written to and read from the database: UTC ISO text for instants."""

from __future__ import annotations

from datetime import UTC, datetime


def instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return value.astimezone(UTC).isoformat(timespec="seconds")


def parse_instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def among(column: str, values: list[int] | None) -> tuple[str, tuple]:
    """` AND column IN (?, ...)` and its values, to narrow a query to some rows; nothing for
    None (every row)."""
    if values is None:
        return "", ()
    return f" AND {column} IN ({', '.join('?' * len(values)) or 'NULL'})", tuple(values)
