"""The tutors' charts as PNG bytes, the learner's also as SVG for the web view (matplotlib,
Agg backend, one Figure per call: safe to run
in a worker thread, off the event loop). matplotlib is imported on the first chart, not at
start-up: it is half of the bot's time to ready (make bench)."""

from __future__ import annotations

import io
from datetime import timedelta
from functools import lru_cache

from tutorat.calendar import week_days
from tutorat.models import Cohort
from tutorat.reports import DIMENSIONS, Timeline, WeekPoint
from tutorat.texts import text

COLOURS = {"sens": "#1b9e77", "courage": "#d95f02", "lien": "#7570b3", "intention": "#e7298a"}
MIDWEEK = timedelta(days=3)  # a week's pulse is drawn in the middle of its week
FORM_COLOURS = {
    "non-demarreur": "#666666",
    "decouragement": "#d95f02",
    "perte-de-sens": "#1b9e77",
    "isolement": "#7570b3",
}


def _figure(width: float, height: float, layout: str | None = "constrained"):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=100)
    return out.getvalue()


def _legend(axis, **where) -> None:
    if axis.get_legend_handles_labels()[0]:  # nothing drawn yet: no empty legend
        axis.legend(fontsize=8, **where)


def _pulse_axis(axis, loc: str) -> None:
    axis.set_ylim(1, 7)
    axis.set_ylabel(text("chart.pulse_axis", loc))
    _legend(axis, loc="lower left", ncols=4)


def cohort_chart(
    weeks: list[WeekPoint], title: str, loc: str = "fr", ongoing: bool = False
) -> bytes:
    return _png(cohort_figure(weeks, title, loc, ongoing))


