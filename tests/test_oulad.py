"""OULAD presentations as traces, and the real-learner scoring (tests/traces/oulad.py,
tests/traces/real.py), on a small presentation written here in OULAD's own format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.traces import variants
from tests.traces.oulad import load, trace
from tests.traces.real import REFERENCE, baseline_cases, figures, rule_cases, summary, verdicts
from tutorat.trace import parse_trace

FILES = {
    "studentInfo.csv": (
        ["code_module", "code_presentation", "id_student", "final_result"],
        [["XYZ", "2014B", "1", "Pass"], ["XYZ", "2014B", "2", "Withdrawn"],
         ["XYZ", "2014B", "3", "Fail"]],
    ),
    "studentRegistration.csv": (
        ["code_module", "code_presentation", "id_student", "date_registration",
         "date_unregistration"],
        [["XYZ", "2014B", "1", "-20", ""], ["XYZ", "2014B", "2", "-5", "40"],
         ["XYZ", "2014B", "3", "3", ""]],
    ),
    "assessments.csv": (
        ["code_module", "code_presentation", "id_assessment", "assessment_type", "date",
         "weight"],
        [["XYZ", "2014B", "11", "TMA", "30", "50"], ["XYZ", "2014B", "12", "CMA", "12", "10"],
         ["XYZ", "2014B", "13", "Exam", "", "100"]],
    ),
    "studentAssessment.csv": (
        ["id_assessment", "id_student", "date_submitted", "is_banked", "score"],
        [["12", "1", "11", "0", "80"], ["11", "1", "29", "0", "70"], ["12", "2", "-3", "1", "60"],
         ["11", "3", "44", "0", "20"]],
    ),
    "daily_clicks.csv": (
        ["code_module", "code_presentation", "id_student", "date", "sum_click", "n_sites",
         "n_rows"],
        [["XYZ", "2014B", "1", str(d), "9", "2", "3"] for d in range(-2, 50, 2)]
        + [["XYZ", "2014B", "2", str(d), "4", "1", "1"] for d in range(0, 20)],
    ),
}  # fmt: skip


def presentation(tmp_path: Path) -> Path:
    folder = tmp_path / "XYZ_2014B"
    folder.mkdir()
    for name, (head, rows) in FILES.items():
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([head, *rows])
    return folder


def test_a_presentation_becomes_a_valid_trace(tmp_path):
    p = load(presentation(tmp_path))
    assert p.kickoff.isoformat() == "2014-02-03"  # the first Monday of February 2014
    assert [(name, due) for _, name, due in p.checkpoints] == [("CMA 1", 12), ("TMA 1", 30)]
    assert p.length == 48  # the last click
    events = trace(p)
    parsed = parse_trace(json.dumps(e) for e in events)  # the trace contract holds
    kinds = [e.type for e in parsed]
    assert kinds[0] == "cohort" and kinds[-1] == "end"
    assert kinds.count("checkpoint") == 2 and kinds.count("join") == 3
    clicks = [e.data for e in parsed if e.type == "platform" and e.data["learner"] == "2"]
    assert len(clicks) == 20 and clicks[0] == {"learner": "2", "count": 4, "kind": "viewed"}
    leave = next(e for e in parsed if e.type == "leave")
    assert (leave.data["learner"], (leave.at.date() - p.kickoff).days) == ("2", 40)
    done = {(e.data["learner"], e.data["name"]) for e in parsed if e.type == "checkpoint_done"}
    assert done == {("1", "CMA 1"), ("1", "TMA 1"), ("2", "CMA 1"), ("3", "TMA 1")}
    joined = next(e for e in parsed if e.type == "join" and e.data["learner"] == "3")
    assert (joined.at.date() - p.kickoff).days == 3  # a late registration joins late


def test_missing_values_written_as_oulad_writes_them_are_read_as_missing(tmp_path):
    """Other presentations of the dataset write a missing day as "?" and hold students
    known only from studentInfo.csv: they load, and the trace holds."""
    folder = presentation(tmp_path)
    edits = {
        "studentInfo.csv": [["XYZ", "2014B", "4", "Pass"]],
        "studentRegistration.csv": [["XYZ", "2014B", "5", "?", "?"]],
        "assessments.csv": [["XYZ", "2014B", "14", "CMA", "?", "0"]],
        "studentAssessment.csv": [["11", "2", "?", "0", "?"]],
    }
    for name, rows in edits.items():
        with open(folder / name, "a", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    p = load(folder)
    assert [name for _, name, _ in p.checkpoints] == ["CMA 1", "TMA 1"]  # undated: no checkpoint
    assert (p.students["4"].result, p.students["4"].registered) == ("Pass", -1)
    assert (p.students["5"].registered, p.students["5"].withdrew) == (-1, None)
    assert "11" not in p.students["2"].submitted  # a submission with no day is not placed
    parse_trace(json.dumps(e) for e in trace(p))


def test_the_scoring_counts_what_the_issue_asks(tmp_path):
    p = load(presentation(tmp_path))
    prompts = [
        {"kind": "new", "learner": "2", "at": "2014-02-23T08:00:00+00:00"},  # day 20
        {"kind": "new", "learner": "1", "at": "2014-03-01T08:00:00+00:00"},  # day 26
        {"kind": "reminder", "learner": "1", "at": "2014-03-03T08:00:00+00:00"},
    ]
    rules = figures(p, rule_cases(p, prompts))
    assert (rules["withdrawals"], rules["caught"], rules["median_lead_days"]) == (1, 1, 20)
    assert (rules["passed_flagged"], rules["failed_flagged"]) == (1.0, 0.0)
    assert rules["cases"] == 2 and rules["precision"] == 0.5
    silent = baseline_cases(p, "inactive", 7)
    assert ("2", 27) in silent  # last click day 19: no activity on days 20-26
    missed = baseline_cases(p, "missed")
    # 2: TMA 1 (due day 30) never handed in, still enrolled on day 37; 3: CMA 1 never (a case
    # from day 19, which stays open, so TMA 1 handed in on day 44 opens none)
    assert sorted(missed) == [("2", 37), ("3", 19)]
    # every sign, first day: 2 silent from day 20; 3 silent from the start (and late, day 44)
    assert sorted(baseline_cases(p, "any")) == [("2", 27), ("3", 7)]
    learned = {**rules, "caught_share": 1.0}  # the learned reference catches as many
    result = {"rows": {"rules": rules, "missed by 7 d": figures(p, missed), REFERENCE: learned}}
    # every case of the baseline concerns a learner at risk: the rules fall short of it
    assert [ok for ok, _ in verdicts(result)] == [True, False, False]
    farther = {**learned, "caught_share": 1.06}  # more than 5 points ahead of the rules
    assert not verdicts({"rows": {**result["rows"], REFERENCE: farther}})[0][0]
    assert not verdicts({"rows": {"rules": rules, "missed by 7 d": rules}})[0][0]  # none: unmet
    # across presentations: a line each, and how many meet each target
    weaker = {**result["rows"]["missed by 7 d"], "precision": 0.4}  # the rules' 50 % beat it
    other = {**result, "rows": {"rules": rules, "missed by 7 d": weaker, REFERENCE: learned}}
    lines = summary([{**result, "presentation": "XYZ_2014B", "learners": 3},
                     {**other, "presentation": "XYZ_2014J", "learners": 3}]).splitlines()  # fmt: skip
    assert lines[2] == "| XYZ_2014B | 3 | 33% | 100% | 100% | 50% | 100% | 100% |"
    assert lines[-3:] == [
        "met on 2 of 2: withdrawals caught ≥ 7 days ahead within 5 points of the learned reference",
        "met on 0 of 2: ≤ 30 % of learners who pass ever flagged",
        "met on 1 of 2: case precision above every plain baseline",
    ]


def test_the_altered_copies_are_what_make_variants_says(tmp_path):
    p = load(presentation(tmp_path))
    gap = variants.without_clicks(p, 10, 30)
    assert not any(10 <= d < 40 for s in gap.students.values() for d in s.clicks)
    assert p.students["1"].clicks.get(10) == 9  # the original is left as it was
    none = variants.without_deadlines(p)
    assert none.checkpoints == [] and not any(s.submitted for s in none.students.values())
    many = variants.many_withdrawals(p, 1.0, seed=1)
    assert "2" in many.students and len(many.students) == 2  # the one who withdrew, and one
    assert sorted(variants.group(p, 2, seed=3).students) == sorted(
        variants.group(p, 2, seed=3).students
    )  # a draw is the same draw each time
    early = variants.first_days(p, 20)
    assert early.length == 20 and [c[2] for c in early.checkpoints] == [12]  # CMA 12, not TMA 30
    assert max(early.students["1"].clicks) == 20 and early.students["1"].submitted == {"12": 11}
    assert early.students["2"].withdrew == 40  # withdrew later: caught if flagged by day 33
    banked = variants.first_days(p, 11)  # TMA 30 banked at the kick-off, due after the days
    assert banked.checkpoints == [] and not any(s.submitted for s in banked.students.values())
    parse_trace(json.dumps(e) for e in trace(banked))
    assert not any(e["type"] == "checkpoint_done" and e["at"] > "2014-02-24" for e in trace(early))
    names = [name for name, _ in variants.variants(p)]
    assert names[0] == "as it is" and "no deadlines" in names
    for _, copies in variants.variants(p):
        for copy in copies:
            parse_trace(json.dumps(e) for e in trace(copy))  # each copy is a valid trace


def test_the_learned_reference_reads_only_what_came_before_each_day(tmp_path):
    from tests.traces.reference import daily_features, reference

    p = load(presentation(tmp_path))
    x, who, day, ids = daily_features(p)
    assert len(x) == len(who) == len(day) and set(ids) == {"1", "2", "3"}
    p.students["1"].clicks[30] = 500  # a burst on day 30 changes nothing before day 31
    y, _, _, _ = daily_features(p)
    assert (x[day <= 30] == y[day <= 30]).all() and not (x[day > 30] == y[day > 30]).all()
    curve = [
        {"passed_flagged": 0.1, "caught_share": 0.4},
        {"passed_flagged": 0.3, "caught_share": 0.6},
        {"passed_flagged": 0.5, "caught_share": 0.8},
    ]
    assert reference(curve)["caught_share"] == 0.6  # the most caught with ≤ 30 % of passers
    # make variants: the reference where it catches as many as the rules, its best precision
    for f, precision in zip(curve, (0.9, 0.7, 0.75), strict=True):
        f["precision"] = precision
    assert variants.at_catch(curve, 0.5)["precision"] == 0.75
    assert variants.at_catch(curve, 0.8)["caught_share"] == 0.8
    assert variants.at_catch(curve, 0.9) is None


def test_the_bot_never_imports_scikit_learn():
    root = Path(__file__).resolve().parents[1]
    for folder in ("tutorat", "cogs", "db", "replay", "sources", "web"):
        for path in (root / folder).rglob("*.py"):
            assert "sklearn" not in path.read_text(encoding="utf-8"), path
    assert "sklearn" not in (root / "bot.py").read_text(encoding="utf-8")
