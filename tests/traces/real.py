"""make evaluate on real learners: an OULAD presentation replayed through the bot's rules,
scored beside plain baselines computed from the same data in the same run.

Data: Kuzilek J., Hlosta M., Zdrahal Z. (2017). Open University Learning Analytics dataset.
Scientific Data 4, 170171. doi:10.1038/sdata.2017.171. Licence CC BY 4.0.
"""

from __future__ import annotations

import re
import tempfile
import time
from datetime import datetime
from pathlib import Path
from statistics import median

from tests.traces.oulad import PASSED, Presentation, load, save
from tests.traces.run import prompts_of

AHEAD = 7  # a withdrawal is caught when a case opened at least this many days before it
ANY = "any sign (ceiling)"  # a reference row, not one of the plain baselines of the targets
REFERENCE = "learned reference"  # tests/traces/reference.py: neither rules nor a baseline
NOT_BASELINES = ("rules", ANY, REFERENCE)
ROOT = Path(__file__).resolve().parents[2]


def uncapped_config(folder: Path) -> Path:
    """config.toml without the weekly cap of new cases: an OULAD trace gives every learner of
    a presentation to one tutor, where a team would share them; the cap is judged apart."""
    found = re.sub(
        r"^weekly_cap = \d+",
        "weekly_cap = 0",
        (ROOT / "config.toml").read_text(encoding="utf-8"),
        flags=re.M,
    )
    path = folder / "config.toml"
    path.write_text(found, encoding="utf-8")
    return path


