"""Whether contacts helped, against comparable learners not yet contacted (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tutorat.desk_effects import compared
from tutorat.models import Case

DAY0 = date(2027, 2, 1)


def at(day: int) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), datetime.min.time(), tzinfo=UTC)


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
    [found] = compared(cases, activity, lambda x: x.date(), 14, today)
    assert (found.form, found.contacted, found.before, found.after) == ("decouragement", 1, 10, 42)
    assert (found.comparable, found.comparable_before, found.comparable_after) == (1, 10, 14)


def test_a_contact_whose_days_after_are_not_over_is_not_measured():
    cases = [case(1, "isolement", 0, contacted=10), case(2, "isolement", 5)]
    assert compared(cases, {}, lambda x: x.date(), 14, DAY0 + timedelta(days=20)) == []
