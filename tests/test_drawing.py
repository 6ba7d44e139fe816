"""Charts drawn in a worker process (tutorat/drawing.py): the same chart as drawn here, a
worker that died replaced at the next chart, and no worker left once the bot closes."""

from __future__ import annotations

import os
import signal
from datetime import date, timedelta

from tutorat.charts import learner_svg
from tutorat.drawing import Drawer
from tutorat.reports import Timeline


def timeline() -> Timeline:
    days = [date(2027, 1, 4) + timedelta(days=i) for i in range(90)]
    return Timeline(
        days=days,
        actions=[i % 7 for i in range(90)],
        pulses={2: {"sens": 5, "courage": 4, "lien": 6, "intention": 5}},
        week_starts={2: days[7]},
        checkpoints=[days[20]],
        cases=[(days[40], "decouragement")],
        contacts=[days[42]],
        platform=[i % 3 for i in range(90)],
    )


async def test_a_chart_is_drawn_in_a_worker_the_same_as_here():
    drawer = Drawer()
    try:
        worker = await drawer.draw(os.getpid)
        assert worker != os.getpid()
        svg = await drawer.draw(learner_svg, timeline(), "Léa", "fr")
        assert svg == learner_svg(timeline(), "Léa", "fr")
        assert "<svg" in svg and ">Léa<" in svg
    finally:
        await drawer.close()


async def test_a_worker_that_died_is_replaced_and_none_outlives_the_bot():
    drawer = Drawer()
    first = await drawer.draw(os.getpid)
    os.kill(first, signal.SIGKILL)
    second = await drawer.draw(os.getpid)  # the chart asked for meanwhile is still drawn
    assert second not in (first, os.getpid())
    await drawer.close()
    try:
        os.kill(second, 0)
    except ProcessLookupError:
        pass  # gone, and reaped
    else:
        raise AssertionError("the worker still runs after close()")
