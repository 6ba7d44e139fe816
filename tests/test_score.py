"""One score per learner and day (tutorat/warning/score.py) and the threshold each cohort sets
itself (tutorat/warning/calibration.py), on tutorat/ alone."""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_signals import KICKOFF, active, ctx
from tutorat.warning.calibration import (
    on_track,
    prediction_bound,
    quantile,
    ranked,
    student_t,
    threshold,
)
from tutorat.warning.score import WEIGHTS, Score, load_weights, score, strengths
from tutorat.warning.signs import Deadline, History, Thresholds

T = Thresholds()


def day(n: int):
    return KICKOFF + timedelta(days=n)


def test_every_sign_has_its_weight_in_one_readable_table():
    table = tomllib.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(table["weights"]) == {f"S{i}" for i in range(1, 11)}
    weights = load_weights()
    # a strong sign alone reaches the floor; a weak one alone does not
    for strong in ("S1", "S5", "S6", "S7", "S8"):
        assert weights.signs[strong] >= weights.floor
    for weak in ("S2", "S3", "S9"):
        assert weights.signs[weak] < weights.floor
    assert 0.5 < weights.on_track_quantile < 1 and 0 < weights.watch_share < 1


def missed_learner(deadlines: list[Deadline], worked: bool) -> tuple[History, object]:
    """A learner at day 30 of a cohort that met every deadline; active the last days or not."""
    per_day = {d: 2 for d in range(30)} if worked else {d: 2 for d in range(5)}
    h = active(per_day)
    h.deadlines = deadlines
    c = replace(ctx(30), declared={d.name: 1.0 for d in deadlines})
    return h, c


def strength_of(code: str, h: History, c) -> float:
    return next((x for s, x in strengths(h, c, T) if s.code == code), 0.0)


def test_deadlines_due_the_same_day_count_as_one():
    both = [Deadline("TMA 2", day(20), None), Deadline("CMA 1", day(20), None)]
    apart = [Deadline("TMA 2", day(18), None), Deadline("CMA 1", day(20), None)]
    assert strength_of("S4", *missed_learner(both, worked=False)) == 1.0
    assert strength_of("S4", *missed_learner(apart, worked=False)) == 2.0


def test_a_formative_deadline_never_counts_and_a_light_one_counts_for_its_share():
    formative = [Deadline("Quiz", day(20), None, weight=0.0)]
    assert strength_of("S4", *missed_learner(formative, worked=False)) == 0.0
    h, c = missed_learner([Deadline("Quiz", day(20), None, weight=1.0)], worked=False)
    assert strength_of("S4", h, replace(c, usual_weight=18.0)) == 1 / 18
    h, c = missed_learner([Deadline("Quiz", day(20), None, weight=0.0)], worked=False)
    assert on_track(h, c, T)  # a formative deadline skipped: still on track


def test_lateness_of_a_learner_who_keeps_working_counts_far_less_than_absence():
    late = [Deadline("Devoir 1", day(20), day(23))]
    working = strength_of("S9", *missed_learner(late, worked=True))
    h, c = missed_learner(late, worked=False)
    away = strength_of("S9", h, c)
    assert 0 < working <= away / 4
    just = [Deadline("Devoir 1", day(28), None)]  # two days past its due day
    assert strength_of("S4", *missed_learner(just, worked=True)) <= (
        strength_of("S4", *missed_learner(just, worked=False)) / 4
    )


def test_a_deadline_still_not_met_days_after_its_due_day_counts_in_full_even_at_work():
    # ten days on, a learner at work who has not met it is no longer just finishing it
    gone = [Deadline("Devoir 1", day(20), None)]
    assert strength_of("S4", *missed_learner(gone, worked=True)) == 1.0
    assert strength_of("S4", *missed_learner(gone, worked=False)) == 1.0
    for past in range(1, T.working_grace + 1):  # the first days past it: a quarter
        h, c = missed_learner([Deadline("Devoir 1", day(30 - past), None)], worked=True)
        assert strength_of("S4", h, c) == 0.25


