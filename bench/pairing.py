"""Pairing: building the constraint graph and solving it with rustworkx, against networkx's
pure-Python solver on the same graph; and how the time grows from 250 to 2 000 learners."""

from __future__ import annotations

import random
import time

import networkx as nx

from tutorat.matching import Candidate, build_graph, match, parse_slots

SLOTS = ["lun 18-21", "mar 12-14", "mer 18-22", "jeu 19-21", "ven 17-19", "sam 9-12",
         "dim 14-18"]  # fmt: skip


def cohort(size: int, seed: int = 5) -> tuple[list[Candidate], set]:
    rng = random.Random(seed)
    people = []
    for user_id in range(size):
        offset = rng.choice([1, 1, 1, 0, -5])
        slots = parse_slots(", ".join(rng.sample(SLOTS, 3)), offset)
        languages = frozenset(rng.sample(["fr", "fr", "fr", "en", "es"], rng.choice([1, 2])))
        people.append(Candidate(user_id, languages, offset, slots, rng.randint(2, 8), rng.random()))
    recent = {frozenset(rng.sample(range(size), 2)) for _ in range(size // 2)}
    return people, recent


def timed(size: int) -> dict:
    people, recent = cohort(size)
    began = time.perf_counter()
    result = match(people, recent, seed=1)  # graph construction included
    ours = time.perf_counter() - began
    graph = build_graph(sorted(people, key=lambda p: p.user_id), recent)
    check = nx.Graph()
    check.add_weighted_edges_from(graph.weighted_edge_list())
    began = time.perf_counter()
    nx.max_weight_matching(check, maxcardinality=True)
    theirs = time.perf_counter() - began
    return {
        "learners": size,
        "edges": graph.num_edges(),
        "seconds": round(ours, 3),
        "networkx_seconds": round(theirs, 2),
        "ratio_vs_networkx": round(theirs / ours, 1),
        "groups": len(result.groups),
        "alone": len(result.alone),
    }


def run(sizes=(250, 500, 1000, 2000)) -> dict:
    results = [timed(n) for n in sizes]
    return {"sizes": results, "growth": round(results[-1]["seconds"] / results[0]["seconds"], 1)}
