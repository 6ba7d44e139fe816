"""Writes synthetic cohort traces and their expected outcomes (python -m tests.traces.generate).

Each learner follows a profile: steady learners with normal ups and downs, lurkers, weekend
learners, late joiners, and one learner per dropout rule. For the at-risk ones the sidecar
file says when their rule's condition first holds; the evaluator checks the prompts.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
WEEKS = 8


class Cohort:
    def __init__(self, name: str, tz: str, kickoff: date, seed: int, break_week: int | None):
        self.name, self.zone, self.kickoff = name, ZoneInfo(tz), kickoff
        self.rng = random.Random(seed)
        self.events: list[tuple[datetime, dict]] = []
        self.expected: dict[str, dict] = {}
        self.steady: list[str] = []
        self.break_days = set()
        if break_week:
            first = kickoff + timedelta(days=7 * (break_week - 1))
            self.break_days = {first + timedelta(days=i) for i in range(7)}
            self.add(
                self.at(kickoff - timedelta(days=3), 10),
                type="break",
                cohort=name,
                **{
                    "from": min(self.break_days).isoformat(),
                    "to": max(self.break_days).isoformat(),
                },
            )
        self.add(
            self.at(kickoff - timedelta(days=7), 8),
            type="cohort",
            cohort=name,
            tz=tz,
            kickoff=self.at(kickoff, 9).isoformat(),
            ends=self.at(kickoff + timedelta(days=7 * WEEKS), 18).isoformat(),
        )
        for n in (2, 4, 6):
            self.add(
                self.at(kickoff - timedelta(days=6), 9),
                type="checkpoint",
                cohort=name,
                name=f"Devoir {n // 2}",
                due=self.at(kickoff + timedelta(days=7 * n - 3), 18).isoformat(),
            )

    def at(self, day: date, hour: float) -> datetime:
        return datetime.combine(day, time(int(hour), int(hour % 1 * 60)), tzinfo=self.zone)

    def add(self, when: datetime, **event) -> None:
        self.events.append((when, {"at": when.isoformat(), **event}))

    def day(self, n: int) -> date:
        return self.kickoff + timedelta(days=n)

    # behaviours ------------------------------------------------------------------------

    def learner(
        self,
        who: str,
        *,
        join_day: int = -5,
        start: bool = True,
        rate=lambda day: 2.0,
        pulse=lambda week: (6, 6, 5, 3, 5, 6),
        answers=lambda week: True,
        checkpoints=True,
        peers: bool = True,
        start_day: int = 0,
        goal_drop: int | None = None,
        peer_every: int | None = None,
    ) -> None:
        rng = self.rng
        self.add(
            self.at(self.day(join_day), 10 + rng.random()),
            type="join",
            learner=who,
            cohort=self.name,
        )
        if start:
            self.add(
                self.at(self.day(max(start_day, join_day)), 9.5 + rng.random()),
                type="start",
                learner=who,
            )
        for n in range(max(join_day + 1, 0), 7 * WEEKS):
            day = self.day(n)
            if day in self.break_days:
                continue
            if peer_every and n % peer_every == 0:
                self.add(
                    self.at(day, 19 + rng.random()),
                    type="message",
                    learner=who,
                    where="help",
                    to=f"{self.name}-steady{rng.randrange(18)}",
                )
            count = rate(n)
            messages = int(count) + (1 if rng.random() < count % 1 else 0)
            for _ in range(messages):
                hour = 8 + rng.random() * 13
                where = "cohort" if rng.random() < 0.7 else "help"
                event = {"type": "message", "learner": who, "where": where}
                if peers and rng.random() < 0.4:
                    event["to"] = f"{self.name}-steady{rng.randrange(18)}"
                self.add(self.at(day, hour), **event)
        for week in range(1, WEEKS + 1):
            friday = self.day(7 * (week - 1) + 4)
            if friday in self.break_days or not answers(week) or 7 * (week - 1) + 4 < join_day:
                continue
            values = pulse(week)
            self.add(
                self.at(friday + timedelta(days=rng.choice([0, 0, 1])), 12 + rng.random()),
                type="pulse",
                learner=who,
                answers={f"P{i + 1}": v for i, v in enumerate(values)},
            )
        if checkpoints:
            for n in (1, 2, 3):
                due = self.day(7 * 2 * n - 3)
                if checkpoints is True or n in checkpoints:
                    self.add(
                        self.at(due - timedelta(days=1), 20),
                        type="checkpoint_done",
                        learner=who,
                        name=f"Devoir {n}",
                    )
        if goal_drop is not None:
            self.goal_drop = (who, goal_drop)

    def noisy(self, base: float):
        rng = random.Random(self.rng.random())
        return lambda day: max(0.0, base * (0.6 + 0.8 * rng.random()))

    def expect(
        self, who: str, form: str, when: datetime, rule: str, onset: datetime | None = None
    ) -> None:
        """`when` the rule's condition holds for sure; `onset` when the trouble began, if an
        alert before `when` is already right (the day before `when` otherwise)."""
        self.expected[who] = {"form": form, "from": when.isoformat(), "rule": rule}
        if onset is not None:
            self.expected[who]["onset"] = onset.isoformat()


def ups_and_downs(seed: int):
    """Normal ups and downs: a week a bit better or a bit worse, never a fall."""
    r = random.Random(seed)
    usual = [(6, 5, 5, 3, 5, 6), (7, 6, 6, 2, 6, 7), (5, 6, 5, 4, 5, 6)]
    return lambda week: (6, 6, 5, 3, 5, 6) if r.random() < 0.6 else r.choice(usual)


def build(name: str, tz: str, kickoff: date, seed: int, break_week: int | None) -> Cohort:
    c = Cohort(name, tz, kickoff, seed, break_week)
    rng = c.rng
    for i in range(18):  # steady learners, normal ups and downs
        who = f"{name}-steady{i}"
        c.learner(who, rate=c.noisy(rng.uniform(1.5, 4)), pulse=ups_and_downs(i))
        c.steady.append(who)
    for i in range(4):  # lurkers: low but regular
        who = f"{name}-lurker{i}"  # reads, reacts, answers a peer now and then
        c.learner(who, rate=lambda day: 0.5, peers=False, peer_every=5)
        c.steady.append(who)
    for i in range(3):  # weekend learners
        who = f"{name}-weekend{i}"
        c.learner(
            who,
            rate=lambda day, k=c.kickoff: 4.0 if (k + timedelta(days=day)).weekday() >= 5 else 0.0,
        )
        c.steady.append(who)
    who = f"{name}-late"
    c.learner(who, join_day=9, start_day=10, rate=c.noisy(2.5))
    c.steady.append(who)

    who = f"{name}-nonstarter"  # S1: enrolled before the kick-off, never seen: three days
    c.learner(who, start=False, rate=lambda day: 0.0, answers=lambda w: False, checkpoints=False)
    c.expect(who, "non-demarreur", c.at(c.day(3), 9), "S1")

    who = f"{name}-silent"  # S2: normal for 3 weeks, then nothing at all
    c.learner(
        who, rate=lambda day: 3.0 if day < 21 else 0.0, answers=lambda w: w <= 3, checkpoints=[1]
    )
    # silent from day 21, so Devoir 2 (due day 25) is not handed in: S4 comes first, S2 after
    c.expect(who, "decouragement", c.at(c.day(25), 18), "S4", onset=c.at(c.day(11), 18))

    # a break in weeks 4-6 delays the rules that count weeks: the break week does not count
    shift = 7 if break_week and 4 <= break_week <= 6 else 0
    # S3: normal for 3 weeks, then an eighth of it, and Devoirs 2 and 3 (due days 25 and 39)
    # not handed in; a fall in pace alone opens no case (on real learners it flags nearly
    # everyone who passes), nor does one deadline missed by a learner still at work
    who = f"{name}-fading"
    c.learner(
        who, rate=lambda day: 4.0 if day < 21 else 0.5, answers=lambda w: True, checkpoints=[1]
    )
    c.expect(who, "decouragement", c.at(c.day(39), 18), "S4", onset=c.at(c.day(21), 0))

    who = f"{name}-misser"  # S4: misses the first two checkpoints while still at work
    c.learner(who, rate=c.noisy(2.5), checkpoints=[3])
    c.expect(who, "decouragement", c.at(c.day(25), 18), "S4", onset=c.at(c.day(11), 18))

    who = f"{name}-alone"  # S5: low P5 from week 2
    c.learner(
        who,
        rate=c.noisy(2.0),
        peers=False,
        pulse=lambda week: (6, 6, 5, 3, 2 if week >= 2 else 5, 6),
    )
    c.expect(who, "isolement", c.at(c.day(7 + 4), 12), "S5")

    who = f"{name}-meaning"  # S6: P1 and P2 fall in week 4
    c.learner(
        who,
        rate=c.noisy(2.5),
        pulse=lambda week: (2, 2, 5, 3, 5, 6) if week >= 4 else (6, 6, 5, 3, 5, 6),
    )
    c.expect(who, "perte-de-sens", c.at(c.day(21 + 4), 12), "S6")

    who = f"{name}-quiet"  # S7: answered weeks 1-3, then stops answering
    c.learner(who, rate=c.noisy(2.5), answers=lambda w: w <= 3)
    c.expect(who, "decouragement", c.at(c.day(35 + shift), 0), "S7")
    return c


def write(cohorts: list[Cohort], path: Path) -> None:
    events = sorted((e for c in cohorts for e in c.events), key=lambda x: x[0])
    end = max(c.kickoff for c in cohorts) + timedelta(days=7 * WEEKS + 1)
    lines = [json.dumps(e, ensure_ascii=False) for _, e in events]
    last = max(when for when, _ in events)
    final = max(
        last + timedelta(minutes=1), datetime.combine(end, time(12), tzinfo=cohorts[0].zone)
    )
    lines.append(json.dumps({"at": final.isoformat(), "type": "end"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = {
        "at_risk": {k: v for c in cohorts for k, v in c.expected.items()},
        "steady": [w for c in cohorts for w in c.steady],
    }
    path.with_suffix(".expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main() -> None:
    write([build("paris", "Europe/Paris", date(2027, 1, 11), 1, None)], HERE / "cohort_paris.jsonl")
    write(
        [
            build("lyon", "Europe/Paris", date(2027, 3, 1), 2, 5),
            build("mtl", "America/Montreal", date(2027, 3, 1), 3, None),
        ],
        HERE / "cohorts_breaks_zones.jsonl",
    )


if __name__ == "__main__":
    main()
