"""A class roster as a CSV file: which members enter a cohort, and who tutors each. Every row
is matched before anything is applied; a file with one row that does not match changes
nothing and says which rows, and why."""

from __future__ import annotations

from dataclasses import dataclass

from tutorat.platform import PlatformError, _column, _rows

LEARNER_COLUMNS = ("apprenant", "apprenante", "learner", "discord", "membre", "member")
TUTOR_COLUMNS = ("tuteur", "tutrice", "tutor")


@dataclass(frozen=True)
class RosterRow:
    line: int
    learner: str
    tutor: str  # "" when the file has no tutor column or leaves it empty


@dataclass(frozen=True)
class Miss:
    """A row that does not match: its line, the column, what was written, and the reason
    (a catalogue key: roster.unknown, roster.ambiguous, roster.not_tutor, roster.twice)."""

    line: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class Entry:
    line: int
    learner_id: int
    tutor_id: int | None


def parse_roster(data: bytes) -> list[RosterRow]:
    """A roster's rows: a learner column (Discord id or name), an optional tutor column."""
    header, *rows = _rows(data)
    learner = _column(header, LEARNER_COLUMNS, False)
    if learner is None:
        raise PlatformError("roster.missing_column", 1, LEARNER_COLUMNS[0])
    tutor = _column(header, TUTOR_COLUMNS, False)
    found = []
    for line, row in enumerate(rows, start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        wanted = max(learner, tutor if tutor is not None else 0)
        if len(cells) <= wanted:
            raise PlatformError("platform.csv.short_row", line, header[len(cells)], "")
        found.append(RosterRow(line, cells[learner], cells[tutor] if tutor is not None else ""))
    return found


def match_roster(
    rows: list[RosterRow], members: dict[str, set[int]], team: set[int]
) -> tuple[list[Entry], list[Miss]]:
    """Each row's member (and tutor) among the server's members, named by id, user name or
    display name, case and a leading @ aside. A name two members share is ambiguous."""
    entries: list[Entry] = []
    misses: list[Miss] = []
    seen: dict[int, int] = {}
    for row in rows:
        learner_id, miss = _one(members, row.learner, row.line, "apprenant")
        tutor_id = None
        if miss is None and row.tutor:
            tutor_id, miss = _one(members, row.tutor, row.line, "tuteur")
            if miss is None and tutor_id not in team:
                miss = Miss(row.line, "tuteur", row.tutor, "roster.not_tutor")
        if miss is None and learner_id in seen:
            miss = Miss(row.line, "apprenant", row.learner, "roster.twice")
        if miss is not None:
            misses.append(miss)
            continue
        seen[learner_id] = row.line
        entries.append(Entry(row.line, learner_id, tutor_id))
    return entries, misses


def _one(
    members: dict[str, set[int]], name: str, line: int, column: str
) -> tuple[int | None, Miss | None]:
    ids = members.get(name.lower().lstrip("@"), set())
    if len(ids) == 1:
        return next(iter(ids)), None
    reason = "roster.ambiguous" if ids else "roster.unknown"
    return None, Miss(line, column, name, reason)
