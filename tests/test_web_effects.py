"""Whether contacts helped, against comparable learners not yet contacted (pure): activity
over the same days, the questionnaire over the same course weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tutorat.desk_effects import Compared, compared, merged, weekly_pulse
from tutorat.models import Case

DAY0 = date(2027, 2, 1)


def at(day: int) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), datetime.min.time(), tzinfo=UTC)


def week_of(at_: datetime) -> int:
    """Course week 1 from DAY0 (a Monday)."""
    return (at_.date() - DAY0).days // 7 + 1


def case(user: int, form: str, opened: int, contacted: int | None = None) -> Case:
    return Case(
        user,
        1,
        user,
        7,
        form,
        [],
        [],
        at(opened),
        contacted_at=at(contacted) if contacted else None,
    )


def test_a_contact_is_set_beside_learners_whose_case_was_open_and_unanswered():
    cases = [
        case(1, "decouragement", 0, contacted=10),  # contacted on day 10
        case(2, "decouragement", 5),  # open that day, never answered: comparable
        case(3, "decouragement", 5, contacted=12),  # answered within the 14 days: not
        case(4, "decouragement", 11),  # opened after the contact: not
        case(5, "isolement", 5),  # another form: not
    ]
    activity = {
        1: {DAY0 + timedelta(days=d): 1 for d in range(0, 10)}  # 10 actions before
        | {DAY0 + timedelta(days=d): 3 for d in range(10, 24)},  # 42 after
        2: {DAY0 + timedelta(days=d): 1 for d in range(0, 24)},  # 10 before, 14 after
    }
    today = DAY0 + timedelta(days=25)  # case 3's days after are not over: only case 1 counts
    [found] = compared(cases, activity, {}, lambda x: x.date(), week_of, 14, today)
    assert (found.form, found.contacted, found.before, found.after) == ("decouragement", 1, 10, 42)
    assert (found.comparable, found.comparable_before, found.comparable_after) == (1, 10, 14)


def test_a_contact_whose_days_after_are_not_over_is_not_measured():
    cases = [case(1, "isolement", 0, contacted=10), case(2, "isolement", 5)]
    assert compared(cases, {}, {}, lambda x: x.date(), week_of, 14, DAY0 + timedelta(days=20)) == []


def test_the_questionnaire_is_set_beside_comparable_learners_over_the_same_weeks():
    # contacts on day 15 (course week 3): before is weeks 1-2, after weeks 4-5
    cases = [
        case(1, "isolement", 0, contacted=15),
        case(2, "isolement", 0, contacted=16),
        case(3, "isolement", 5),  # comparable to both contacts
        case(4, "isolement", 5),  # comparable to both, never answered the questionnaire
    ]
    pulses = {
        1: {1: 3.0, 2: 4.0, 4: 5.0, 5: 6.0},  # before 3.5, after 5.5
        2: {2: 2.0, 3: 7.0, 5: 4.0},  # before 2.0 (week 3 is the contact's), after 4.0
        3: {1: 4.0, 4: 4.5},  # before 4.0, after 4.5, once per contact
    }
    today = DAY0 + timedelta(days=40)
    [found] = compared(cases, {}, pulses, lambda x: x.date(), week_of, 14, today)
    assert (found.contacted, found.comparable) == (2, 4)
    assert found.pulses_before == (3.5, 2.0) and found.pulses_after == (5.5, 4.0)
    assert (found.pulse_before, found.pulse_after) == (2.8, 4.8)  # 2.75, 4.75
    assert found.comparable_pulses_before == (4.0, 4.0)  # learner 4: no answer, not 0
    assert (found.comparable_pulse_before, found.comparable_pulse_after) == (4.0, 4.5)


def test_a_group_nobody_answered_has_no_questionnaire_figure():
    cases = [case(1, "isolement", 0, contacted=15), case(2, "isolement", 5)]
    pulses = {1: {2: 5.0}}  # the contacted learner answered before, nobody after
    today = DAY0 + timedelta(days=40)
    [found] = compared(cases, {}, pulses, lambda x: x.date(), week_of, 14, today)
    assert (found.pulse_before, found.pulse_after) == (5.0, None)
    assert (found.comparable_pulse_before, found.comparable_pulse_after) == (None, None)


def test_cohorts_add_up_and_the_questionnaire_mean_is_over_every_window():
    one = Compared("isolement", 1, 2, 3, 1, 4, 5, (3.0,), (), (6.0,), ())
    two = Compared("isolement", 2, 1, 1, 0, 0, 0, (4.0, 5.0), (7.0,), (), ())
    [both] = merged([one, two])
    assert (both.contacted, both.before, both.after, both.comparable) == (3, 3, 4, 1)
    assert (both.pulse_before, both.pulse_after, both.comparable_pulse_before) == (4.0, 7.0, 6.0)
    assert both.comparable_pulse_after is None


def test_a_week_s_pulse_is_the_mean_of_its_four_dimensions():
    rows = [{"user_id": 1, "week": 2, "p1": 6, "p2": 4, "p3": 5, "p4": 3, "p5": 2, "p6": 7}]
    # sens 5, courage (5 + 8 - 3) / 2 = 5, lien 2, intention 7
    assert weekly_pulse(rows) == {1: {2: 4.75}}
