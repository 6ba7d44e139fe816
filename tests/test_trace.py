"""Cohort traces (../shared/design/TRACE.md): the parser and its line/field errors."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutorat.trace import TYPES, Event, TraceError, parse_trace, read_trace

ANSWERS = {"P1": 6, "P2": 5, "P3": 4, "P4": 2, "P5": 7, "P6": 1}
VALID = [
    {"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", "tz": "Europe/Paris",
     "kickoff": "2027-01-11T09:00:00+01:00", "ends": "2027-03-26T18:00:00+01:00"},
    {"at": "2027-01-04T09:00:00+01:00", "type": "break", "cohort": "c1",
     "from": "2027-02-01", "to": "2027-02-05"},
    {"at": "2027-01-04T09:05:00+01:00", "type": "checkpoint", "cohort": "c1",
     "name": "Devoir 1", "due": "2027-01-22T18:00:00+01:00"},
    {"at": "2027-01-04T09:06:00+01:00", "type": "checkpoint", "cohort": "c1",
     "name": "Quiz", "due": "2027-01-20"},
    {"at": "2027-01-05T10:00:00+01:00", "type": "join", "learner": "u1", "cohort": "c1"},
    {"at": "2027-01-05T10:05:00+01:00", "type": "join", "learner": "u2", "cohort": "c1"},
    {"at": "2027-01-11T09:10:00+01:00", "type": "start", "learner": "u1"},
    {"at": "2027-01-11T10:00:00+01:00", "type": "message", "learner": "u1", "where": "cohort"},
    {"at": "2027-01-11T10:01:00+01:00", "type": "message", "learner": "u2", "where": "help",
     "to": "u1", "mood": "curious"},
    {"at": "2027-01-11T11:00:00+01:00", "type": "optin", "learner": "u2"},
    {"at": "2027-01-15T17:00:00+01:00", "type": "pulse", "learner": "u1", "answers": ANSWERS},
    {"at": "2027-01-20T12:00:00+01:00", "type": "checkpoint_done", "learner": "u1",
     "name": "Devoir 1"},
    {"at": "2027-01-21T09:00:00+01:00", "type": "tutor", "learner": "u2", "action": "contacted"},
    {"at": "2027-01-22T09:00:00+01:00", "type": "leave", "learner": "u2"},
    {"at": "2027-01-29T18:00:00+01:00", "type": "end"},
]  # fmt: skip
END = '{"at": "2027-02-01T09:00:00+01:00", "type": "end"}'


def lines_of(records: list[dict]) -> list[str]:
    return [json.dumps(r) for r in records]


def error(lines: list[str], **kwargs) -> TraceError:
    with pytest.raises(TraceError) as caught:
        parse_trace(lines, **kwargs)
    return caught.value


def one(record: dict) -> list[str]:
    """A single event followed by a valid end."""
    return [json.dumps({"at": "2027-01-05T09:00:00+01:00", **record}), END]


def test_a_valid_trace_parses_with_normalised_fields():
    events = parse_trace(lines_of(VALID))
    assert [e.type for e in events] == [r["type"] for r in VALID]
    assert [e.line for e in events] == list(range(1, len(VALID) + 1))
    assert all(isinstance(e, Event) and e.at.tzinfo is not None for e in events)
    cohort, pause, devoir, quiz = (e.data for e in events[:4])
    assert cohort["tz"] == ZoneInfo("Europe/Paris") and cohort["cohort"] == "c1"
    paris = ZoneInfo("Europe/Paris")
    assert cohort["kickoff"] == datetime(2027, 1, 11, 9, tzinfo=paris)
    assert cohort["ends"] == datetime(2027, 3, 26, 18, tzinfo=paris)
    assert (pause["from"], pause["to"]) == (date(2027, 2, 1), date(2027, 2, 5))
    assert isinstance(devoir["due"], datetime) and devoir["due"].utcoffset() == timedelta(hours=1)
    assert type(quiz["due"]) is date and quiz["due"] == date(2027, 1, 20)
    message = events[8].data
    assert message == {"learner": "u2", "where": "help", "to": "u1", "mood": "curious"}
    assert events[10].data["answers"] == ANSWERS
    assert events[12].data["action"] == "contacted"
    assert events[-1].data == {}


def test_blank_lines_are_skipped_but_counted():
    lines = lines_of(VALID[:1]) + ["", "   "] + lines_of(VALID[4:5]) + ["\n", END]
    events = parse_trace(lines)
    assert [e.line for e in events] == [1, 4, 6]


def test_read_trace_opens_utf8(tmp_path):
    path = tmp_path / "t.jsonl"
    record = {"at": "2027-01-05T10:00:00+01:00", "type": "join", "learner": "éloïse",
              "cohort": "c1"}  # fmt: skip
    path.write_text("\n".join(lines_of([record]) + [END]) + "\n", encoding="utf-8")
    events = read_trace(path)
    assert events[0].data["learner"] == "éloïse"
    path.write_bytes(b'{"at": "2027-01-05T10:00:00+01:00", "type": "end"}\n\xff\n')
    assert (error_of_file(path).line, error_of_file(path).field) == (2, None)


def error_of_file(path) -> TraceError:
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    return caught.value


def test_the_message_names_the_line_and_the_field():
    naive = {**VALID[11], "at": "2027-01-05T09:00"}
    e = error(lines_of([*VALID[:11], naive, *VALID[12:]]))
    assert str(e) == (
        "trace ligne 12, champ 'at' : date ISO 8601 avec décalage attendue "
        "(reçu '2027-01-05T09:00')"
    )
    assert str(error(["{oops"])).startswith("trace ligne 1 : JSON illisible")


BAD = {
    "bad_json": (["{oops", END], 1, None),
    "not_an_object": (["[1, 2]", END], 1, None),
    "missing_at": (['{"type": "end"}'], 1, "at"),
    "naive_at": (['{"at": "2027-01-05T09:00:00", "type": "end"}'], 1, "at"),
    "date_only_at": (['{"at": "2027-01-05", "type": "end"}'], 1, "at"),
    "number_at": (['{"at": 1798000000, "type": "end"}'], 1, "at"),
    "unknown_type": (one({"type": "party"}), 1, "type"),
    "list_type": (one({"type": ["join"]}), 1, "type"),
    "missing_type": (['{"at": "2027-01-05T09:00:00+01:00"}', END], 1, "type"),
    "missing_cohort": (one({"type": "join", "learner": "u1"}), 1, "cohort"),
    "missing_learner": (one({"type": "start"}), 1, "learner"),
    "empty_learner": (one({"type": "start", "learner": "  "}), 1, "learner"),
    "number_learner": (one({"type": "start", "learner": 17}), 1, "learner"),
    "bad_tz": (
        one(
            {
                "type": "cohort",
                "cohort": "c",
                "tz": "Europe/Pariss",
                "kickoff": "2027-01-11T09:00:00+01:00",
            }
        ),
        1,
        "tz",
    ),  # fmt: skip
    "tz_directory": (
        one(
            {
                "type": "cohort",
                "cohort": "c",
                "tz": "America",
                "kickoff": "2027-01-11T09:00:00+01:00",
            }
        ),
        1,
        "tz",
    ),  # fmt: skip
    "naive_kickoff": (
        one({"type": "cohort", "cohort": "c", "tz": "UTC", "kickoff": "2027-01-11T09:00"}),
        1,
        "kickoff",
    ),  # fmt: skip
    "bad_ends": (
        one(
            {
                "type": "cohort",
                "cohort": "c",
                "tz": "UTC",
                "kickoff": "2027-01-11T09:00Z",
                "ends": "soon",
            }
        ),
        1,
        "ends",
    ),  # fmt: skip
    "break_backwards": (
        one({"type": "break", "cohort": "c", "from": "2027-02-05", "to": "2027-02-01"}),
        1,
        "to",
    ),  # fmt: skip
    "break_with_time": (
        one({"type": "break", "cohort": "c", "from": "2027-02-01T00:00+01:00", "to": "2027-02-05"}),
        1,
        "from",
    ),  # fmt: skip
    "bad_due": (one({"type": "checkpoint", "cohort": "c", "name": "D", "due": "friday"}), 1, "due"),
    "naive_due": (
        one({"type": "checkpoint", "cohort": "c", "name": "D", "due": "2027-01-22T18:00"}),
        1,
        "due",
    ),  # fmt: skip
    "where_dm": (one({"type": "message", "learner": "u1", "where": "dm"}), 1, "where"),
    "where_list": (one({"type": "message", "learner": "u1", "where": ["cohort"]}), 1, "where"),
    "to_empty": (one({"type": "message", "learner": "u1", "where": "pair", "to": ""}), 1, "to"),
    "pulse_8": (
        one({"type": "pulse", "learner": "u1", "answers": {**ANSWERS, "P2": 8}}),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_0": (
        one({"type": "pulse", "learner": "u1", "answers": {**ANSWERS, "P2": 0}}),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_no_p4": (
        one(
            {
                "type": "pulse",
                "learner": "u1",
                "answers": {k: v for k, v in ANSWERS.items() if k != "P4"},
            }
        ),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_bool": (
        one({"type": "pulse", "learner": "u1", "answers": {**ANSWERS, "P1": True}}),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_float": (
        one({"type": "pulse", "learner": "u1", "answers": {**ANSWERS, "P1": 3.0}}),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_p7": (
        one({"type": "pulse", "learner": "u1", "answers": {**ANSWERS, "P7": 3}}),
        1,
        "answers",
    ),  # fmt: skip
    "pulse_list": (
        one({"type": "pulse", "learner": "u1", "answers": [1, 2, 3, 4, 5, 6]}),
        1,
        "answers",
    ),  # fmt: skip
    "tutor_action": (one({"type": "tutor", "learner": "u1", "action": "ignore"}), 1, "action"),
    "platform_count_0": (one({"type": "platform", "learner": "u1", "count": 0}), 1, "count"),
    "platform_count_text": (one({"type": "platform", "learner": "u1", "count": "3"}), 1, "count"),
    "platform_count_bool": (one({"type": "platform", "learner": "u1", "count": True}), 1, "count"),
    "platform_kind_empty": (one({"type": "platform", "learner": "u1", "kind": " "}), 1, "kind"),
    "platform_no_learner": (one({"type": "platform", "count": 2}), 1, "learner"),
    "out_of_order_offsets": (
        [
            '{"at": "2027-01-05T10:00:00+01:00", "type": "start", "learner": "u1"}',
            '{"at": "2027-01-05T08:30:00+00:00", "type": "start", "learner": "u2"}',
            END,
        ],
        2,
        "at",
    ),  # fmt: skip
    "after_end": (
        [END, '{"at": "2027-02-02T09:00:00+01:00", "type": "start", "learner": "u1"}'],
        2,
        "type",
    ),  # fmt: skip
    "missing_end": (lines_of(VALID[:-1]), len(VALID), "type"),
    "missing_end_after_blank": (lines_of(VALID[:1]) + [""], 3, "type"),
    "empty": ([], 1, "type"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_kind_of_error_names_its_line_and_field(case):
    lines, line, field = BAD[case]
    e = error(lines)
    assert (e.line, e.field) == (line, field), str(e)
    assert str(e).startswith(f"trace ligne {line}")
    if field is not None:
        assert f"champ '{field}'" in str(e)


def test_details_in_the_reasons():
    assert "end" in error(lines_of(VALID[:-1])).reason
    assert "P4" in error(BAD["pulse_no_p4"][0]).reason
    assert "8" in error(BAD["pulse_8"][0]).reason
    assert "'dm'" in error(BAD["where_dm"][0]).reason
    assert "'party'" in error(BAD["unknown_type"][0]).reason


def test_a_type_outside_accepted_is_refused_as_unsupported():
    accepted = TYPES - {"pulse"}
    e = error(lines_of(VALID), accepted=accepted)
    assert (e.line, e.field) == (11, "type")
    assert "pas pris en charge" in e.reason
    assert len(parse_trace(lines_of(VALID), accepted=TYPES)) == len(VALID)


def test_order_is_by_instant_not_by_text():
    lines = [
        '{"at": "2027-01-05T10:00:00+01:00", "type": "start", "learner": "u1"}',  # 09:00 UTC
        '{"at": "2027-01-05T09:30:00+00:00", "type": "start", "learner": "u2"}',  # 09:30 UTC
        '{"at": "2027-01-05T04:30:00-05:00", "type": "start", "learner": "u3"}',  # same instant
        '{"at": "2027-01-05T09:30:00Z", "type": "end"}',
    ]
    events = parse_trace(lines)
    assert [e.data.get("learner") for e in events] == ["u1", "u2", "u3", None]


def test_unknown_fields_and_null_optional_fields_are_kept():
    cohort = {"type": "cohort", "cohort": "c", "tz": "UTC", "kickoff": "2027-01-11T09:00Z",
              "ends": None, "note": [1, {"x": 2}]}  # fmt: skip
    events = parse_trace(one(cohort))
    assert events[0].data["ends"] is None and events[0].data["note"] == [1, {"x": 2}]
    events = parse_trace(['{"at": "2027-01-05T09:00:00Z", "type": "end", "learner": 5}'])
    assert events[0].data == {"learner": 5}  # not a field of end: ignored


def instant(record: dict) -> datetime:
    return datetime.fromisoformat(record["at"])


# a middle with different offsets and instants that tie, to shuffle
MIDDLE = [
    {"at": "2027-01-05T10:00:00+01:00", "type": "join", "learner": "u1", "cohort": "c1"},
    {"at": "2027-01-05T09:00:00+00:00", "type": "join", "learner": "u2", "cohort": "c1"},
    {"at": "2027-01-05T04:30:00-05:00", "type": "start", "learner": "u1"},
    {"at": "2027-01-05T11:00:00+01:00", "type": "message", "learner": "u2", "where": "pair"},
    {"at": "2027-01-06T10:00:00+01:00", "type": "pulse", "learner": "u1", "answers": ANSWERS},
    {"at": "2027-01-06T09:00:00Z", "type": "tutor", "learner": "u2", "action": "snooze"},
    {"at": "2027-01-07T08:00:00+09:00", "type": "optout", "learner": "u2"},
]  # fmt: skip


@given(st.permutations(MIDDLE))
def test_reordered_middles_parse_or_fail_on_at(middle):
    records = [VALID[0], *middle, VALID[-1]]
    instants = [instant(r) for r in records]
    first_bad = next((i for i in range(1, len(records)) if instants[i] < instants[i - 1]), None)
    try:
        events = parse_trace(lines_of(records))
    except TraceError as e:
        assert first_bad is not None
        assert (e.line, e.field) == (first_bad + 1, "at")
    else:
        assert first_bad is None
        assert [e.at for e in events] == instants


def test_a_platform_event_counts_one_by_default_and_keeps_its_kind():
    events = parse_trace(
        [
            '{"at": "2027-01-12T10:00:00+01:00", "type": "platform", "learner": "u1"}',
            '{"at": "2027-01-12T11:00:00+01:00", "type": "platform", "learner": "u1", '
            '"count": 12, "kind": "viewed"}',
            END,
        ]
    )
    assert [e.data for e in events[:2]] == [
        {"learner": "u1", "count": 1},
        {"learner": "u1", "count": 12, "kind": "viewed"},
    ]