def replay(p: Presentation) -> tuple[list[dict], float]:
    """The prompts of the presentation's replay through `bot.py replay`, and its duration."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{p.name}.jsonl"
        save(p, path)
        config = uncapped_config(Path(folder))
        started = time.perf_counter()
        prompts = prompts_of(path, config=config)
        took = time.perf_counter() - started
    return prompts, took


def rule_cases(p: Presentation, prompts: list[dict]) -> list[tuple[str, int]]:
    """(student, course day) of every case the rules opened."""
    return [
        (x["learner"], (datetime.fromisoformat(x["at"]).date() - p.kickoff).days)
        for x in prompts
        if x["kind"] == "new"
    ]


def ends(p: Presentation, s) -> int:
    """The first day a student is no longer followed: withdrawn, or the presentation over."""
    return min(p.length + 1, s.withdrew if s.withdrew is not None else p.length + 1)


def baseline_cases(p: Presentation, rule: str, days: int = 0) -> list[tuple[str, int]]:
    """A plain rule's cases for enrolled students, under the rules' own case policy in these
    replays (a case stays open, since no tutor acts in them: one case per student): `inactive`,
    on the first day `days` days have passed without activity; `missed`, on the first day an
    assessment stands unsubmitted 7 days after its due day; `any`, on the first day of either
    of those (7 days) or of a late submission: every sign these data show, the most any rule
    reading them could catch."""
    if rule == "any":
        first: dict[str, int] = {}
        late = [(s.id, day) for s in p.students.values() for a, _, due in p.checkpoints
                if due < (day := s.submitted.get(a, -1)) < ends(p, s)]  # fmt: skip
        for who, day in baseline_cases(p, "inactive", 7) + baseline_cases(p, "missed") + late:
            first[who] = min(day, first.get(who, day))
        return list(first.items())
    cases = []
    for s in p.students.values():
        end = ends(p, s)
        if rule == "missed":
            late = [due + 7 for a, _, due in p.checkpoints
                    if due + 7 < end and s.submitted.get(a, p.length + 1) > due + 7]  # fmt: skip
            cases += [(s.id, min(late))] if late else []
            continue
        quiet = 0
        for day in range(1, end):
            quiet = 0 if s.clicks.get(day - 1) else quiet + 1
            if quiet == days:
                cases.append((s.id, day))
                break
    return cases


def figures(p: Presentation, cases: list[tuple[str, int]]) -> dict:
    students = {k: s for k, s in p.students.items() if s.withdrew is None or s.withdrew > 0}
    first: dict[str, int] = {}
    for who, day in cases:
        first[who] = min(day, first.get(who, day))
    withdrew = [s for s in students.values() if s.withdrew is not None]
    caught = [s for s in withdrew if s.id in first and first[s.id] <= s.withdrew - AHEAD]
    passed = [s for s in students.values() if s.result in PASSED]
    failed = [s for s in students.values() if s.result == "Fail"]
    at_risk = {s.id for s in withdrew} | {s.id for s in failed}
    weeks = p.length / 7
    return {
        "withdrawals": len(withdrew),
        "caught": len(caught),
        "caught_share": round(len(caught) / max(1, len(withdrew)), 3),
        "median_lead_days": median([s.withdrew - first[s.id] for s in caught]) if caught else None,
        "passed_flagged": round(sum(s.id in first for s in passed) / max(1, len(passed)), 3),
        "failed_flagged": round(sum(s.id in first for s in failed) / max(1, len(failed)), 3),
        "cases": len(cases),
        "precision": round(sum(w in at_risk for w, _ in cases) / max(1, len(cases)), 3),
        "cases_per_100_per_week": round(len(cases) / (len(students) / 100) / weeks, 2),
        "leads": [s.withdrew - first[s.id] for s in caught],
    }


def score(folder: Path, learned: bool = True) -> dict:
    from tests.traces.reference import frontier, reference

    p = load(folder)
    prompts, took = replay(p)
    rows = {"rules": figures(p, rule_cases(p, prompts))}
    for days in (7, 14, 21, 28):
        rows[f"inactive {days} d"] = figures(p, baseline_cases(p, "inactive", days))
    rows["missed by 7 d"] = figures(p, baseline_cases(p, "missed"))
    rows[ANY] = figures(p, baseline_cases(p, "any"))
    curve = frontier(p) if learned else []
    if curve:
        rows[REFERENCE] = reference(curve)
    weekly_cases = [0] * (p.length // 7 + 1)
    for _, day in rule_cases(p, prompts):
        weekly_cases[max(0, day) // 7] += 1
    weekly_withdrawals = [0] * (p.length // 7 + 1)
    for s in p.students.values():
        if s.withdrew is not None and 0 < s.withdrew <= p.length:
            weekly_withdrawals[s.withdrew // 7] += 1
    return {
        "presentation": p.name,
        "learners": len(p.students),
        "replay_seconds": round(took, 1),
        "rows": rows,
        "weekly_cases": weekly_cases,
        "weekly_withdrawals": weekly_withdrawals,
        "frontier": [(f["passed_flagged"], f["caught_share"]) for f in curve],
    }


def table(result: dict) -> str:
    head = (
        "| rule | withdrawals caught ≥ 7 d ahead | median lead (d) | Pass/Distinction flagged "
        "| Fail flagged | case precision | cases / 100 learners / week |\n"
        "| --- | --- | --- | --- | --- | --- | --- |"
    )
    lines = [head]
    for name, r in result["rows"].items():
        lines.append(
            f"| {name} | {r['caught_share']:.0%} ({r['caught']}/{r['withdrawals']}) | "
            f"{r['median_lead_days']} | {r['passed_flagged']:.0%} | {r['failed_flagged']:.0%} | "
            f"{r['precision']:.0%} | {r['cases_per_100_per_week']} |"
        )
    return "\n".join(lines)


NEAR = 0.05  # the rules catch withdrawals within this of the learned reference
TARGETS = {
    "caught_share": (
        NEAR,
        "withdrawals caught ≥ 7 days ahead within 5 points of the learned reference",
    ),
    "passed_flagged": (0.30, "≤ 30 % of learners who pass ever flagged"),
}
PRECISION = "case precision above every plain baseline"


def verdicts(result: dict) -> list[tuple[bool, str]]:
    rows = result["rows"]
    rules = rows["rules"]
    baselines = [r for name, r in rows.items() if name not in NOT_BASELINES]
    best = max(r["precision"] for r in baselines)
    learned = rows.get(REFERENCE)
    near = learned is not None and rules["caught_share"] >= learned["caught_share"] - NEAR
    said = f" ({learned['caught_share']:.0%})" if learned else " (no reference)"
    return [
        (near, TARGETS["caught_share"][1] + said),
        (rules["passed_flagged"] <= TARGETS["passed_flagged"][0], TARGETS["passed_flagged"][1]),
        (rules["precision"] > best, f"{PRECISION} ({best:.0%})"),
    ]


def summary(results: list[dict]) -> str:
    """One line a presentation, then how many presentations meet each target: how the rules
    hold on courses they were not tuned on."""
    lines = [
        "| presentation | learners | withdrew | rules: caught ≥ 7 d ahead | passers flagged "
        "| precision | best plain baseline's precision | learned reference* |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    met = [0, 0, 0]
    for result in results:
        rules = result["rows"]["rules"]
        rows = result["rows"]
        best = max(r["precision"] for n, r in rows.items() if n not in NOT_BASELINES)
        share = rules["withdrawals"] / max(1, result["learners"])
        learned = rows.get(REFERENCE)
        learned = f"{learned['caught_share']:.0%}" if learned else "—"
        lines.append(
            f"| {result['presentation']} | {result['learners']} | {share:.0%} | "
            f"{rules['caught_share']:.0%} | {rules['passed_flagged']:.0%} | "
            f"{rules['precision']:.0%} | {best:.0%} | {learned} |"
        )
        met = [m + ok for m, (ok, _) in zip(met, verdicts(result), strict=True)]
    names = [TARGETS["caught_share"][1], TARGETS["passed_flagged"][1], PRECISION]
    lines.append(
        "* a logistic regression on the presentation's daily causal features, cross-validated by"
        " learner: the withdrawals it catches ≥ 7 days ahead with ≤ 30 % of passers flagged"
    )
    lines += [f"met on {m} of {len(results)}: {name}" for m, name in zip(met, names, strict=True)]
    return "\n".join(lines)


def chart(result: dict, path: Path) -> None:
    """Cases opened and withdrawals per course week; lead times of the withdrawals caught."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 3.6), dpi=100)
    weekly, leads = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    weeks = range(1, len(result["weekly_cases"]) + 1)
    weekly.bar(weeks, result["weekly_cases"], color="#4c72b0", label="cas ouverts")
    weekly.plot(weeks, result["weekly_withdrawals"], color="#c44e52", marker=".",
                label="abandons")  # fmt: skip
    weekly.set_xlabel("semaine de cours")
    weekly.set_title(f"{result['presentation']} : cas et abandons par semaine")
    weekly.legend()
    lead = result["rows"]["rules"]["leads"]
    leads.hist(lead, bins=range(0, max(lead + [7]) + 8, 7), color="#55a868")
    leads.set_xlabel("jours entre le premier cas et l'abandon")
    leads.set_title("avance des alertes (abandons repérés)")
    fig.text(0.01, 0.01, "Données : OULAD, Kuzilek et al. 2017, CC BY 4.0", fontsize=7)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")