def cohort_figure(weeks: list[WeekPoint], title: str, loc: str = "fr", ongoing: bool = False):
    """Weekly activity (bars: actions; line: active learners) above the cohort's pulse
    averages. `ongoing`: the last week is not over, drawn paler and said so (not a drop)."""
    figure = _figure(8, 6)
    top, bottom = figure.subplots(2, 1, sharex=True)
    numbers = [w.week for w in weeks]
    done = weeks[:-1] if ongoing else weeks
    top.bar(
        [w.week for w in done],
        [w.actions for w in done],
        color="#9ecae1",
        label=text("chart.actions", loc),
    )
    if ongoing and weeks:
        top.bar(
            [weeks[-1].week],
            [weeks[-1].actions],
            color="#deebf7",
            edgecolor="#9ecae1",
            hatch="//",
            label=text("chart.ongoing", loc),
        )
    top.set_ylabel(text("chart.actions", loc))
    learners = top.twinx()
    learners.plot(
        [w.week for w in done],
        [w.active for w in done],
        "o-",
        color="#08519c",
        label=text("chart.active", loc),
    )
    if ongoing and weeks:  # so far this week: a dashed step to a hollow point
        learners.plot(
            [w.week for w in weeks[-2:]],
            [w.active for w in weeks[-2:]],
            "o--",
            color="#08519c",
            markerfacecolor="white",
        )
    learners.set_ylabel(text("chart.active", loc))
    learners.set_ylim(0, max([w.active for w in weeks], default=0) * 1.15 + 1)
    bars, bar_labels = top.get_legend_handles_labels()
    line, line_labels = learners.get_legend_handles_labels()
    top.legend(bars + line, bar_labels + line_labels, fontsize=8, loc="upper left")
    top.set_title(title)
    for dim in DIMENSIONS:
        points = [(w.week, w.dims[dim]) for w in weeks if w.dims[dim] is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            bottom.plot(xs, ys, "o-", color=COLOURS[dim], label=text(f"pulse.dim_{dim}", loc))
    bottom.set_title(text("chart.pulse_means", loc), fontsize=10)
    _pulse_axis(bottom, loc)
    bottom.set_xlabel(text("chart.week", loc))
    bottom.set_xticks(numbers)
    return figure


def digest_title(cohort: Cohort, week: int, loc: str) -> str:
    """A weekly digest chart's title: the cohort and the week it reports on, with its dates."""
    days = week_days(cohort, week)
    return text(
        "chart.digest_title", loc, cohort=cohort.name, week=week, start=days[0], end=days[-1]
    )


def learner_chart(line: Timeline, title: str, loc: str = "fr") -> bytes:
    return _png(learner_figure(line, title, loc))


def learner_svg(line: Timeline, title: str, loc: str = "fr") -> str:
    """The same chart as SVG text, for the web view. Its words stay text, in the browser's
    sans-serif (no font to install): a screen reader and a search in the page find them, and
    the image is drawn faster and a quarter smaller than with letters as paths."""
    from matplotlib import rc_context

    out = io.StringIO()
    figure = learner_figure(line, title, loc)
    # only SVG reads these (PNGs drawn meanwhile keep theirs); a fixed salt: the same chart,
    # the same bytes, wherever it is drawn
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "tutorat"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def learner_figure(line: Timeline, title: str, loc: str = "fr"):
    """Actions per day; pulse dimensions per week; checkpoints declared, late and missed,
    contacts (a tutor's, the learner's), cases and the early warning's signs marked.
    Its frame is fixed (LEARNER_FRAME), not laid out by matplotlib at each draw: the chart is
    always this size with labels of these lengths, and the layout was a third of its time."""
    figure = _figure(9, 6, layout=None)
    figure.subplots_adjust(**LEARNER_FRAME)
    top, bottom = figure.subplots(2, 1, sharex=True)
    _daily(top, line.days, line.actions, "#9ecae1", text("chart.actions_day", loc))
    if any(line.platform):  # the platform's share, at the foot of each day's bar
        _daily(top, line.days, line.platform, "#3182bd", text("chart.platform_day", loc))
    top.set_ylabel(text("chart.actions_day", loc))
    top.set_title(title)
    high = max(line.actions, default=0) + 1
    step = max(0.5, high * 0.08)  # three rows of marks above the highest day
    late = [d for d, _, state in line.deadlines if state == "late"]
    missed = [d for d, _, state in line.deadlines if state == "missed"]
    marks = (  # row, days, colour, marker, label
        (0, line.checkpoints, "#2ca25f", "v", text("chart.checkpoint", loc)),
        (0, late, "#e6550d", "v", text("chart.deadline_late", loc)),
        (0, missed, "#de2d26", "X", text("chart.deadline_missed", loc)),
        (1, line.contacts, "#08519c", "D", text("chart.contact", loc)),
        (1, line.learner_contacts, "#41b6c4", "o", text("chart.learner_contact", loc)),
        (2, [d for d, _ in line.signals], "#756bb1", "*", text("chart.signal", loc)),
    )
    for row, days, colour, marker, label in marks:  # above the alert lines, never hidden
        if days:
            top.scatter(
                days,
                [high + row * step] * len(days),
                color=colour,
                marker=marker,
                label=label,
                zorder=4,
                s=40,
            )
    for day, form in line.cases:
        top.axvline(day, color=FORM_COLOURS[form], linestyle="--", linewidth=1.2, zorder=1)
    if line.cases:
        top.plot([], [], "--", color="#d95f02", label=text("chart.case", loc))
    top.set_ylim(0, high + 3 * step)
    _legend(top, loc="upper left", bbox_to_anchor=(1.01, 1))
    for dim in DIMENSIONS:
        points = sorted(
            (line.week_starts[w] + MIDWEEK, d[dim])
            for w, d in line.pulses.items()
            if w in line.week_starts
        )
        if points:
            xs, ys = zip(*points, strict=True)
            bottom.plot(xs, ys, "o-", color=COLOURS[dim], label=text(f"pulse.dim_{dim}", loc))
    bottom.set_ylim(1, 7)
    bottom.set_ylabel(text("chart.pulse_axis", loc))
    _legend(bottom, loc="upper left", bbox_to_anchor=(1.01, 1))
    _day_ticks(bottom, loc)
    figure.autofmt_xdate(bottom=LEARNER_FRAME["bottom"])
    return figure


# the axes' edges, as shares of the 9 × 6 in figure: room on the left for the axis titles and
# three-digit counts, on the right for the legends, at the foot for the slanted days
LEARNER_FRAME = {"left": 0.075, "right": 0.725, "top": 0.955, "bottom": 0.085, "hspace": 0.07}
BARS_UP_TO = 60  # days; a longer timeline is drawn as one filled step line (as fast as one bar)


def _daily(axis, days: list, values: list[int], colour: str, label: str) -> None:
    """A value a day: a bar each, or, past BARS_UP_TO days (a course of 40 weeks, where bars are
    a pixel wide anyway), one polygon along the days' tops, which matplotlib draws several
    times faster (it reads a collection's limits at once, a bar's or a step patch's curve by
    curve) and writes smaller."""
    if len(days) <= BARS_UP_TO:
        axis.bar(days, values, color=colour, label=label)
        return
    import numpy
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import date2num

    left = numpy.append(date2num(days) - 0.4, date2num(days[-1]) + 0.6)
    xs = numpy.repeat(left, 2)  # up or down at each day's left edge, along its top to the next
    ys = numpy.concatenate(([0], numpy.repeat(values, 2), [0]))
    outline = PolyCollection([numpy.column_stack((xs, ys))], facecolors=colour, linewidths=0)
    outline.set_label(label)
    axis.add_collection(outline)
    axis.autoscale_view()


def _day_ticks(axis, loc: str) -> None:
    """Days on the axis as the reader writes them (15/01 in French, 1/15 in US English), at
    the days matplotlib would choose, chosen once (its date locator, asked again at every
    layout pass, was a third of a chart's drawing)."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FixedLocator, FuncFormatter

    first, last = (num2date(value) for value in axis.get_xlim())
    axis.xaxis.set_major_locator(FixedLocator(AutoDateLocator().tick_values(first, last)))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _day_label(value, loc)))


@lru_cache(maxsize=4096)
def _day_label(value: float, loc: str) -> str:
    """A tick's day, as the reader writes it: asked for again at each layout pass (several a
    chart), and Babel's formatting by skeleton is slow; a day's label never changes."""
    from matplotlib.dates import num2date

    return text("chart.day", loc, day=num2date(value).date())