def test_one_due_day_missed_after_a_long_record_is_a_slip_a_second_is_a_sign():
    met = [Deadline(f"TMA {i}", day(2 + 2 * i), day(1 + 2 * i)) for i in range(T.record)]
    both = [Deadline("TMA 9", day(20), None), Deadline("CMA 9", day(20), None)]
    h, c = missed_learner(met + both, worked=False)
    assert strength_of("S4", h, c) == 0.0  # five met, then one due day missed
    assert not on_track(h, c, T)  # still not on track: it does not raise the threshold
    h, c = missed_learner(met[1:] + both, worked=False)
    assert strength_of("S4", h, c) == 1.0  # four met only: no record yet
    again = [*both, Deadline("TMA 10", day(22), None)]
    assert strength_of("S4", *missed_learner(met + again, worked=False)) == 2.0


@given(st.floats(min_value=0.05, max_value=0.5))
def test_an_absence_told_alone_reaches_the_floor_whatever_the_weight_of_a_silence(weight):
    h = active({d: 2 for d in range(5)})  # silent from day 5: three weeks at day 26
    c = replace(ctx(26, peers=0.0), others_peer_share=0.0)
    weights = load_weights()
    weights = replace(weights, signs={**weights.signs, "S2": weight})
    found = score(h, c, T, weights)
    assert [s.code for s in found.signals] == ["S2"] and found.value >= weights.floor
    shorter = score(h, replace(ctx(20, peers=0.0), others_peer_share=0.0), T, weights)
    assert shorter.value < weights.floor  # two weeks and a half: a weak sign, alone


def test_the_reasons_come_strongest_first_one_sentence_per_sign_in_the_tutors_language():
    h, c = missed_learner([Deadline("Devoir 1", day(20), None)], worked=False)
    h.pulses = {3: (2, 5, 5, 4, 5, 5)}  # P1 at 2: a strong sign
    found = score(h, replace(c, closed_weeks=[3], others_peer_share=0.0), T, load_weights())
    values = [x for x, _ in found.reasons]
    assert values == sorted(values, reverse=True)
    assert [s.code for s in found.signals][:2] == ["S6", "S4"]
    assert found.value == round(sum(values), 3)
    said = found.signals[1].said("en")
    assert "Devoir 1" in said and said != found.signals[1].said("fr")


def test_a_learner_who_left_has_no_score():
    h, c = missed_learner([Deadline("Devoir 1", day(20), None)], worked=False)
    h.left = True
    assert score(h, c, T, load_weights()).value == 0


def above(weights, found: float) -> float:
    """The threshold for what the on-track learners reach: the floor, or just above it."""
    return weights.floor if found <= weights.floor else math.nextafter(found, math.inf)


def test_the_threshold_is_a_high_quantile_of_the_cohorts_on_track_learners_never_below_the_floor():
    weights = load_weights()
    assert threshold([], weights) == weights.floor
    assert threshold([0.0] * 50, weights) == weights.floor
    many = [i / 10 for i in range(100)]  # 0 to 9.9
    above = threshold(many, weights)  # just above what its on-track learners reach
    assert above > quantile(many, weights.on_track_quantile) == pytest.approx(above)
    assert threshold([x * 2 for x in many], weights) > threshold(many, weights)  # the cohort's own


def test_a_score_that_many_on_track_learners_reach_exactly_is_not_unusual():
    """Scores come in steps: where a twentieth of the learners on track stand exactly at 4
    (a long silence and rare days), 4 is what the cohort does; only a higher score is over."""
    weights = load_weights()
    scores = [4.0] * 10 + [1.0] * 90
    limit = threshold(scores, weights)
    assert 4.0 < limit < 4.001
    assert threshold([0.5] * 100, weights) == weights.floor  # the floor itself is reached
    assert threshold([weights.floor] * 100, weights) == weights.floor  # one strong sign alone


