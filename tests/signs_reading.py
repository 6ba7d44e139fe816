"""The rules' reading before the score (tutorat.warning.score): each sign on its own, the weak
ones kept only beside a strong sign of the same form or together. The scan no longer reads
signs this way; the tests of each sign at its edges still do, so it lives here with them."""

from __future__ import annotations

from tutorat.warning.signs import (
    Context,
    History,
    Signal,
    Thresholds,
    by_form,
    s1_not_started,
    s2_silent,
    s3_drop,
    s4_checkpoints,
    s5_isolated,
    s6_pulse,
    s7_no_pulse,
    s8_goal,
    s9_late,
    silence_alone,
    working_after,
)

# Weak signs open no case alone. On real learners a silence, a fall in pace and a late
# deadline each flag most of those who pass; two of them of different kinds (a silence and a
# late or missed deadline) do not. A deadline missed by a learner who goes on working is weak
# too; one missed by a learner who stopped, or two in a row, are strong. A fall in pace only
# ever adds its reason to a case. An absence of ten weeks is told alone; so is one of three
# weeks where nothing can be read beside it (a course with no deadline past yet).
WEAK = frozenset({"S2", "S3", "S9"})
CORROBORATING = (
    frozenset({"S2", "S9"}),
    frozenset({"S2", "S4"}),
    frozenset({"S4", "S9"}),
)  # weak signs that together open a case


def evaluate(h: History, ctx: Context, t: Thresholds | None = None) -> list[Signal]:
    """Every signal of one learner today, in code order, as read before the score: the weak
    signs count only beside a strong sign of the same form, or together as CORROBORATING
    says. (The scan weighs every sign instead: `tutorat.warning.score`.)"""
    t = t or Thresholds()
    if h.left:
        return []
    first = s1_not_started(h, ctx, t)
    if first is not None:  # a non-starter is only that
        return [first]
    found = [
        s2_silent(h, ctx, t),
        s3_drop(h, ctx, t),
        s4_checkpoints(h, ctx, t),
        s5_isolated(h, ctx, t),
        *s6_pulse(h, ctx, t),
        s7_no_pulse(h, ctx, t),
        s8_goal(h, ctx, t),
        s9_late(h, ctx, t),
    ]
    signals = [s for s in found if s is not None]
    weak = WEAK | {"S4"} if working_after(h, ctx, t) else WEAK
    if silence_alone(h, ctx, t):
        weak = WEAK - {"S2"}
    kept = []
    for group in by_form(signals).values():
        codes = {s.code for s in group}
        if codes - weak or any(both <= codes for both in CORROBORATING):
            kept += group
    return sorted(kept, key=lambda s: int(s.code[1:]))
