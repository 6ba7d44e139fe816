"""Each early-warning rule on tutorat/ alone, at its edges."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.cohort_steps import plain
from tests.signs_reading import evaluate
from tutorat.calendar import Break
from tutorat.dates import local_day
from tutorat.warning.signs import (
    Context,
    Deadline,
    History,
    Thresholds,
    cohort_rhythm,
    pace,
    s1_not_started,
    s2_silent,
    s3_drop,
    s9_late,
    where,
)

KICKOFF = date(2027, 1, 11)


def ctx(day: int, *, breaks=(), closed_weeks=(), size: int = 20, peers: float = 0.8) -> Context:
    today = KICKOFF + timedelta(days=day)
    days = [KICKOFF + timedelta(days=i) for i in range(day)]
    open_days = frozenset(d for d in days if not any(b.covers(d) for b in breaks))
    return Context(today, KICKOFF, open_days, list(closed_weeks), size, peers)


def active(per_day: dict[int, int], **kwargs) -> History:
    h = History(1, kwargs.pop("joined", KICKOFF), kwargs.pop("started", True), **kwargs)
    h.daily = {KICKOFF + timedelta(days=d): n for d, n in per_day.items() if n}
    h.peer = dict(h.daily)  # these learners talk with peers
    return h


def codes(h: History, c: Context) -> list[str]:
    return [s.code for s in evaluate(h, c)]


def test_s1_fires_exactly_seven_days_after_the_kickoff_not_before():
    nobody = History(1, KICKOFF, started=False)
    assert codes(nobody, ctx(6)) == []
    assert codes(nobody, ctx(7)) == ["S1"]
    assert evaluate(nobody, ctx(7))[0].form == "non-demarreur"


def test_s1_counts_from_a_late_joiners_arrival_and_any_activity_means_started():
    late = History(1, KICKOFF + timedelta(days=10), started=False)
    assert codes(late, ctx(16)) == []
    assert codes(late, ctx(17)) == ["S1"]
    wrote = History(1, KICKOFF, started=False, daily={KICKOFF + timedelta(days=2): 1})
    assert "S1" not in codes(wrote, ctx(9))


def test_s2_needs_seven_silent_open_days_and_breaks_do_not_count():
    h = active({d: 2 for d in range(5)})  # active days 0-4, silent from day 5
    t = Thresholds()
    assert s2_silent(h, ctx(11), t) is None  # 6 silent days
    assert s2_silent(h, ctx(12), t) is not None  # 7
    assert codes(h, ctx(12)) == []  # a weak sign: it needs a second one
    pause = Break(1, KICKOFF + timedelta(days=7), KICKOFF + timedelta(days=13))
    assert s2_silent(h, ctx(12, breaks=[pause]), t) is None  # days 7-11 are a break
    assert s2_silent(h, ctx(19, breaks=[pause]), t) is not None  # 5-6 and 14-18: seven days


def test_a_silence_is_told_alone_after_three_weeks_where_no_deadline_has_passed():
    h = active({d: 2 for d in range(5)})  # silent from day 5 (nobody talks with peers here)
    assert codes(h, ctx(25, peers=0)) == []  # 20 silent days
    assert codes(h, ctx(26, peers=0)) == [
        "S2"
    ]  # 21: nothing else to read beside it, three weeks speak
    assert codes(h, ctx(26, size=5, peers=0)) == ["S2"]  # however small the group
    assert (
        codes(h, ctx(12, size=5, peers=0)) == []
    )  # a small group is no reason to tell a week alone
    h.deadlines = [Deadline("Devoir", KICKOFF + timedelta(days=3), KICKOFF + timedelta(days=3))]
    met = replace(ctx(26, peers=0), declared={"Devoir": 1.0})  # a deadline passed, and was met
    assert codes(h, met) == []  # then a silence waits for a second sign (or ten weeks)


def test_s2_waits_past_the_cohorts_usual_silence_and_then_needs_a_second_sign():
    h = active({d: 2 for d in range(5)})
    offline = replace(ctx(30), usual_silence=12)  # this cohort's learners often stay away
    assert codes(h, replace(offline, today=KICKOFF + timedelta(days=16))) == []  # 11 days
    assert codes(h, replace(offline, today=KICKOFF + timedelta(days=17))) == []  # 12: weak
    h.deadlines = [Deadline("Devoir 1", KICKOFF + timedelta(days=2), KICKOFF + timedelta(days=4))]
    late = replace(offline, today=KICKOFF + timedelta(days=17), declared={"Devoir 1": 1.0})
    assert codes(h, late) == ["S2", "S9"]  # a silence and a late deadline: two kinds of sign
    h.deadlines = []
    away = replace(ctx(90), usual_silence=12)
    assert "S2" in codes(h, replace(away, today=KICKOFF + timedelta(days=75)))  # 70 days away


def test_s2_does_not_repeat_a_learners_usual_gap():
    days = {**{d: 2 for d in range(3)}, **{d: 2 for d in range(12, 15)}}  # 9 days away, back
    h = active(days)
    t = Thresholds()
    assert s2_silent(h, ctx(23), t) is None  # silent 8 days again: shorter than the gap before
    assert s2_silent(h, ctx(25), t) is not None  # 10 days: longer than the learner ever stayed away


def test_s3_compares_with_the_learners_own_median_and_the_cohorts_pace():
    usual = {d: 3 for d in range(21)}  # 21 a week for three weeks
    low = {**usual, **{d: 1 for d in range(21, 35)}}  # then 7 a week, two weeks
    strong = replace(ctx(35), declared={"Devoir 1": 1.0, "Devoir 2": 1.0})
    h = active(low)
    h.deadlines = [
        Deadline("Devoir 1", KICKOFF + timedelta(days=26), None),
        Deadline("Devoir 2", KICKOFF + timedelta(days=33), None),
    ]
    assert codes(h, strong) == ["S3", "S4"]  # beside two missed deadlines, the fall is a reason
    h.deadlines = []
    assert codes(h, ctx(35)) == []  # a fall in pace alone opens no case
    found = pace(active(low), ctx(35), Thresholds())
    assert found == ([7, 7, 21, 21, 21], 21)
    assert s3_drop(active(low), ctx(35), Thresholds()) is not None
    assert s3_drop(active(low), ctx(28), Thresholds()) is None  # one low week only
    lull = replace(ctx(35), cohort_pace=0.3)  # the whole cohort fell to 30 %: no signal
    assert s3_drop(active(low), lull, Thresholds()) is None
    lurker = {**{d: 1 if d % 3 == 0 else 0 for d in range(21)}, **{d: 0 for d in range(21, 35)}}
    assert s3_drop(active(lurker), ctx(35), Thresholds()) is None  # a low baseline
    short = active(low, joined=KICKOFF + timedelta(days=7))
    assert s3_drop(short, ctx(35), Thresholds()) is None  # less than 3 weeks before the drop


def test_s4_one_deadline_missed_once_most_of_the_cohort_met_it():
    h = active({d: 2 for d in range(26)})  # stopped working on day 26
    h.deadlines = [Deadline("Devoir 2", KICKOFF + timedelta(days=27), None)]
    few = replace(ctx(30), declared={"Devoir 2": 0.6})
    assert "S4" not in codes(h, few)  # 60 % met it, 2 days after its due day
    assert "S4" in codes(h, replace(ctx(36), declared={"Devoir 2": 0.6}))  # grace over
    assert "S4" not in codes(
        h, replace(few, declared={"Devoir 2": 0.4}, today=few.today + timedelta(days=9))
    )
    most = replace(ctx(34), declared={"Devoir 2": 0.9})  # a week since they stopped
    [signal] = [s for s in evaluate(h, most) if s.code == "S4"]
    assert (
        plain(signal.reason)
        == "« Devoir 2 » pas rendu (échéance du 07/02) alors que 90 % de la cohorte l'a rendu"
        " ; aucune activité depuis 8 jours"
    )
    h.deadlines = [Deadline("Devoir 2", KICKOFF + timedelta(days=27), KICKOFF + timedelta(days=29))]
    assert codes(h, replace(ctx(30), declared={"Devoir 2": 0.9})) == []  # late: S9, weak
    assert codes(h, most) == ["S2", "S9"]  # late, then silent for 8 days: two kinds of sign


def test_s4_a_learner_still_at_work_needs_two_missed_deadlines_in_a_row():
    h = active({d: 2 for d in range(40)})  # active every day
    h.deadlines = [Deadline("Devoir 1", KICKOFF + timedelta(days=27), None)]
    once = replace(ctx(30), declared={"Devoir 1": 0.9})
    assert codes(h, once) == []  # one missed deadline while at work: a choice, not a sign
    h.deadlines.append(Deadline("Devoir 2", KICKOFF + timedelta(days=37), None))
    twice = replace(ctx(40), declared={"Devoir 1": 0.9, "Devoir 2": 0.9})
    [signal] = evaluate(h, twice)
    assert signal.code == "S4" and "« Devoir 1 », « Devoir 2 » pas rendus" in plain(signal.reason)
    h.deadlines[0] = Deadline(
        "Devoir 1", KICKOFF + timedelta(days=27), KICKOFF + timedelta(days=33)
    )
    assert codes(h, twice) == ["S4", "S9"]  # one late and one missed: two signs together


def test_s1_waits_the_plain_week_for_a_learner_seen_before_the_kickoff():
    # (it waited twice as long: on OULAD, those who looked early and not since rarely start)
    looked = History(1, KICKOFF, started=False, daily={KICKOFF - timedelta(days=3): 4})
    assert codes(looked, ctx(6)) == []
    [signal] = evaluate(looked, ctx(7))
    assert signal.code == "S1" and "actif avant le démarrage" in signal.reason


def test_the_cohort_rhythm_is_the_usual_longest_silence_and_the_median_pace():
    regular = [active({d: 2 for d in range(20)}) for _ in range(9)]
    away = active({**{d: 2 for d in range(3)}, **{d: 2 for d in range(13, 20)}})  # 10 days off
    rhythm = cohort_rhythm([*regular, away], ctx(20))
    assert rhythm == {
        "usual_active": 1.0,  # each active on every one of the 20 course days read
        "usual_silence": 10,
        "usual_platform_silence": 0,
        "platform_seen": False,
        "cohort_pace": 1.0,
        "quiet_days": frozenset(),  # on every day, 9 of the 10 were active
        "platform_quiet_days": frozenset(),
        "started": 10,
    }


def test_a_learner_who_chats_but_left_the_coursework_is_told_where_the_silence_is():
    days = {d: 4 for d in range(30)}
    h = active(days)  # on Discord every day
    h.platform = {KICKOFF + timedelta(days=d): 3 for d in range(20)}  # coursework until day 19
    platform = replace(ctx(30, size=20), platform_seen=True)
    [signal] = [s for s in evaluate(h, platform) if s.code == "S2"] or [None]
    assert signal is None  # a silence from the coursework alone is weak
    signals = {s.code: s for s in evaluate(h, replace(platform, declared={"Devoir": 1.0}))}
    assert signals == {}
    h.deadlines = [Deadline("Devoir", KICKOFF + timedelta(days=25), None)]
    found = {s.code: s.reason for s in evaluate(h, replace(platform, declared={"Devoir": 1.0}))}
    # a missed deadline by a learner who stopped the coursework (chatting is no coursework)
    assert set(found) == {"S2", "S4"}
    assert found["S2"].startswith("aucune activité sur la plateforme depuis 10 jours de formation")
    assert "sur Discord" in found["S2"]
    nothing = replace(ctx(30), platform_seen=False)
    assert s2_silent(active({d: 2 for d in range(5)}), nothing, Thresholds()).reason == (
        "aucune activité depuis 25 jours de formation (hors pauses)"
    )


def test_reasons_say_where_activity_was_seen():
    h = active({d: 5 for d in range(7)})
    h.platform = {KICKOFF + timedelta(days=d): 3 for d in range(7)}
    days = [KICKOFF + timedelta(days=d) for d in range(7)]
    assert plain(where(h, days).said("fr")) == "plateforme : 21, Discord : 14"
    assert where(h, days).said("en") == "platform: 21, Discord: 14"
    h.platform = {}
    assert plain(where(h, days).said("fr")) == "sur Discord"


def test_s5_no_peer_interaction_while_others_interact_but_not_in_a_small_cohort():
    h = active({d: 2 for d in range(20)})
    h.peer = {}
    assert "S5" in codes(h, ctx(20))
    assert "S5" not in codes(h, ctx(20, size=7))  # small cohorts do not compare
    assert "S5" not in codes(h, ctx(20, peers=0.1))  # nobody interacts: not isolation
    h.pulses = {2: (6, 6, 5, 3, 3, 6)}
    assert "S5" in codes(h, ctx(20, size=7))  # P5 <= 3 speaks for itself


def test_s5_a_learner_whose_pair_partner_does_not_answer():
    h = active({d: 2 for d in range(10)})
    assert "S5" not in codes(h, ctx(10))
    h.partner_silent = KICKOFF + timedelta(days=9)
    [signal] = [s for s in evaluate(h, ctx(10)) if s.code == "S5"]
    assert signal.form == "isolement" and "binôme ne lui répond pas" in signal.reason
    assert "S5" in codes(h, ctx(10, size=5))  # said by the learner: small cohorts too


def test_s6_a_drop_of_a_dimension_a_low_item_or_a_low_intention():
    h = active({d: 2 for d in range(30)})
    h.pulses = {1: (6, 6, 5, 3, 5, 6), 2: (6, 6, 5, 3, 5, 6), 3: (4, 5, 5, 3, 5, 6)}
    [sens] = evaluate(h, ctx(22, closed_weeks=[1, 2]))
    assert (sens.code, sens.form, plain(sens.reason)) == (
        "S6",
        "perte-de-sens",
        "Sens : de 6 à 4,5",
    )
    h.pulses[3] = (6, 6, 5, 7, 5, 6)  # P4 reversed: effort excessive
    assert [s.form for s in evaluate(h, ctx(22, closed_weeks=[1, 2]))] == ["decouragement"]
    h.pulses[3] = (6, 6, 5, 3, 5, 3)  # P6 at 3
    assert (
        "P6 (intention d'aller au bout) à 3/7"
        in evaluate(h, ctx(22, closed_weeks=[1, 2]))[0].reason
    )
    h.pulses[3] = (6, 5, 5, 3, 5, 6)  # an ordinary week
    assert codes(h, ctx(22, closed_weeks=[1, 2])) == []


def test_s7_two_weeks_without_an_answer_from_someone_who_used_to_answer():
    h = active({d: 2 for d in range(40)})
    h.pulses = {1: (6,) * 6, 2: (6,) * 6}
    assert "S7" in codes(h, ctx(36, closed_weeks=[1, 2, 3, 4]))
    assert "S7" not in codes(h, ctx(36, closed_weeks=[1, 2, 3]))
    never = active({d: 2 for d in range(40)})
    assert "S7" not in codes(never, ctx(36, closed_weeks=[1, 2, 3, 4]))


def test_s8_a_goal_that_no_longer_holds():
    h = active({d: 2 for d in range(30)}, goal_dropped=True)
    [signal] = evaluate(h, ctx(30))
    assert (signal.code, signal.form) == ("S8", "perte-de-sens")


def test_a_learner_who_left_gets_no_signal():
    assert evaluate(History(1, KICKOFF, started=False, left=True), ctx(20)) == []


def test_local_days_follow_the_cohorts_zone_across_dst():
    paris, montreal = ZoneInfo("Europe/Paris"), ZoneInfo("America/Montreal")
    late_night = datetime(2027, 3, 28, 0, 30, tzinfo=paris)  # the night clocks go forward
    assert local_day(late_night, paris) == date(2027, 3, 28)
    assert local_day(late_night, montreal) == date(2027, 3, 27)


def test_a_learner_active_long_ago_is_silent_not_a_non_starter():
    gone = History(1, KICKOFF, started=False, last_before=KICKOFF + timedelta(days=2))
    later = ctx(90, size=5)  # the history read starts long after their last activity
    assert codes(gone, later) == ["S2"]
    before_kickoff = History(1, KICKOFF, started=False, last_before=KICKOFF - timedelta(days=3))
    assert codes(before_kickoff, ctx(14)) == ["S1"]  # looked at it before, never since


def rhythm_of(histories: list[History], c: Context) -> Context:
    return replace(c, **cohort_rhythm(histories, c))


def test_s1_waits_for_a_cohort_that_starts_slowly_as_a_deadline_does():
    nobody = History(99, KICKOFF, started=False)

    def cohort(started: int) -> list[History]:
        others = [active({d: 2 for d in range(2, 30)}) for _ in range(started)]
        waiting = [History(100 + i, KICKOFF, started=False) for i in range(9 - started)]
        return [nobody, *others, *waiting]  # ten learners

    most = rhythm_of(cohort(8), ctx(7, size=10))  # 8 of the 9 others started: 89 %
    [signal] = evaluate(nobody, most)
    assert signal.code == "S1" and signal.reason.endswith("; 89\u00a0% de la cohorte a démarré")
    half = cohort(5)  # 5 of 9: a slow start, the wait doubles
    assert codes(nobody, rhythm_of(half, ctx(13, size=10))) == []
    assert codes(nobody, rhythm_of(half, ctx(14, size=10))) == ["S1"]
    few = cohort(3)  # a third of the others: nobody's non-start stands out yet
    assert s1_not_started(nobody, rhythm_of(few, ctx(30, size=10)), Thresholds()) is None
    small = rhythm_of(cohort(3)[:5], ctx(7, size=5))  # too few learners to read a start from
    assert codes(nobody, small) == ["S1"]


def test_s1_waits_three_days_for_a_learner_enrolled_early_and_never_seen():
    # a cohort that starts slowly (5 of the 9 others): the wait doubles, but not for one who
    # was enrolled before the kick-off and came neither before it nor since (three days), nor
    # for one who looked at the course before it (the plain week)
    unseen = History(99, KICKOFF, started=False, enrolled_before=True)
    others = [active({d: 2 for d in range(2, 30)}) for _ in range(5)]
    waiting = [History(100 + i, KICKOFF, started=False) for i in range(4)]
    cohort = [unseen, *others, *waiting]
    assert codes(unseen, rhythm_of(cohort, ctx(2, size=10))) == []
    [signal] = evaluate(unseen, rhythm_of(cohort, ctx(3, size=10)))
    assert signal.code == "S1"
    assert "pas d'activité avant le lancement non plus" in signal.reason
    assert "no activity before the kick-off either" in signal.said("en")
    joined_at_kickoff = replace(unseen, enrolled_before=False)  # had no chance to look early
    assert codes(joined_at_kickoff, rhythm_of(cohort, ctx(13, size=10))) == []
    looked = replace(unseen, last_before=KICKOFF - timedelta(days=2))
    t = Thresholds()
    assert s1_not_started(looked, rhythm_of(cohort, ctx(6, size=10)), t) is None
    assert s1_not_started(looked, rhythm_of(cohort, ctx(7, size=10)), t) is not None
    few = [unseen, *others[:3], *waiting, History(104, KICKOFF, started=False)]
    assert s1_not_started(unseen, rhythm_of(few, ctx(30, size=10)), t) is None  # a third


def test_days_the_whole_cohort_is_away_do_not_count_in_a_silence():
    # twenty learners active every day but the week of days 20-26, when the cohort is away
    away = set(range(20, 27))
    cohort = [active({d: 3 for d in range(40) if d not in away}) for _ in range(19)]
    h = active({d: 3 for d in range(18)})  # silent from day 18
    h.deadlines = [Deadline("Devoir", KICKOFF + timedelta(days=15), None)]
    base = replace(ctx(32), declared={"Devoir": 1.0})
    c = rhythm_of([h, *cohort], base)
    assert c.quiet_days == frozenset(KICKOFF + timedelta(days=d) for d in away)
    found = {s.code: plain(s.reason) for s in evaluate(h, c)}
    # 14 calendar days, 7 of them the cohort's own: seven days of silence, not fourteen
    assert found["S2"].startswith(
        "aucune activité depuis 7 jours de formation (hors pauses) ; "
        "sans compter les jours creux de la cohorte"
    )
    assert "aucune activité depuis 7 jours" in found["S4"]
    # a deadline missed in a week the cohort was away: the learner worked before it
    worker = active({d: 3 for d in range(20)})
    worker.deadlines = [Deadline("Devoir", KICKOFF + timedelta(days=19), None)]
    during = replace(ctx(28), declared={"Devoir": 1.0})
    c = rhythm_of([worker, *cohort], during)
    assert codes(worker, c) == []  # still at work as far as the open days tell: a weak sign
    assert "S4" in codes(worker, during)  # the same days read plainly: stopped, and missed


def test_counted_reasons_read_as_french_does():
    h = active({d: 2 for d in range(30)})
    h.deadlines = [Deadline("Devoir", KICKOFF + timedelta(days=20), KICKOFF + timedelta(days=21))]
    assert (
        plain(s9_late(h, ctx(25), Thresholds()).reason) == "« Devoir » rendu avec 1 jour de retard"
    )
    assert where(active({}), [KICKOFF]) is None  # no activity is seen nowhere, not "on Discord"


def test_reasons_are_said_in_the_tutors_language_with_its_numbers_and_dates():
    h = active({d: 3 for d in range(10)})
    h.deadlines = [Deadline("TMA 1", KICKOFF + timedelta(days=12), None)]
    c = replace(ctx(22), declared={"TMA 1": 0.84})
    [missed] = [s for s in evaluate(h, c) if s.code == "S4"]
    assert plain(missed.said("fr")) == (
        "« TMA 1 » pas rendu (échéance du 23/01) alors que 84 % de la cohorte l'a rendu"
        " ; aucune activité depuis 12 jours"
    )
    assert missed.said("en") == (
        "“TMA 1” not handed in (due 1/23) while 84% of the cohort handed it in; "
        "no activity for 12 days"
    )
    assert missed.said("en_GB").startswith("“TMA 1” not handed in (due 23/01)")
    assert missed.reason == missed.said("fr")  # French, the source, where no reader is known
