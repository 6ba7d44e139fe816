"""python bot.py replay: a cohort trace through the bot's own services, on a virtual clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRACES = Path(__file__).parent / "traces"


def replay(trace: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bot.py", "replay", str(trace)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def summary(result: subprocess.CompletedProcess) -> dict:
    line = next(x for x in result.stderr.splitlines() if x.startswith("replay "))
    return json.loads(line.removeprefix("replay "))


def test_a_kickoff_trace_runs_the_real_onboarding_and_is_deterministic():
    first = replay(TRACES / "kickoff.jsonl")
    assert first.returncode == 0, first.stderr
    # welcomes for 3 joins, reminders the day and the hour before, one kick-off post,
    # one D+3 reminder (u1 started, u2 wrote then left, only u3 did nothing), presence posts
    # Monday to Friday from the kick-off (11-15 and 18-20 January), the week-1 pulse on
    # Friday and its reminder on Saturday.
    assert summary(first) == {
        "cohorts": 1,
        "events": 9,
        "learners": 3,
        "sent": {
            "welcome": 3,
            "kickoff-reminder": 2,
            "kickoff": 1,
            "nudge": 1,
            "presence": 8,
            "pulse": 1,
            "pulse-reminder": 1,
            # u3 never started (S1); u1 clicked, then nothing for 9 days: with no deadline
            # to read beside it, a silence is told alone after three weeks, past this trace
            "new": 1,
            "reminder": 1,  # u3's case, unanswered 48 h
            "digest": 1,  # Monday 18 January: week 1 in review, to the tutors
        },
        "stored": {"breaks": 0, "checkpoints_done": 0, "pulse_answers": 0, "pair_spaces": 0},
    }
    prompts = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(p["at"], p["learner"], p["kind"], p["form"], p["signals"]) for p in prompts] == [
        ("2027-01-18T08:00:00+01:00", "u3", "new", "non-demarreur", ["S1"]),
        ("2027-01-20T08:00:00+01:00", "u3", "reminder", "non-demarreur", ["S1"]),
    ]
    assert all(p["reasons"] and p["cohort"] == "c1" for p in prompts)
    second = replay(TRACES / "kickoff.jsonl")
    assert (second.stdout, summary(second)) == (first.stdout, summary(first))


CASES = {"new", "reminder", "escalation", "learner"}


def test_a_routine_trace_replays_breaks_checkpoints_and_pulses_in_two_zones():
    result = replay(TRACES / "routine.jsonl")
    assert result.returncode == 0, result.stderr
    counts = summary(result)
    # Paris: 25 weekdays from 11 January to 12 February, less its break week: 20 presence
    # posts; Montréal: 25. Pulses on Fridays (4 + 5) and reminders on Saturdays (3 + 4; none
    # for the break week, whose pulse was not posted). Midpoint and end reviews (the Paris
    # midpoint falls in its break: posted on the first day after it).
    assert {k: v for k, v in counts["sent"].items() if k not in CASES} == {
        "welcome": 3,
        "kickoff-reminder": 4,
        "kickoff": 2,
        "presence": 45,
        "pulse": 9,
        "pulse-reminder": 7,
        "review": 4,
        "digest": 8,  # Mondays after weeks 1-4 in each zone (the trace stops before the 5th)
    }
    # a1 and a2 (late) declared the checkpoint; a1 answered two pulses, b1 one (on Sunday in
    # Montréal, still week 1 there).
    assert counts["stored"] == {
        "breaks": 1,
        "checkpoints_done": 2,
        "pulse_answers": 3,
        "pair_spaces": 0,
    }


def test_pairs_in_a_replay_optin_optout_and_pair_space_messages(tmp_path):
    lines = [
        '{"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", '
        '"tz": "Europe/Paris", "kickoff": "2027-01-11T09:00:00+01:00", '
        '"ends": "2027-03-05T18:00:00+01:00"}'
    ]
    for n in range(1, 6):
        lines.append(
            f'{{"at": "2027-01-05T10:0{n}:00+01:00", "type": "join", '
            f'"learner": "u{n}", "cohort": "c1"}}'
        )
    lines += [
        f'{{"at": "2027-01-06T10:0{n}:00+01:00", "type": "optin", "learner": "u{n}"}}'
        for n in range(1, 6)
    ]
    lines += [
        '{"at": "2027-01-13T20:00:00+01:00", "type": "message", "learner": "u1", "where": "pair"}',
        '{"at": "2027-01-20T10:00:00+01:00", "type": "optout", "learner": "u5"}',
        '{"at": "2027-02-10T12:00:00+01:00", "type": "end"}',
    ]
    trace = tmp_path / "pairs.jsonl"
    trace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = replay(trace)
    assert result.returncode == 0, result.stderr
    counts = summary(result)
    # round 1 (12 January): 5 learners, a pair and a trio; round 2 (26 January): u5 left the
    # pairs, 4 learners, two pairs; round 3 (9 February): two more pairs
    assert counts["stored"]["pair_spaces"] == 2 + 2 + 2
    assert counts["sent"]["checkback"] == 4


def test_platform_activity_counts_as_activity_in_a_replay(tmp_path):
    """A learner who works on the course platform but never clicks or writes on Discord is
    no non-starter; a learner who does nothing anywhere is."""
    lines = [
        '{"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", '
        '"tz": "Europe/Paris", "kickoff": "2027-01-11T09:00:00+01:00"}',
        '{"at": "2027-01-05T10:00:00+01:00", "type": "join", "learner": "plat", "cohort": "c1"}',
        '{"at": "2027-01-05T10:01:00+01:00", "type": "join", "learner": "none", "cohort": "c1"}',
    ]
    for day in range(11, 23):
        lines.append(
            f'{{"at": "2027-01-{day}T20:00:00+01:00", "type": "platform", "learner": "plat", '
            '"count": 14, "kind": "viewed"}'
        )
    lines.append('{"at": "2027-01-23T12:00:00+01:00", "type": "end"}')
    trace = tmp_path / "platform.jsonl"
    trace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = replay(trace)
    assert result.returncode == 0, result.stderr
    prompts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(p["learner"], p["form"]) for p in prompts if p["kind"] == "new"} == {
        ("none", "non-demarreur")
    }


def test_a_learner_enrolled_early_and_never_seen_gets_no_extra_wait_in_a_slow_start(tmp_path):
    """Six of nine others start at once: a slow start, the wait doubles (14 course days), but
    not for one enrolled before the kick-off who came neither before it nor since (3), nor for
    one who looked at the course before it (the plain 7)."""
    cohort = (
        '{"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", '
        '"tz": "Europe/Paris", "kickoff": "2027-01-11T09:00:00+01:00"}'
    )
    lines = [cohort]
    early = [f"a{i}" for i in range(6)] + ["unseen", "looked"]
    for i, who in enumerate(early):
        lines.append(
            f'{{"at": "2027-01-05T10:{i:02d}:00+01:00", "type": "join", "learner": "{who}", '
            '"cohort": "c1"}'
        )
    lines.append(
        '{"at": "2027-01-08T20:00:00+01:00", "type": "platform", "learner": "looked", '
        '"count": 5, "kind": "viewed"}'
    )
    for i, who in enumerate(("kickoff_day", "other")):  # no chance to look at it early
        lines.append(
            f'{{"at": "2027-01-11T10:0{i}:00+01:00", "type": "join", "learner": "{who}", '
            '"cohort": "c1"}'
        )
    for day in range(11, 24):
        for i in range(6):
            lines.append(
                f'{{"at": "2027-01-{day}T20:0{i}:00+01:00", "type": "platform", '
                f'"learner": "a{i}", "count": 9, "kind": "viewed"}}'
            )
    lines.append('{"at": "2027-01-24T12:00:00+01:00", "type": "end"}')
    trace = tmp_path / "unseen.jsonl"
    trace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = replay(trace)
    assert result.returncode == 0, result.stderr
    new = [json.loads(line) for line in result.stdout.splitlines()]
    new = [p for p in new if p["kind"] == "new"]
    assert [(p["learner"], p["form"], p["at"][:10]) for p in new] == [
        ("unseen", "non-demarreur", "2027-01-14"),  # three course days
        ("looked", "non-demarreur", "2027-01-18"),  # seven
    ]  # the two who joined at the kick-off wait the 14 days: past the trace's end
    assert "pas d'activité avant le lancement non plus" in json.dumps(new[0], ensure_ascii=False)
    assert "actif avant le démarrage" in json.dumps(new[1], ensure_ascii=False)


BAD = {
    "out_of_order": (
        [
            '{"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", '
            '"tz": "Europe/Paris", "kickoff": "2027-01-11T09:00:00+01:00"}',
            '{"at": "2027-01-04T07:30:00+01:00", "type": "join", "learner": "u1", "cohort": "c1"}',
        ],
        "ligne 2, champ 'at'",
    ),
    "unknown_type": (
        ['{"at": "2027-01-04T08:00:00+01:00", "type": "party"}'],
        "ligne 1, champ 'type'",
    ),
    "missing_field": (
        ['{"at": "2027-01-04T08:00:00+01:00", "type": "join", "learner": "u1"}'],
        "ligne 1, champ 'cohort'",
    ),
    "naive_time": (['{"at": "2027-01-04T08:00:00", "type": "end"}'], "ligne 1, champ 'at'"),
    "no_end": (
        ['{"at": "2027-01-04T08:00:00+01:00", "type": "start", "learner": "u1"}'],
        "ligne 2, champ 'type'",
    ),
    "unknown_learner": (
        [
            '{"at": "2027-01-04T08:00:00+01:00", "type": "start", "learner": "u9"}',
            '{"at": "2027-01-05T08:00:00+01:00", "type": "end"}',
        ],
        "ligne 1, champ 'learner'",
    ),
    "bad_json": (["{oops"], "ligne 1 :"),
    "optin_of_a_stranger": (
        [
            '{"at": "2027-01-04T08:00:00+01:00", "type": "optin", "learner": "u1"}',
            '{"at": "2027-01-05T08:00:00+01:00", "type": "end"}',
        ],
        "ligne 1, champ 'learner' : apprenant 'u1' jamais inscrit",
    ),
    "pulse_out_of_course": (
        [
            '{"at": "2027-01-04T08:00:00+01:00", "type": "cohort", "cohort": "c1", '
            '"tz": "Europe/Paris", "kickoff": "2027-01-11T09:00:00+01:00"}',
            '{"at": "2027-01-04T09:00:00+01:00", "type": "join", "learner": "u1", "cohort": "c1"}',
            '{"at": "2027-01-05T09:00:00+01:00", "type": "pulse", "learner": "u1", "answers": '
            '{"P1": 1, "P2": 1, "P3": 1, "P4": 1, "P5": 1, "P6": 1}}',
            '{"at": "2027-01-06T08:00:00+01:00", "type": "end"}',
        ],
        "ligne 3, champ 'at' : Le questionnaire de la semaine 1 n'est pas encore ouvert",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_malformed_trace_stops_with_the_line_and_the_field(tmp_path, case):
    lines, expected = BAD[case]
    trace = tmp_path / "bad.jsonl"
    trace.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = replay(trace)
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stdout == ""
