"""The cohort-wide measures (`tutorat.warning.grid`, numpy) give, learner by learner, exactly what the
one-learner rules give: silences, pace, the share of recent days active and the cohort's quiet days, on random cohorts with
breaks, late joiners, learners seen only before the days read, quiet days and the platform."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tutorat.warning.grid import Grid
from tutorat.warning.signs import (
    Context,
    History,
    Thresholds,
    active_share,
    cohort_rhythm,
    pace,
    pace_key,
    silences,
    silences_key,
)

KICKOFF = date(2027, 1, 11)
DAYS = 60


@st.composite
def cohorts(draw):
    today = KICKOFF + timedelta(days=draw(st.integers(0, DAYS)))
    first = KICKOFF - timedelta(days=10)  # activity before the kick-off too
    span = (today - first).days
    broken = draw(st.sets(st.integers(0, DAYS), max_size=12))
    open_days = frozenset(
        KICKOFF + timedelta(days=i) for i in range((today - KICKOFF).days) if i not in broken
    )
    histories = []
    for user in range(draw(st.integers(1, 14))):
        joined = KICKOFF + timedelta(days=draw(st.integers(-5, 40)))
        active = draw(st.lists(st.integers(0, span), max_size=40))
        daily = {first + timedelta(days=d): draw(st.integers(1, 9)) for d in active}
        on_platform = draw(st.lists(st.sampled_from(sorted(daily)), unique=True)) if daily else []
        h = History(user, joined, started=draw(st.booleans()))
        h.daily = daily
        h.platform = {d: daily[d] for d in on_platform}
        if draw(st.booleans()):
            h.last_before = first - timedelta(days=draw(st.integers(1, 90)))
        histories.append(h)
    quiet = frozenset(d for d in open_days if draw(st.integers(0, 9)) == 0)
    ctx = Context(today, KICKOFF, open_days, [], len(histories), 0.5, quiet_days=quiet)
    return histories, ctx, first


@settings(max_examples=300, deadline=None)
@given(cohorts())
def test_the_table_gives_each_learners_silences(cohort):
    histories, ctx, first = cohort
    grid = Grid(histories, first, ctx.today)
    for platform in (False, True):
        fresh = Context(
            ctx.today, ctx.kickoff, ctx.open_days, [], 1, 0.5, quiet_days=ctx.quiet_days
        )
        expected = [silences(h, fresh, platform) for h in histories]
        assert grid.silences(histories, ctx.counted(platform), platform) == expected


@settings(max_examples=200, deadline=None)
@given(cohorts())
def test_the_cohort_rhythm_measured_at_once_is_the_one_of_each_learner(cohort):
    histories, ctx, _ = cohort
    rhythm = cohort_rhythm(histories, ctx)
    # every learner's pace and silences were measured with the cohort, as the rules find them
    for h in histories:
        fresh = Context(ctx.today, ctx.kickoff, ctx.open_days, [], 1, 0.5)
        assert ctx.memo[pace_key(h, ctx)] == pace(h, fresh, Thresholds())
        quiet = rhythm["quiet_days"]
        alone = Context(ctx.today, ctx.kickoff, ctx.open_days, [], 1, 0.5, quiet_days=quiet)
        assert ctx.memo[silences_key(h, alone, False)] == silences(h, alone)
        # and the share of recent course days they were active (S10)
        seen = replace(
            alone,
            platform_quiet_days=rhythm["platform_quiet_days"],
            platform_seen=rhythm["platform_seen"],
        )
        key = ("active_share", id(h), ctx.today)
        if key in ctx.memo:
            assert ctx.memo[key] == active_share(h, seen)
    # the quiet days, counted learner by learner
    present = [h for h in histories if not h.left]
    if len(present) >= Thresholds().small_cohort and ctx.ordered:
        active = [sum(1 for h in present if h.daily.get(d)) for d in ctx.ordered]
        busy = sorted(active)[int(0.75 * len(active))]
        expected = {d for d, n in zip(ctx.ordered, active, strict=True) if n < 0.5 * busy}
        assert rhythm["quiet_days"] == expected
    else:
        assert rhythm["quiet_days"] == frozenset()
