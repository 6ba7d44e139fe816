"""A cohort's page of rows laid out again from the last one (tutorat/desk_rows.page_again):
whatever rows changed, the page is the one page_of lays out from all rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tutorat.desk_rows import SORTS, Query, Row, page_again, page_of

DAYS = [None, date(2027, 1, 4), date(2027, 1, 5), date(2027, 2, 1)]
OPENED = [None, datetime(2027, 1, 20, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)]
rows_of = st.builds(
    Row,
    user_id=st.just(0),
    name=st.sampled_from(["Léa", "Tom", "Inès", "léa", "Zoé"]),
    account=st.sampled_from(["", "lea.m", "tom"]),
    tutor_id=st.sampled_from([None, 1, 2]),
    started=st.booleans(),
    last_discord=st.sampled_from(DAYS),
    last_platform=st.sampled_from(DAYS),
    missed=st.integers(0, 2),
    pulse=st.sampled_from([None, 3.0, 4.5]),
    case_opened=st.sampled_from(OPENED),
    case_id=st.sampled_from([None, 7]),
    case_form=st.sampled_from([None, "isolement", "decouragement"]),
)
queries = st.builds(
    Query,
    search=st.sampled_from(["", "l", "tom"]),
    form=st.sampled_from(["", "isolement"]),
    tutor=st.sampled_from([None, 1]),
    flag=st.sampled_from(["", "open_case", "not_started", "no_account"]),
    sort=st.sampled_from(SORTS),
    descending=st.booleans(),
    page=st.integers(1, 3),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(rows_of, min_size=0, max_size=30),
    # writes one after the other: rows made again, changed or the same (a new object)
    st.lists(st.lists(st.tuples(st.integers(0, 29), st.none() | rows_of), max_size=4), max_size=4),
    queries,
)
def test_a_page_laid_out_again_is_the_page_of_all_rows(rows, writes, query):
    rows = [replace(r, user_id=i) for i, r in enumerate(rows)]
    page = page_of(rows, query, size=5)
    for changes in writes:
        before, rows = rows, list(rows)
        for at, row in changes:
            if at < len(rows):
                rows[at] = replace(row or rows[at], user_id=at)
        changed = [
            i for i, (old, new) in enumerate(zip(before, rows, strict=True)) if old is not new
        ]
        page = page_again(page, before, rows, query, changed) or page_of(rows, query, size=5)
        assert page == page_of(rows, query, size=5)


def test_a_change_that_moves_no_row_keeps_the_page_and_a_shown_row_is_replaced():
    before = [Row(i, f"Apprenant {i:02}") for i in range(20)]
    query = Query(sort="name")
    page = page_of(before, query, size=5)
    after = list(before)

    def changed() -> list[int]:
        return [i for i in range(20) if after[i] is not before[i]]

    after[12] = replace(before[12], last_discord=date(2027, 2, 3))  # off the page
    assert page_again(page, before, after, query, changed()) is page
    after[3] = replace(before[3], pulse=4.0)  # on it
    again = page_again(page, before, after, query, changed())
    assert again is not None and again.rows[3] is after[3] and again == page_of(after, query, 5)
    after[14] = replace(before[14], name="Aïcha")  # sorts onto the page: laid out again
    assert page_again(page, before, after, query, changed()) is None


def test_a_shown_row_made_again_the_same_then_changed_shows_the_change():
    """A row read again with the same values (a note written about the learner), then
    changed (their case marked contacted): the page shows the change."""
    rows = [Row(i, f"Apprenant {i:02}") for i in range(20)]
    query = Query(sort="name")
    page = page_of(rows, query, size=5)
    for change in ({}, {"case_contacted": True}):
        before, rows = rows, list(rows)
        rows[2] = replace(rows[2], **change)
        page = page_again(page, before, rows, query, [2]) or page_of(rows, query, 5)
    assert page.rows[2].case_contacted
