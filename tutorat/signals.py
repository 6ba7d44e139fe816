"""The early-warning rules: pure functions of one learner's history and `now`.

Each rule returns signals with plain-French reasons. Activity means what the bot can see
(messages, replies and mentions, reactions, voice, clicks and commands), counted per day.
A learner is judged against their own usual pace; breaks do not count as inactivity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from tutorat.pulse import dimensions

NON_STARTER, DISCOURAGED, MEANING, ISOLATED = (
    "non-demarreur", "decouragement", "perte-de-sens", "isolement")  # fmt: skip
ITEM_FORMS = {"P1": MEANING, "P2": MEANING, "P3": DISCOURAGED, "P4": DISCOURAGED,
              "P5": ISOLATED, "P6": DISCOURAGED}  # fmt: skip
DIMENSION_FORMS = {"sens": MEANING, "courage": DISCOURAGED, "intention": DISCOURAGED,
                   "lien": ISOLATED}  # fmt: skip
DIMENSION_NAMES = {"sens": "Sens", "courage": "Courage", "intention": "Intention",
                   "lien": "Lien"}  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    not_started_days: int = 7
    silent_days: int = 7
    drop_ratio: float = 0.5
    drop_min_baseline: float = 3.0  # below this usual weekly count, a "drop" is noise
    missed_checkpoints: int = 2
    isolation_days: int = 14
    others_interacting: float = 0.25  # share of the other learners who interact with peers
    pulse_drop: float = 1.5
    item_low: int = 2
    intention_low: int = 3
    lien_low: int = 3
    missed_pulses: int = 2
    small_cohort: int = 8


@dataclass(frozen=True)
class Signal:
    code: str
    form: str
    reason: str


@dataclass
class History:
    """Everything the rules read about one learner, loaded for the whole cohort at once."""

    user_id: int
    joined: date
    started: bool
    left: bool = False
    daily: dict[date, int] = field(default_factory=dict)  # all activity per local day
    platform: dict[date, int] = field(default_factory=dict)  # of which on the course platform
    peer: dict[date, int] = field(default_factory=dict)  # interactions with peers per day
    pulses: dict[int, tuple[int, ...]] = field(default_factory=dict)  # week -> P1..P6
    checkpoints_missed: list[str] = field(
        default_factory=list
    )  # past due, not declared, last first
    goal_dropped: bool = False
    partner_silent: date | None = None  # said at a pair check-back: "no answer from my partner"


@dataclass(frozen=True)
class Context:
    """The cohort's side: calendar, breaks, weeks, and how the others behave."""

    today: date  # the local day of the scan (its own activity is not complete yet)
    kickoff: date
    open_days: frozenset[date]  # course days not in a break, up to yesterday
    closed_weeks: list[int]  # pulse weeks that have closed and had a pulse, in order
    cohort_size: int
    others_peer_share: float  # share of the other learners with peer interaction recently


def window(days: list[date], counts: dict[date, int]) -> int:
    return sum(counts.get(d, 0) for d in days)


def open_days_back(ctx: Context, count: int, skip: int = 0) -> list[date] | None:
    """The `count` open days before yesterday-`skip` (breaks skipped); None if not enough."""
    found: list[date] = []
    day = ctx.today - timedelta(days=1)
    skipped = 0
    while day >= ctx.kickoff:
        if day in ctx.open_days:
            if skipped < skip:
                skipped += 1
            else:
                found.append(day)
                if len(found) == count:
                    return found
        day -= timedelta(days=1)
    return None


