"""Reading cohort traces (../shared/design/TRACE.md): JSON Lines, checked line by line.

A bad line stops the reading with a TraceError naming the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TYPES = frozenset({
    "cohort", "break", "checkpoint", "join", "start", "message", "optin", "optout", "pulse",
    "checkpoint_done", "leave", "tutor", "end",
})  # fmt: skip
REQUIRED = {
    "cohort": ("cohort", "tz", "kickoff"),
    "break": ("cohort", "from", "to"),
    "checkpoint": ("cohort", "name", "due"),
    "join": ("learner", "cohort"),
    "start": ("learner",),
    "message": ("learner", "where"),
    "optin": ("learner",),
    "optout": ("learner",),
    "pulse": ("learner", "answers"),
    "checkpoint_done": ("learner", "name"),
    "leave": ("learner",),
    "tutor": ("learner", "action"),
    "end": (),
}
IDS = ("learner", "cohort", "name")
PLACES = {"cohort", "pair", "help"}
ACTIONS = {"contacted", "done", "false_alarm", "snooze"}
ITEMS = ("P1", "P2", "P3", "P4", "P5", "P6")


class TraceError(Exception):
    def __init__(self, line: int, field: str | None, reason: str) -> None:
        self.line, self.field, self.reason = line, field, reason
        where = f"trace ligne {line}" + (f", champ '{field}'" if field else "")
        super().__init__(f"{where} : {reason}")


@dataclass(frozen=True)
class Event:
    line: int
    at: datetime
    type: str
    data: dict


def _instant(value: object, line: int, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or not isinstance(value, str):
        raise TraceError(line, field, f"date ISO 8601 avec décalage attendue (reçu {value!r})")
    return parsed


def _day(value: object, line: int, field: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10]) if isinstance(value, str) else None
    except ValueError:
        pass
    raise TraceError(line, field, f"date ISO attendue, par exemple 2027-02-15 (reçu {value!r})")


def _normalise(kind: str, data: dict, line: int) -> dict:
    for field in REQUIRED[kind]:
        if field not in data:
            raise TraceError(line, field, f"champ obligatoire pour un événement {kind!r}")
    for field in IDS:
        if field in data and (not isinstance(data[field], str) or not data[field].strip()):
            raise TraceError(line, field, "identifiant texte non vide attendu")
    if kind == "cohort":
        try:
            data["tz"] = ZoneInfo(str(data["tz"]))
        except (ZoneInfoNotFoundError, ValueError):
            raise TraceError(line, "tz", f"fuseau IANA inconnu {data['tz']!r}") from None
        data["kickoff"] = _instant(data["kickoff"], line, "kickoff")
        if data.get("ends") is not None:
            data["ends"] = _instant(data["ends"], line, "ends")
    elif kind == "break":
        data["from"], data["to"] = _day(data["from"], line, "from"), _day(data["to"], line, "to")
        if data["from"] > data["to"]:
            raise TraceError(line, "to", "la fin de la pause précède son début")
    elif kind == "checkpoint":
        due = data["due"]
        data["due"] = (
            _instant(due, line, "due")
            if isinstance(due, str) and "T" in due
            else _day(due, line, "due")
        )
    elif kind == "message":
        if data["where"] not in PLACES:
            raise TraceError(
                line, "where", f"cohort, pair ou help attendu (reçu {data['where']!r})"
            )
        if "to" in data and (not isinstance(data["to"], str) or not data["to"]):
            raise TraceError(line, "to", "identifiant d'apprenant attendu")
    elif kind == "pulse":
        answers = data["answers"]
        if not isinstance(answers, dict) or set(answers) != set(ITEMS):
            raise TraceError(line, "answers", "exactement P1 à P6 attendus")
        for item in ITEMS:
            value = answers[item]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
                raise TraceError(line, "answers", f"{item} doit être un entier de 1 à 7")
    elif kind == "tutor" and data["action"] not in ACTIONS:
        raise TraceError(line, "action", f"une de {sorted(ACTIONS)} attendue")
    return data


def parse_trace(lines: Iterable[str], *, accepted: frozenset[str] | None = None) -> list[Event]:
    events: list[Event] = []
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise TraceError(number, None, f"JSON illisible ({exc.msg})") from None
        if not isinstance(record, dict):
            raise TraceError(number, None, "un objet JSON par ligne attendu")
        if events and events[-1].type == "end":
            raise TraceError(number, "type", "rien ne peut suivre l'événement end")
        if "at" not in record:
            raise TraceError(number, "at", "champ obligatoire")
        at = _instant(record["at"], number, "at")
        kind = record.get("type")
        if kind not in TYPES:
            raise TraceError(number, "type", f"type d'événement inconnu {kind!r}")
        if accepted is not None and kind not in accepted:
            raise TraceError(number, "type", f"{kind!r} n'est pas pris en charge par cette version")
        if events and at < events[-1].at:
            raise TraceError(number, "at", "événement antérieur au précédent (ordre chronologique)")
        data = {k: v for k, v in record.items() if k not in ("at", "type")}
        events.append(Event(number, at, kind, _normalise(kind, data, number)))
    if not events or events[-1].type != "end":
        raise TraceError(number + 1, "type", "la trace doit finir par un événement end")
    return events


def read_trace(path: Path, *, accepted: frozenset[str] | None = None) -> list[Event]:
    with path.open(encoding="utf-8") as lines:
        return parse_trace(lines, accepted=accepted)
