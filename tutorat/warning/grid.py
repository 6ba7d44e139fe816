"""The cohort's activity as one table: a row a learner, a column a day (numpy). The measures
the daily scan takes over the whole cohort (its quiet days, how long its learners stay away,
their pace) read it at once instead of learner by learner; each gives exactly what the
one-learner functions of `tutorat.warning.signs` give."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np


class Grid:
    """The learners' activity per day from `first` to `last` (inclusive), all of it and on
    the course platform."""

    def __init__(self, histories: Sequence, first: date, last: date) -> None:
        self.first = first
        width = max(0, (last - first).days + 1)
        self.total = self._table(histories, "daily", width)
        self.platform = self._table(histories, "platform", width)

    def _table(self, histories: Sequence, name: str, width: int) -> np.ndarray:
        rows: list[int] = []
        days: list[int] = []
        counts: list[int] = []
        for i, h in enumerate(histories):
            found = getattr(h, name)
            rows.extend([i] * len(found))
            days.extend(map(date.toordinal, found))
            counts.extend(found.values())
        table = np.zeros((len(histories), width), dtype=np.int64)
        if rows:
            col = np.asarray(days, dtype=np.int64) - self.first.toordinal()
            inside = (col >= 0) & (col < width)
            table[np.asarray(rows)[inside], col[inside]] = np.asarray(counts)[inside]
        return table

    def columns(self, days: Sequence[date]) -> np.ndarray:
        return np.fromiter((d.toordinal() for d in days), np.int64, len(days)) - (
            self.first.toordinal()
        )

    def of(self, platform: bool) -> np.ndarray:
        return self.platform if platform else self.total

    def active(self, days: Sequence[date], platform: bool = False) -> list[int]:
        """How many learners were active on each of these days."""
        return (self.of(platform)[:, self.columns(days)] > 0).sum(axis=0).tolist()

    def active_days(self, days: Sequence[date], platform: bool = False) -> list[int]:
        """On how many of these days each learner was active."""
        return (self.of(platform)[:, self.columns(days)] > 0).sum(axis=1).tolist()

    def sums(self, weeks: Sequence[Sequence[date]]) -> np.ndarray:
        """Each learner's activity over each of these spans of days (learner × span)."""
        return np.stack([self.total[:, self.columns(w)].sum(axis=1) for w in weeks], axis=1)

    def silences(
        self, histories: Sequence, days: Sequence[date], platform: bool
    ) -> list[tuple[int, int]]:
        """`tutorat.warning.signs.silences` of each learner over `days` (the open days a silence
        counts, earliest first): (the current silence, the longest one before it)."""
        n, width = len(histories), len(days)
        if not width:
            return [(0, 0)] * n
        table = self.of(platform)
        cols = self.columns(days)
        joined = np.array([h.joined.toordinal() for h in histories], dtype=np.int64)
        start = np.searchsorted(cols + self.first.toordinal(), joined)  # days before joining skip
        before = [None if platform else h.last_before for h in histories]
        earlier = table[:, : max(0, cols[0])].any(axis=1)  # active before the days read
        seen = earlier | np.array([b is not None for b in before], dtype=bool)
        index = np.arange(width)
        counted = index[None, :] >= start[:, None]
        active = (table[:, cols] > 0) & counted
        last = np.maximum.accumulate(np.where(active, index, -1), axis=1)
        # the silence running on each day: since the last active day, or since the first day
        # counted for a learner seen before it; nothing for one never seen
        run = np.where(
            last >= 0,
            index - last,
            np.where(seen[:, None] & counted, index - start[:, None] + 1, 0),
        )
        current = run[:, -1]
        ended = np.zeros_like(run)  # the silence each active day ends
        ended[:, 1:] = np.where(active[:, 1:], run[:, :-1], 0)
        longest = ended.max(axis=1)
        anything = active.any(axis=1)
        found = []
        for i, h in enumerate(histories):
            now = int(current[i])
            if not anything[i] and before[i] is not None:  # silent since before the days read
                now += max(0, (days[0] - max(before[i], h.joined)).days - 1)
            found.append((now, int(longest[i])))
        return found