def s1_not_started(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    since = max(h.joined, ctx.kickoff)
    if h.started or any(n for d, n in h.daily.items() if d >= since):
        return None
    waited = sum(1 for d in ctx.open_days if d >= since)
    if waited < t.not_started_days:
        return None
    return Signal(
        "S1", NON_STARTER, f"pas de « Je démarre » ni d'activité depuis {waited} jours de formation"
    )


def s2_silent(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    if not (h.started or h.daily):
        return None
    days = open_days_back(ctx, t.silent_days)
    if days is None or min(days) < h.joined or window(days, h.daily):
        return None
    if not any(n for d, n in h.daily.items() if d < min(days)):
        return None  # never active before: that is S1's matter
    return Signal(
        "S2",
        DISCOURAGED,
        f"aucune activité depuis {t.silent_days} jours de formation (hors pauses)",
    )


def s3_drop(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    weeks = [open_days_back(ctx, 7, skip=7 * i) for i in range(5)]
    if any(w is None or min(w) < h.joined for w in weeks):
        return None  # 3 weeks of history before the two weeks judged are needed
    counts = [window(w, h.daily) for w in weeks]
    usual = median(counts[2:5])
    if usual < t.drop_min_baseline:
        return None
    if counts[0] < t.drop_ratio * usual and counts[1] < t.drop_ratio * usual:
        return Signal(
            "S3",
            DISCOURAGED,
            f"{counts[0]} actions cette semaine et {counts[1]} la précédente, "
            f"contre {usual:g} d'habitude",
        )
    return None


def s4_checkpoints(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    if len(h.checkpoints_missed) < t.missed_checkpoints:
        return None
    names = ", ".join(f"« {n} »" for n in reversed(h.checkpoints_missed[: t.missed_checkpoints]))
    return Signal(
        "S4", DISCOURAGED, f"{t.missed_checkpoints} jalons de suite non déclarés : {names}"
    )


def s5_isolated(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    latest = h.pulses[max(h.pulses)] if h.pulses else None
    if latest is not None and latest[4] <= t.lien_low:
        return Signal("S5", ISOLATED, f"P5 (lien avec les pairs et le tuteur) à {latest[4]}/7")
    if h.partner_silent is not None:
        said = h.partner_silent.strftime("%d/%m")
        return Signal("S5", ISOLATED, f"son binôme ne lui répond pas (point de binôme du {said})")
    if ctx.cohort_size < t.small_cohort or ctx.others_peer_share < t.others_interacting:
        return None
    days = open_days_back(ctx, t.isolation_days)
    if days is None or min(days) < h.joined or window(days, h.peer):
        return None
    return Signal(
        "S5",
        ISOLATED,
        f"aucun échange avec les pairs depuis {t.isolation_days} jours "
        f"alors que {ctx.others_peer_share:.0%} des autres échangent",
    )


def s6_pulse(h: History, ctx: Context, t: Thresholds) -> list[Signal]:
    if not h.pulses:
        return []
    weeks = sorted(h.pulses)
    last = weeks[-1]
    if ctx.closed_weeks and last < ctx.closed_weeks[-1]:
        return []  # only the latest answer speaks (an older one was judged in its time)
    answer = h.pulses[last]
    found: dict[str, Signal] = {}
    oriented = {f"P{i + 1}": (8 - v if i == 3 else v) for i, v in enumerate(answer)}
    for item, value in oriented.items():
        if item != "P5" and value <= t.item_low:
            shown = (
                f"P4 (effort jugé excessif) à {answer[3]}/7"
                if item == "P4"
                else (f"{item} à {value}/7")
            )
            found.setdefault(ITEM_FORMS[item], Signal("S6", ITEM_FORMS[item], shown))
    if answer[5] <= t.intention_low:
        found.setdefault(
            DISCOURAGED,
            Signal("S6", DISCOURAGED, f"P6 (intention d'aller au bout) à {answer[5]}/7"),
        )
    previous = [h.pulses[w] for w in weeks[:-1]][-2:]
    if len(previous) == 2:
        now_dims = dimensions(answer)
        before = [dimensions(p) for p in previous]
        for name, value in now_dims.items():
            was = (before[0][name] + before[1][name]) / 2
            if was - value >= t.pulse_drop:
                form = DIMENSION_FORMS[name]
                found.setdefault(
                    form,
                    Signal("S6", form, f"{DIMENSION_NAMES[name]} est passé de {was:g} à {value:g}"),
                )
    return list(found.values())


def s7_no_pulse(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    closed = [w for w in ctx.closed_weeks]
    if len(closed) < t.missed_pulses + 2:
        return None
    recent, before = closed[-t.missed_pulses :], closed[: -t.missed_pulses]
    if any(w in h.pulses for w in recent):
        return None
    if sum(1 for w in before if w in h.pulses) < 2:
        return None  # did not use to answer
    return Signal(
        "S7",
        DISCOURAGED,
        f"pas de réponse au questionnaire depuis {t.missed_pulses} semaines (répondait avant)",
    )


def s8_goal(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    if h.goal_dropped:
        return Signal("S8", MEANING, "dit que son objectif de départ ne tient plus")
    return None


def evaluate(h: History, ctx: Context, t: Thresholds | None = None) -> list[Signal]:
    """Every signal of one learner today, in code order."""
    t = t or Thresholds()
    if h.left:
        return []
    found = [s1_not_started(h, ctx, t)]
    if found[0] is None:  # a non-starter is only that
        found += [
            s2_silent(h, ctx, t),
            s3_drop(h, ctx, t),
            s4_checkpoints(h, ctx, t),
            s5_isolated(h, ctx, t),
            *s6_pulse(h, ctx, t),
            s7_no_pulse(h, ctx, t),
            s8_goal(h, ctx, t),
        ]
    return [s for s in found if s is not None]


def by_form(signals: list[Signal]) -> dict[str, list[Signal]]:
    forms: dict[str, list[Signal]] = {}
    for signal in signals:
        forms.setdefault(signal.form, []).append(signal)
    return forms


def week_counts(h: History, today: date, weeks: int = 4) -> list[int]:
    """Activity in each of the last `weeks` 7-day periods, oldest first (for the prompt)."""
    counts = []
    for i in reversed(range(weeks)):
        end = today - timedelta(days=7 * i)
        counts.append(sum(n for d, n in h.daily.items() if end - timedelta(days=7) <= d < end))
    return counts


def at_day(now: datetime, zone) -> date:
    return now.astimezone(zone).date()
