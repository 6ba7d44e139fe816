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