def test_a_learner_who_missed_a_deadline_the_cohort_met_is_not_on_track_one_late_still_is():
    missed, c = missed_learner([Deadline("Devoir 1", day(20), None)], worked=True)
    assert not on_track(missed, c, T)
    late, c = missed_learner([Deadline("Devoir 1", day(20), day(22))], worked=True)
    assert on_track(late, c, T)
    assert not on_track(History(2, KICKOFF, started=False), ctx(30), T)


@given(st.lists(st.floats(min_value=0, max_value=50), min_size=20, max_size=60))
def test_from_twenty_on_track_learners_the_threshold_is_their_quantile_never_above_the_highest(
    scores,
):
    weights = load_weights()
    found = threshold(scores, weights)
    assert found == above(weights, quantile(scores, weights.on_track_quantile))
    assert weights.floor <= found <= above(weights, max([weights.floor, *scores]))


@given(st.lists(st.floats(min_value=0, max_value=50), min_size=2, max_size=19))
def test_under_twenty_on_track_learners_the_threshold_is_also_their_prediction_bound(scores):
    weights = load_weights()
    q = weights.on_track_quantile
    found = threshold(scores, weights)
    assert found >= max(weights.floor, quantile(scores, q))  # never below the quantile alone
    assert found >= prediction_bound(scores, q) - 1e-9
    assert found == above(weights, max(quantile(scores, q), prediction_bound(scores, q)))
    same = [scores[0]] * len(scores)  # a group that agrees: nothing to widen
    assert threshold(same, weights) == pytest.approx(max(weights.floor, scores[0]))


@given(st.lists(st.floats(min_value=0, max_value=20), min_size=3, max_size=9))
def test_a_smaller_group_with_the_same_spread_gets_a_higher_bound(scores):
    q = load_weights().on_track_quantile
    assert prediction_bound(scores * 2, q) <= prediction_bound(scores, q) + 1e-9


def test_student_t_matches_the_tables():
    for df, expected in ((1, 6.314), (2, 2.920), (5, 2.015), (10, 1.812), (19, 1.729)):
        assert student_t(0.95, df) == pytest.approx(expected, abs=1e-3)


@given(st.lists(st.tuples(st.integers(1, 9), st.floats(0, 20)), max_size=30))
def test_the_ranking_puts_the_highest_score_first_and_is_the_same_on_a_rerun(rows):
    scores = [Score(user, value, ()) for user, value in rows]
    first = ranked(scores)
    assert [s.value for s in first] == sorted((s.value for s in scores), reverse=True)
    assert ranked(list(reversed(scores))) == first


@given(st.lists(st.floats(min_value=0, max_value=50), min_size=1, max_size=7))
def test_a_group_smaller_than_small_cohort_keeps_the_quantile_alone(scores):
    """Three learners on track (a class of five, a test cohort): no bound to widen, so one
    strong sign, at the floor, still opens a case."""
    weights = load_weights()
    found = threshold(scores, weights, fewest=8, size=min(7, len(scores) + 2))  # under 8
    assert found == above(weights, quantile(scores, weights.on_track_quantile))


@given(st.lists(st.floats(min_value=0, max_value=50), min_size=2, max_size=7))
def test_in_a_group_of_twenty_a_few_learners_on_track_still_set_a_prediction_bound(scores):
    """Twenty learners, of whom only a few still follow (most missed a deadline): those few
    are the group's rhythm, and the fewer they are, the wider the bound."""
    weights = load_weights()
    q = weights.on_track_quantile
    found = threshold(scores, weights, fewest=8, size=20)
    assert found == above(weights, max(quantile(scores, q), prediction_bound(scores, q)))
    assert threshold(scores, weights, fewest=8, size=7) == above(weights, quantile(scores, q))
