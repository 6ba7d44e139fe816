"""Reading cohort traces (../shared/design/TRACE.md): JSON Lines, checked line by line.

A bad line stops the reading with a TraceError naming the line and the field. Pure stdlib:
the replay adapter (replay/runner.py) turns the events into calls to the bot's services.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# type -> (required fields, optional fields); any other field is kept as it is
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cohort": (("cohort", "tz", "kickoff"), ("ends",)),
    "break": (("cohort", "from", "to"), ()),
    "checkpoint": (("cohort", "name", "due"), ("weight",)),
    "join": (("learner", "cohort"), ()),
    "start": (("learner",), ()),
    "message": (("learner", "where"), ("to",)),
    "optin": (("learner",), ()),
    "optout": (("learner",), ()),
    "pulse": (("learner", "answers"), ()),
    "checkpoint_done": (("learner", "name"), ()),
    "platform": (("learner",), ("count", "kind")),
    "leave": (("learner",), ()),
    "tutor": (("learner", "action"), ()),
    "end": ((), ()),
}
TYPES = frozenset(FIELDS)
IDS = ("learner", "cohort", "name", "to")
PLACES = ("cohort", "pair", "help")
ACTIONS = ("contacted", "done", "false_alarm", "snooze")
ITEMS = ("P1", "P2", "P3", "P4", "P5", "P6")
INSTANT = "date ISO 8601 avec décalage attendue"
DAY = "date ISO attendue, par exemple 2027-02-15"


class TraceError(Exception):
    def __init__(self, line: int, field: str | None, reason: str) -> None:
        self.line, self.field, self.reason = line, field, reason
        where = f"trace ligne {line}" + (f", champ '{field}'" if field else "")
        super().__init__(f"{where} : {reason}")


@dataclass(frozen=True)
class Event:
    line: int
    at: datetime  # aware
    type: str
    data: dict  # the other fields, dates, instants and zones already parsed


def _is_id(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parsed(value: object, line: int, field: str, reason: str, *parsers: Callable) -> Any:
    """The first parser's result that fits: a date-time must carry its offset."""
    for parse in parsers if isinstance(value, str) else ():
        try:
            result = parse(value)
        except (ValueError, OSError, ZoneInfoNotFoundError):  # OSError: ZoneInfo("America")
            continue
        if not isinstance(result, datetime) or result.tzinfo is not None:
            return result
    raise TraceError(line, field, f"{reason} (reçu {value!r})")


def _answers(value: object, line: int) -> None:
    if not isinstance(value, dict):
        raise TraceError(line, "answers", "objet {P1 … P6} attendu")
    for item in ITEMS:
        if item not in value:
            raise TraceError(line, "answers", f"{item} manquant (P1 à P6 attendus)")
        score = value[item]
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 7:
            raise TraceError(line, "answers", f"{item} : entier de 1 à 7 attendu (reçu {score!r})")
    extra = sorted(set(value) - set(ITEMS))
    if extra:
        raise TraceError(line, "answers", f"items inconnus {extra} (P1 à P6 attendus)")


def _normalise(kind: str, data: dict, line: int) -> dict:
    required, optional = FIELDS[kind]
    for field in required:
        if field not in data:
            raise TraceError(line, field, f"champ obligatoire pour un événement {kind!r}")
    for field in required + optional:  # a null optional field counts as absent
        value = data.get(field)
        if field in IDS and (field in required or value is not None) and not _is_id(value):
            raise TraceError(line, field, f"identifiant texte non vide attendu (reçu {value!r})")
    if kind == "cohort":
        zone = "fuseau IANA attendu, par exemple Europe/Paris"
        data["tz"] = _parsed(data["tz"], line, "tz", zone, ZoneInfo)
        data["kickoff"] = _parsed(data["kickoff"], line, "kickoff", INSTANT, datetime.fromisoformat)
        if data.get("ends") is not None:
            data["ends"] = _parsed(data["ends"], line, "ends", INSTANT, datetime.fromisoformat)
    elif kind == "break":
        for field in ("from", "to"):
            data[field] = _parsed(data[field], line, field, DAY, date.fromisoformat)
        if data["from"] > data["to"]:
            raise TraceError(line, "to", "la fin de la pause précède son début")
    elif kind == "checkpoint":
        reason = f"{DAY}, ou {INSTANT}"
        data["due"] = _parsed(
            data["due"], line, "due", reason, date.fromisoformat, datetime.fromisoformat
        )
        weight = data.get("weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0
        ):
            raise TraceError(line, "weight", f"un nombre ≥ 0 attendu (reçu {weight!r})")
    elif kind == "message" and data["where"] not in PLACES:
        raise TraceError(line, "where", f"cohort, pair ou help attendu (reçu {data['where']!r})")
    elif kind == "pulse":
        _answers(data["answers"], line)
    elif kind == "platform":
        count = data.get("count")
        if count is None:
            data["count"] = 1
        elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise TraceError(line, "count", f"entier ≥ 1 attendu (reçu {count!r})")
        if data.get("kind") is not None and not _is_id(data["kind"]):
            raise TraceError(line, "kind", f"texte non vide attendu (reçu {data['kind']!r})")
    elif kind == "tutor" and data["action"] not in ACTIONS:
        raise TraceError(line, "action", f"une de {', '.join(ACTIONS)} attendue")
    return data


def parse_trace(lines: Iterable[str], *, accepted: frozenset[str] | None = None) -> list[Event]:
    """The events of a trace, checked; the first bad line raises TraceError."""
    events: list[Event] = []
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise TraceError(number, None, f"JSON illisible ({getattr(exc, 'msg', exc)})") from None
        if not isinstance(record, dict):
            raise TraceError(number, None, "un objet JSON par ligne attendu")
        if events and events[-1].type == "end":
            raise TraceError(number, "type", "rien ne peut suivre l'événement end")
        for field in ("at", "type"):
            if field not in record:
                raise TraceError(number, field, "champ obligatoire pour tout événement")
        at = _parsed(record["at"], number, "at", INSTANT, datetime.fromisoformat)
        kind = record["type"]
        if not isinstance(kind, str) or kind not in TYPES:
            known = ", ".join(sorted(TYPES))
            raise TraceError(number, "type", f"type d'événement inconnu {kind!r} ({known})")
        if accepted is not None and kind not in accepted:
            raise TraceError(number, "type", f"{kind!r} n'est pas pris en charge par cette version")
        if events and at < events[-1].at:
            previous = f"ligne {events[-1].line}, {events[-1].at.isoformat()}"
            raise TraceError(number, "at", f"événement antérieur au précédent ({previous})")
        data = {k: v for k, v in record.items() if k not in ("at", "type")}
        events.append(Event(number, at, kind, _normalise(kind, data, number)))
    if not events or events[-1].type != "end":
        raise TraceError(number + 1, "type", "la trace doit finir par un événement end")
    return events


def _decoded(raw_lines: list[bytes]) -> Iterator[str]:
    for number, raw in enumerate(raw_lines, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise TraceError(number, None, f"UTF-8 invalide (octet {exc.start + 1})") from None


def read_trace(path: Path, *, accepted: frozenset[str] | None = None) -> list[Event]:
    """parse_trace on a UTF-8 file; an undecodable line is a TraceError on that line."""
    return parse_trace(_decoded(path.read_bytes().splitlines()), accepted=accepted)
