"""The early-warning engine on synthetic cohorts (tests/traces/): the judging thresholds."""

from __future__ import annotations

import pytest

from tests.traces.evaluate import HERE, score

TRACES = sorted(t for t in HERE.glob("*.jsonl") if t.with_suffix(".expected.json").exists())


@pytest.mark.parametrize("trace", TRACES, ids=[t.stem for t in TRACES])
def test_at_risk_learners_are_prompted_in_time_and_steady_ones_left_alone(trace):
    result = score(trace)
    assert result["recall"] >= 0.9, result["missed"]
    assert result["false_alarm_rate"] <= 0.1, result["false_alarms"]
    assert result["without_reasons"] == 0
    assert result["duplicate_open_cases"] == 0
