"""The tutors' reports as rules, without Discord: weeks, the state of a cohort, the digest's
figures, and charts that are valid PNGs even for a cohort with nothing yet."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.image

from tests.cohort_steps import plain
from tutorat.charts import cohort_chart, learner_chart
from tutorat.dates import duration
from tutorat.models import Case, Checkpoint, Cohort, Learner
from tutorat.reporting import digest_lines
from tutorat.reports import (
    CohortRows,
    Timeline,
    WeekPoint,
    cohort_state,
    current_week,
    digest,
    timeline,
    timeline_weeks,
    weekly,
)

PARIS = ZoneInfo("Europe/Paris")
KICKOFF = datetime(2027, 1, 11, 9, tzinfo=PARIS)
COHORT = Cohort(1, 10, "Janvier", "Europe/Paris", KICKOFF, datetime(2027, 2, 20, tzinfo=PARIS))


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2027, 1, day, hour, tzinfo=PARIS)


def rows(**changes) -> CohortRows:
    values = dict(
        cohort=COHORT,
        learners=[
            Learner(1, 100, at(4), started_at=at(11)),
            Learner(1, 101, at(4), started_at=at(11)),
            Learner(1, 102, at(4)),
            Learner(1, 103, at(4), left_at=at(13)),
        ],
        activity=[
            (100, date(2027, 1, 11), 5, 1),
            (100, date(2027, 1, 18), 3, 0),
            (101, date(2027, 1, 12), 2, 2),
            (103, date(2027, 1, 12), 9, 0),
        ],
        anonymous=[(date(2027, 1, 13), 4, 1)],
        pulses=[(100, 1, (6, 6, 5, 3, 5, 6)), (101, 1, (4, 4, 4, 4, 4, 4)), (100, 2, (2, 2, 2, 6, 2, 3))],
        cases=[
            Case(1, 1, 102, 7, "non-demarreur", ["S1"], ["r"], at(18, 8)),
            Case(2, 1, 101, 7, "isolement", ["S5"], ["r"], at(14, 8), closed_at=at(15),
                 contacted_at=at(14, 10), outcome="done"),
        ],
        effects={2: (3, 8)},
        checkpoints=[Checkpoint(1, 1, "Devoir 1", at(15, 18)), Checkpoint(2, 1, "Devoir 2", at(29, 18))],
        done={1: 2, 2: 0},
        pairs_active=1,
        tutors={100: 7, 101: 7, 102: 8},
    )  # fmt: skip
    values.update(changes)
    return CohortRows(**values)


def test_weeks_count_active_learners_actions_and_pulse_means_with_erased_totals():
    first, second = weekly(rows(), 2)
    assert (first.active, first.actions, first.answers) == (3, 20, 2)  # 5 + 2 + 9 + 4 anonymous
    assert first.dims["sens"] == 5.0 and first.dims["courage"] == 4.5
    assert (second.active, second.actions, second.dims["intention"]) == (1, 3, 3.0)


def test_the_state_counts_enrolled_started_active_and_open_cases_by_form():
    state = cohort_state(rows(), at(19))
    assert (state.week, state.enrolled, state.started, state.active_this_week) == (2, 3, 2, 1)
    assert state.open_by_form == {
        "non-demarreur": 1, "decouragement": 0, "perte-de-sens": 0, "isolement": 0
    }  # fmt: skip
    assert state.pulse_now["sens"] == 2.0 and state.pulse_last["sens"] == 5.0
    assert state.next_checkpoint.name == "Devoir 2"


def test_the_current_week_stays_within_the_course():
    assert current_week(COHORT, at(1)) == 1
    assert current_week(COHORT, datetime(2027, 4, 1, tzinfo=PARIS)) == 6


def test_the_digest_counts_the_week_and_the_median_first_reply_per_tutor():
    waits = [
        (at(12, 10), at(12, 11), 7),
        (at(13, 10), at(13, 13), 7),
        (at(14, 10), at(14, 15), 7),
        (at(14, 11), None, None),
        (at(19, 10), at(19, 10) + timedelta(minutes=5), 8),  # next week
    ]
    report = digest(rows(), 1, {7: 4, 8: 0}, waits)
    assert (report.new_cases, report.closed, report.contacted_closed) == (1, 1, 1)
    assert (report.measured, report.helped) == (1, 1)
    assert report.checkpoints_due == [("Devoir 1", 2)]
    by_tutor = {p.tutor_id: p for p in report.presence}
    assert by_tutor[7].median_reply == timedelta(hours=3) and by_tutor[7].posts == 4
    assert by_tutor[8].median_reply is None and by_tutor[8].questions == 0
    assert (report.questions, report.unanswered) == (4, 1)
    assert report.open_by_tutor == {7: ["non-demarreur"]}
    lines = [plain(line) for line in digest_lines(report, "fr")]
    assert len(lines) == 5
    assert lines[0] == "📈 3 apprenant·es actif·ves sur 3, 20 actions."
    assert "« Devoir 1 » déclaré fait par 2" in lines[2]
    assert digest_lines(report, "en")[0].startswith("📈 3 active learners out of 3")


def test_durations_read_as_a_tutor_says_them():
    """CLDR's short units (Babel's format_timedelta), the two largest, joined by CLDR."""
    assert duration(timedelta(minutes=35), "fr") == "35\xa0min"
    assert duration(timedelta(hours=2, minutes=5), "fr") == "2\u202fh 5\xa0min"
    assert duration(timedelta(hours=2), "en") == "2 hr"
    assert duration(timedelta(hours=26, minutes=5), "fr") == "1\u202fj 2\u202fh"
    assert duration(timedelta(seconds=20), "en") == "1 min"


def test_charts_are_valid_pngs_even_for_an_empty_cohort():
    empty = rows(activity=[], anonymous=[], pulses=[], cases=[])
    for data in (
        cohort_chart(weekly(empty, 1), "Janvier", "fr"),
        cohort_chart(weekly(rows(), 6), "Janvier", "en"),
        learner_chart(timeline(COHORT, [], [], [], [], date(2027, 1, 11)), "Léa"),
        learner_chart(
            timeline(
                COHORT,
                [(date(2027, 1, 12), 4, 3)],
                [(1, (6, 6, 5, 3, 5, 6))],
                [at(15)],
                rows().cases,
                date(2027, 1, 20),
            ),
            "Léa",
        ),
    ):
        image = matplotlib.image.imread(io.BytesIO(data), format="png")
        assert image.shape[0] > 300 and image.shape[1] > 500


def test_the_cohort_chart_has_a_legend_and_says_the_current_week_is_not_over():
    from tutorat.charts import cohort_figure

    weeks = [
        WeekPoint(
            w, 10 + w, 100 * w, 5, {"sens": 5.0, "courage": 4.0, "lien": None, "intention": 6.0}
        )
        for w in range(1, 5)
    ]
    figure = cohort_figure(weeks, "Janvier 2027", "fr", ongoing=True)
    top, bottom = figure.axes[0], figure.axes[1]
    legend = [t.get_text() for t in top.get_legend().get_texts()]
    assert legend == [
        "Actions dans la semaine",
        "Semaine en cours (incomplète)",
        "Apprenants actifs",
    ]
    hatched = [bar for bar in top.patches if bar.get_hatch()]
    assert [round(bar.get_x() + bar.get_width() / 2) for bar in hatched] == [4]
    assert bottom.get_title() == "Moyennes de la cohorte au questionnaire hebdomadaire"
    complete = cohort_figure(weeks, "Janvier 2027", "en-US")
    assert not [bar for bar in complete.axes[0].patches if bar.get_hatch()]
    assert "Active learners" in [t.get_text() for t in complete.axes[0].get_legend().get_texts()]


def test_each_digest_chart_names_its_week_and_dates():
    from tutorat.charts import digest_title

    assert digest_title(COHORT, 3, "fr") == "Janvier — semaine 3 (du 25/01 au 31/01)"
    assert digest_title(COHORT, 4, "en-US") == "Janvier — week 4 (2/1 to 2/7)"


def test_the_learner_chart_writes_days_as_the_reader_does_and_keeps_contacts_visible():
    from tutorat.charts import learner_figure

    days = [date(2027, 1, 11) + timedelta(days=i) for i in range(21)]
    line = Timeline(
        days=days,
        actions=[i % 4 for i in range(21)],
        pulses={},
        week_starts={1: days[0], 2: days[7], 3: days[14]},
        checkpoints=[days[3]],
        cases=[(days[10], "decouragement")],
        contacts=[days[10]],  # the contact the same day as the alert
    )
    figure = learner_figure(line, "Noé", "fr")
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[-1].get_xticklabels() if t.get_text()]
    assert labels and all("/" in label and "2027-" not in label for label in labels)
    top = figure.axes[0]
    alert = max(top.lines, key=lambda drawn: drawn.get_zorder())
    contact = [c for c in top.collections if c.get_label() == "Contact du tuteur"]
    assert contact and contact[0].get_zorder() > alert.get_zorder()


def test_a_timeline_reads_deadlines_each_contact_and_the_early_warnings_words():
    case = Case(1, 1, 102, 7, "decouragement", ["S2"], ["silence de 9 jours"], at(20, 8))
    entries = [  # the contact log: a tutor's contact, a note, the learner's, an interview
        {"kind": "contacted", "at": at(20, 10)},
        {"kind": "note", "at": at(21, 10)},
        {"kind": "learner_contact", "at": at(22, 10)},
        {"kind": "done", "at": at(26, 10)},
    ]
    line = timeline(
        COHORT,
        [(date(2027, 1, 12), 4, 3), (date(2027, 1, 19), 2, 0)],
        [(1, (6, 6, 5, 3, 5, 6))],
        [at(14)],
        [case],
        date(2027, 1, 27),
        deadlines=[
            ("Devoir 1", at(15, 18), at(14), False),
            ("Devoir 2", at(19, 18), at(21), True),
            ("Devoir 3", at(22, 18), None, False),
        ],
        contacts=entries,
        watch=(date(2027, 1, 25), ["rythme en baisse"]),
    )
    assert line.deadlines == [
        (date(2027, 1, 15), "Devoir 1", "met"),
        (date(2027, 1, 19), "Devoir 2", "late"),
        (date(2027, 1, 22), "Devoir 3", "missed"),
    ]
    assert line.contacts == [date(2027, 1, 20), date(2027, 1, 26)]  # not the note
    assert line.learner_contacts == [date(2027, 1, 22)]
    assert line.signals == [
        (date(2027, 1, 20), ("silence de 9 jours",)),
        (date(2027, 1, 25), ("rythme en baisse",)),
    ]
    first, second, third = timeline_weeks(line)
    assert (first.week, first.days_active, first.actions, first.on_platform) == (1, 1, 4, 3)
    assert first.deadlines == [("Devoir 1", "met")] and first.pulse["intention"] == 6
    assert second.deadlines == [("Devoir 2", "late"), ("Devoir 3", "missed")]
    assert second.cases == ["decouragement"] and second.signals == ["silence de 9 jours"]
    assert (second.contacts, second.learner_contacts) == (1, 1)
    assert third.signals == ["rythme en baisse"] and third.contacts == 1 and third.pulse is None
    # without the contact log (a chart drawn from the cases alone), a case's contact
    alone = timeline(
        COHORT, [], [], [], [replace(case, contacted_at=at(20, 10))], date(2027, 1, 27)
    )
    assert alone.contacts == [date(2027, 1, 20)] and alone.learner_contacts == []
