"""Where the rules' cases come from, on a real presentation or its "first 132 days" copy:
`python -m tests.traces.breakdown [--first-days N] [NAME…]` replays each presentation once
and prints its figures beside the best plain baseline, then its cases by S1 kind (seen before
the kick-off or not), by signs and by course week: count, precision, false cases, and the
withdrawals that case alone catches ≥ 7 days ahead.

Data: Kuzilek J., Hlosta M., Zdrahal Z. (2017). Open University Learning Analytics dataset.
Scientific Data 4, 170171. doi:10.1038/sdata.2017.171. Licence CC BY 4.0.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import datetime

from tests.traces.evaluate import DATA
from tests.traces.oulad import Presentation, load
from tests.traces.real import AHEAD, baseline_cases, figures, presentations, replay, rule_cases
from tests.traces.variants import first_days


def kind(prompt: dict) -> str:
    """An S1 case's kind, from its reasons; "later" for any other case."""
    if "S1" not in prompt["signals"]:
        return "later"
    said = " ".join(prompt["reasons"])
    if "avant le lancement non plus" in said:
        return "S1 unseen before"
    return "S1 seen before" if "avant le démarrage" in said else "S1"


def breakdown(p: Presentation, prompts: list[dict]) -> list[str]:
    new = [x for x in prompts if x["kind"] == "new"]
    days = [(datetime.fromisoformat(x["at"]).date() - p.kickoff).days for x in new]
    students = p.students

    def bad(who: str) -> bool:
        return students[who].withdrew is not None or students[who].result == "Fail"

    def alone(i: int) -> bool:  # the only case that catches this withdrawal ≥ 7 days ahead
        gone = students[new[i]["learner"]].withdrew
        ahead = [j for j, x in enumerate(new) if x["learner"] == new[i]["learner"]
                 and gone is not None and days[j] <= gone - AHEAD]  # fmt: skip
        return ahead == [i]

    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for i, x in enumerate(new):
        keys = [("kind", kind(x)), ("signs", "+".join(sorted(x["signals"])))]
        keys.append(("week", f"{max(0, days[i]) // 7:02d}"))
        for key in keys:
            g = groups[key]
            g[0], g[1], g[2] = g[0] + 1, g[1] + bad(x["learner"]), g[2] + alone(i)
    return [
        f"  {by:5} {name:26} {n:5} cases · precision {right / n:.1%} · false {n - right}"
        f" · catches alone {caught}"
        for (by, name), (n, right, caught) in sorted(groups.items())
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first-days", type=int, default=0)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    for folder in presentations(DATA):
        if args.names and folder.name not in args.names:
            continue
        p = load(folder)
        if args.first_days:
            p = first_days(p, args.first_days)
        prompts = replay(p)[0]
        rules = figures(p, rule_cases(p, prompts))
        plain = {f"inactive {d} d": baseline_cases(p, "inactive", d) for d in (7, 14, 21, 28)}
        plain["missed by 7 d"] = baseline_cases(p, "missed")
        best = max(plain, key=lambda name: figures(p, plain[name])["precision"])
        print(
            f"{p.name}{f' (first {args.first_days} days)' if args.first_days else ''}: caught "
            f"{rules['caught_share']:.1%} ({rules['caught']}/{rules['withdrawals']}) · passers "
            f"flagged {rules['passed_flagged']:.1%} · precision {rules['precision']:.1%}; best "
            f"plain baseline {best} {figures(p, plain[best])['precision']:.1%}"
        )
        print("\n".join(breakdown(p, prompts)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
