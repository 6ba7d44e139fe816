"""Charts drawn in a process of their own, so that drawing one holds up nothing else.

A learner's timeline is a tenth of a second of matplotlib and leaves thousands of linked
objects behind. Drawn in the bot's process, it held the interpreter meanwhile (the gateway and
the web view waited), and its leftovers made Python's full garbage collections, which walk the
whole heap of cohorts the bot keeps, run every few charts: a page in twenty took three times
as long (make bench). A worker process, started (spawned: nothing of the bot's state copied)
when a tutor first opens a learner's page and kept, draws them instead: its heap is small and
its pauses are its own.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _drawn(function: Callable, *args):
    """In the worker: the chart drawn with the collector paused, then its leftovers freed at
    once. Collections during a draw moved the figure's objects, still in use, to the oldest
    generation, where they piled up as garbage until a full collection freed tens of
    thousands at a time: one chart in ten took twice as long."""
    gc.disable()
    try:
        return function(*args)
    finally:
        gc.enable()
        gc.collect(0)


def _ready() -> None:
    """The worker's first job: matplotlib and the charts imported before the first chart."""
    from matplotlib.figure import Figure  # noqa: F401

    import tutorat.charts  # noqa: F401


class Drawer:
    """Runs a chart function (a module-level one: it goes to the worker by name) in the worker;
    in a thread of this process where `separate` is False (the replay, tools)."""

    def __init__(self, separate: bool = True) -> None:
        self.separate = separate
        self._pool: ProcessPoolExecutor | None = None

    def warm(self) -> None:
        """Starts the worker, if it is not running, without waiting for it."""
        if self.separate and self._pool is None:
            self._pool = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"))
            self._pool.submit(_ready)

    async def draw(self, function: Callable, *args):
        if not self.separate:
            return await asyncio.to_thread(function, *args)
        try:
            return await self._in_worker(function, *args)
        except BrokenProcessPool:  # the worker died (killed, out of memory): a new one, once
            self._pool = None
            return await self._in_worker(function, *args)

    async def _in_worker(self, function: Callable, *args):
        self.warm()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, _drawn, function, *args)

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, True, cancel_futures=True)
