"""Peer pairs (seed: créer des binômes d'entraide): who can be paired, and the best pairing.

Hard constraints: a shared language, at least two shared hours a week, no repeat of a pair
within the gap. Soft weights: close time zones, similar planned hours, mixed progress. Solved
as a maximum-weight maximum-cardinality matching (rustworkx, Rust); an odd one out joins a
compatible pair as a trio; nobody is left out silently.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import numpy as np
import rustworkx as rx

DAYS = {"lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}  # fmt: skip
SLOT = re.compile(r"(?P<day>[a-z]{3})\w*\s*(?P<start>\d{1,2})\s*h?\s*-\s*(?P<end>\d{1,2})\s*h?")
MIN_SHARED_HOURS = 2
CANDIDATES = 10  # edges kept per learner: the best compatible partners


@dataclass(frozen=True)
class Candidate:
    user_id: int
    languages: frozenset[str]
    utc_offset: float  # hours, for time-zone closeness
    slots: frozenset[int]  # hours of the week (0 = Monday 00:00 UTC) they are available
    planned_hours: int = 4
    progress: float = 0.0  # 0..1, share of the course's activity so far


@dataclass
class Pairing:
    groups: list[tuple[int, ...]] = field(default_factory=list)  # pairs and at most one trio
    alone: list[int] = field(default_factory=list)  # no compatible partner at all


def parse_slots(text: str, utc_offset: float = 0.0) -> frozenset[int]:
    """'lun 18-20, mer 12-14' (local time) -> hours of the week in UTC."""
    hours = set()
    for match in SLOT.finditer(text.lower()):
        day = DAYS.get(match["day"])
        start, end = int(match["start"]), int(match["end"])
        if day is None or not 0 <= start < end <= 24:
            continue
        for hour in range(start, end):
            hours.add(int(day * 24 + hour - utc_offset) % (7 * 24))
    return frozenset(hours)


def compatible(a: Candidate, b: Candidate, recent: set[frozenset[int]]) -> bool:
    return (
        bool(a.languages & b.languages)
        and len(a.slots & b.slots) >= MIN_SHARED_HOURS
        and frozenset((a.user_id, b.user_id)) not in recent
    )


def weight(a: Candidate, b: Candidate) -> int:
    """Higher is better: close zones, similar planned hours, different progress levels."""
    zones = max(0.0, 12 - abs(a.utc_offset - b.utc_offset)) / 12
    hours = 1 - min(1.0, abs(a.planned_hours - b.planned_hours) / 10)
    mix = min(1.0, abs(a.progress - b.progress) * 2)
    shared = min(1.0, len(a.slots & b.slots) / 10)
    return 1 + int(400 * zones + 300 * hours + 200 * mix + 100 * shared)


def build_graph(people: list[Candidate], recent: set[frozenset[int]], seed: int = 0) -> rx.PyGraph:
    """Nodes are the people (in the given order); edges link each one to their best
    compatible partners. Computed on whole matrices (numpy), as the scalar rules say."""
    graph = rx.PyGraph()
    graph.add_nodes_from(range(len(people)))
    n = len(people)
    if n < 2:
        return graph
    hours = np.zeros((n, 7 * 24), dtype=np.float32)
    languages = sorted({lang for p in people for lang in p.languages})
    spoken = np.zeros((n, len(languages)), dtype=np.float32)
    for i, person in enumerate(people):
        hours[i, list(person.slots)] = 1
        spoken[i, [languages.index(lang) for lang in person.languages]] = 1
    shared = np.rint(hours @ hours.T)
    ok = (shared >= MIN_SHARED_HOURS) & ((spoken @ spoken.T) > 0)
    np.fill_diagonal(ok, False)
    index = {p.user_id: i for i, p in enumerate(people)}
    for pair in recent:
        a, b = (index.get(u) for u in pair)
        if a is not None and b is not None:
            ok[a, b] = ok[b, a] = False
    offset = np.array([p.utc_offset for p in people], dtype=np.float64)
    planned = np.array([p.planned_hours for p in people], dtype=np.float64)
    progress = np.array([p.progress for p in people], dtype=np.float64)
    zones = np.maximum(0.0, 12 - np.abs(offset[:, None] - offset[None, :])) / 12
    similar = 1 - np.minimum(1.0, np.abs(planned[:, None] - planned[None, :]) / 10)
    mix = np.minimum(1.0, np.abs(progress[:, None] - progress[None, :]) * 2)
    common = np.minimum(1.0, shared / 10)
    weights = 1 + (400 * zones + 300 * similar + 200 * mix + 100 * common).astype(np.int64)
    scores = np.where(ok, weights, -1)
    keep = min(CANDIDATES, n - 1)
    # equal weights are ranked by a seeded draw, so candidates spread over everyone
    ranking = scores + np.random.default_rng(seed).random((n, n))
    best = np.argpartition(-ranking, keep - 1, axis=1)[:, :keep]
    edges: dict[tuple[int, int], int] = {}
    for i in range(n):
        for j in best[i]:
            if scores[i, j] > 0:
                edges[(min(i, int(j)), max(i, int(j)))] = int(scores[i, j])
    graph.add_edges_from([(i, j, w) for (i, j), w in sorted(edges.items())])
    return graph


def match(people: list[Candidate], recent: set[frozenset[int]], seed: int = 0) -> Pairing:
    """Pairs for everyone who can be paired; deterministic for the same inputs and seed."""
    order = sorted(people, key=lambda p: p.user_id)
    random.Random(seed).shuffle(order)
    graph = build_graph(order, recent, seed)
    pairs = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=lambda w: w)
    result = Pairing()
    paired: set[int] = set()
    for i, j in sorted(tuple(sorted(p)) for p in pairs):
        result.groups.append((order[i].user_id, order[j].user_id))
        paired |= {i, j}
    single = [i for i in range(len(order)) if i not in paired]
    for i in single:
        home = _trio_for(order, i, result, recent)
        if home is not None and not any(len(g) == 3 for g in result.groups):
            result.groups[home] = (*result.groups[home], order[i].user_id)
        else:
            result.alone.append(order[i].user_id)
    return result


def _trio_for(
    order: list[Candidate], i: int, result: Pairing, recent: set[frozenset[int]]
) -> int | None:
    """The pair the odd one out fits best with (compatible with both), if any."""
    by_id = {p.user_id: p for p in order}
    best, best_weight = None, -1
    for index, group in enumerate(result.groups):
        if len(group) != 2:
            continue
        a, b = by_id[group[0]], by_id[group[1]]
        if compatible(order[i], a, recent) and compatible(order[i], b, recent):
            w = weight(order[i], a) + weight(order[i], b)
            if w > best_weight:
                best, best_weight = index, w
    return best