def frontier_chart(result: dict, path: Path) -> None:
    """Withdrawals caught ≥ 7 days ahead against passers flagged: the learned reference's
    curve, the rules' point, the plain baselines'."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.6), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    if result["frontier"]:
        xs, ys = zip(*sorted(result["frontier"]), strict=True)
        ax.plot([100 * x for x in xs], [100 * y for y in ys], color="#8172b3",
                label="référence apprise (régression logistique, validation croisée)")  # fmt: skip
    for name, r in result["rows"].items():
        if name in ("rules", REFERENCE):
            continue
        ax.scatter(100 * r["passed_flagged"], 100 * r["caught_share"], color="#999999", s=25)
        ax.annotate(name, (100 * r["passed_flagged"], 100 * r["caught_share"]), fontsize=7,
                    xytext=(4, -3), textcoords="offset points")  # fmt: skip
    rules = result["rows"]["rules"]
    ax.scatter(100 * rules["passed_flagged"], 100 * rules["caught_share"], color="#c44e52", s=80,
               marker="*", label="tutorat", zorder=3)  # fmt: skip
    ax.axvline(30, color="#dddddd", linestyle="--", zorder=0)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("réussites alertées (%)")
    ax.set_ylabel("abandons repérés ≥ 7 jours avant (%)")
    ax.set_title(f"{result['presentation']} : repérer sans trop alerter")
    ax.legend(loc="lower right", fontsize=7)
    fig.text(0.01, 0.01, "Données : OULAD, Kuzilek et al. 2017, CC BY 4.0", fontsize=7)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")


def presentations(data: Path) -> list[Path]:
    """Every OULAD presentation folder under `data` (one with a studentInfo.csv)."""
    return sorted(p.parent for p in data.glob("*/studentInfo.csv"))
