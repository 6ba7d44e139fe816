"""The early-warning rules: pure functions of one learner's history, the cohort's rhythm and
`now`.

Activity means what the bot can see, on Discord (messages, replies and mentions, reactions,
voice, clicks and commands) and on the course platform (what the platform reports), counted per
day. Three principles, learned from real learners (OULAD, Kuzilek et al. 2017) as much as from
the method:
- a learner is judged against the cohort the same days: a lull everyone shares (after a
  deadline, a holiday) is no signal, and a silence is long only if it is longer than the
  cohort's learners usually stay away;
- a learner is judged against their own usual pace (Wolff et al. 2013); breaks do not count;
- a missed deadline that most of the cohort met is the strongest early sign; the signs that
  activity alone gives (a silence, a drop) are weak: they open a case only with another sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from statistics import median

from tutorat.pulse import dimensions
from tutorat.texts import Key, Phrase, Share, text
from tutorat.warning.grid import Grid

NON_STARTER, DISCOURAGED, MEANING, ISOLATED = (
    "non-demarreur", "decouragement", "perte-de-sens", "isolement")  # fmt: skip
ITEM_FORMS = {"P1": MEANING, "P2": MEANING, "P3": DISCOURAGED, "P4": DISCOURAGED,
              "P5": ISOLATED, "P6": DISCOURAGED}  # fmt: skip
DIMENSION_FORMS = {"sens": MEANING, "courage": DISCOURAGED, "intention": DISCOURAGED,
                   "lien": ISOLATED}  # fmt: skip
DIMENSION_NAMES = {"sens": Key("pulse.dim_sens"), "courage": Key("pulse.dim_courage"),
                   "intention": Key("pulse.dim_intention"), "lien": Key("pulse.dim_lien")}  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    not_started_days: int = 7
    unseen_days: int = 3  # ... for one enrolled before the kick-off, seen neither then nor since
    silent_days: int = 7  # the shortest silence that counts, however the cohort behaves
    usual_silence: float = 0.9  # a silence counts past what 90 % of the cohort's learners did
    absent_days: int = 70  # an absence this long is told alone, whatever the cohort does
    alone_days: int = 21  # ... and this long where nothing can be read beside it
    drop_ratio: float = 0.5
    drop_min_baseline: float = 3.0  # below this usual weekly count, a "drop" is noise
    quiet_day: float = 0.5  # a day with fewer active learners than this share of a busy day
    declared_share: float = 0.85  # a checkpoint is missed once this share of the cohort met it
    grace_days: int = 7  # ... or this many days after its due date, if half the cohort met it
    late_days: int = 28  # a late or missed deadline is remembered this long
    working_grace: int = 3  # a deadline missed by a learner at work counts a quarter this long
    record: int = 5  # graded deadlines met, after which one due day missed is a slip (S4)
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
    """A sign and its reason, in clauses kept as messages: said in each tutor's language."""

    code: str
    form: str
    parts: tuple[Phrase, ...]

    def said(self, locale: str | None = "fr") -> str:
        return text("signal.and", locale).join(part.said(locale) for part in self.parts)

    @property
    def reason(self) -> str:
        """The reason in French, the source language."""
        return self.said("fr")


def sign(code: str, form: str, *parts: Phrase | None) -> Signal:
    return Signal(code, form, tuple(p for p in parts if p is not None))


@dataclass(frozen=True)
class Deadline:
    """A checkpoint past its due day, as one learner stands with it."""

    name: str
    due: date
    done: date | None  # the local day it was declared (or submitted on the platform)
    weight: float | None = None  # its share of the course's mark (0: formative; None: unknown)


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
    deadlines: list[Deadline] = field(default_factory=list)  # past due, in due order
    goal_dropped: bool = False
    partner_silent: date | None = None  # said at a pair check-back: "no answer from my partner"
    checkpoints_done: int = 0
    last_before: date | None = None  # the last active day before the days in `daily`
    enrolled_before: bool = False  # in the cohort before the kick-off: could look at it early


@dataclass(frozen=True)
class Context:
    """The cohort's side: calendar, breaks, weeks, and how the others behave."""

    today: date  # the local day of the scan (its own activity is not complete yet)
    kickoff: date
    open_days: frozenset[date]  # course days not in a break, up to yesterday
    closed_weeks: list[int]  # pulse weeks that have closed and had a pulse, in order
    cohort_size: int
    others_peer_share: float  # share of the other learners with peer interaction recently
    usual_silence: int = 0  # open days the cohort's learners usually stay away, at most
    usual_platform_silence: int = 0  # the same, from the course platform alone
    platform_seen: bool = False  # the cohort's platform activity reaches the bot
    cohort_pace: float = 1.0  # the cohort's median of "two last weeks / usual" (S3)
    quiet_days: frozenset[date] = frozenset()  # open days the cohort itself was away
    platform_quiet_days: frozenset[date] = frozenset()  # the same, on the course platform
    started: int | None = None  # how many of the cohort's learners have started (None: unknown)
    declared: dict[str, float] = field(default_factory=dict)  # checkpoint -> share met
    usual_active: float = 0.0  # the median share of recent course days the learners were active
    usual_weight: float | None = None  # the median weight of the graded deadlines past (if said)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what a scan computed

    @cached_property
    def back(self) -> tuple[date, ...]:
        """The open days before today, latest first."""
        return tuple(sorted((d for d in self.open_days if d < self.today), reverse=True))

    @cached_property
    def ordered(self) -> tuple[date, ...]:
        """The open days, earliest first."""
        return tuple(reversed(self.back))

    def quiet(self, platform: bool = False) -> frozenset[date]:
        """The days the cohort itself was away, from everything or from the course platform."""
        return self.platform_quiet_days if platform else self.quiet_days

    def counted(self, platform: bool = False) -> tuple[date, ...]:
        """The open days a learner's silence counts, earliest first: not the days the cohort
        itself was away."""
        key = ("counted", self.today, self.quiet(platform))
        if key not in self.memo:
            self.memo[key] = tuple(d for d in self.ordered if d not in self.quiet(platform))
        return self.memo[key]

    def weeks(self) -> list[list[date] | None]:
        """The five last weeks of open days, latest first (None where there are not enough)."""
        key = ("weeks", self.today)
        if key not in self.memo:
            self.memo[key] = [open_days_back(self, 7, skip=7 * i) for i in range(5)]
        return self.memo[key]


def window(days: Sequence[date], counts: dict[date, int]) -> int:
    return sum(counts.get(d, 0) for d in days)


def open_days_back(ctx: Context, count: int, skip: int = 0) -> list[date] | None:
    """The `count` open days before yesterday-`skip` (breaks skipped); None if not enough."""
    found = [d for d in ctx.back[skip : skip + count] if d >= ctx.kickoff]
    return found if len(found) == count else None


def where(h: History, days: list[date]) -> Phrase | None:
    """Where the learner's activity over `days` was seen (None if nowhere)."""
    platform = window(days, h.platform)
    discord = window(days, h.daily) - platform
    if platform and discord:
        return Phrase("signal.where_both", {"platform": platform, "discord": discord})
    if platform:
        return Phrase("signal.where_platform")
    return Phrase("signal.where_discord") if discord else None


def silences_key(h: History, ctx: Context, platform: bool) -> tuple:
    """Where a scan keeps a learner's silences (`silences`), once measured."""
    return ("silences", id(h), ctx.today, platform, ctx.quiet(platform))


def pace_key(h: History, ctx: Context) -> tuple:
    """Where a scan keeps a learner's pace (`pace`), once measured."""
    return ("pace", id(h), ctx.today)


def silences(h: History, ctx: Context, platform: bool = False) -> tuple[int, int]:
    """(the current silence, the longest one before it), in the open days of the history read
    (breaks skipped; a silence that began before those days also counts the days from the
    last activity), counted from the learner's first activity; (0, 0) if never active. With
    `platform`, the same on the course platform alone."""
    days = ctx.counted(platform)
    key = silences_key(h, ctx, platform)
    if key in ctx.memo:
        return ctx.memo[key]
    counts = h.platform if platform else h.daily
    before = None if platform else h.last_before
    current = longest = 0
    seen = bool(days) and (before is not None or any(n for d, n in counts.items() if d < days[0]))
    active = False
    for day in days:
        if day < h.joined:
            continue
        if counts.get(day):
            seen = active = True
            longest, current = max(longest, current), 0
        elif seen:
            current += 1
    if not active and before is not None and days:  # silent since before the days read
        current += max(0, (days[0] - max(before, h.joined)).days - 1)
    ctx.memo[key] = current, longest
    return current, longest


def has_started(h: History, ctx: Context) -> bool:
    """Whether the learner said « Je démarre » or was active since the kick-off (or joining)."""
    since = max(h.joined, ctx.kickoff)
    if h.started or any(n for d, n in h.daily.items() if d >= since):
        return True
    return h.last_before is not None and h.last_before >= since  # active since, long ago


def started_share(ctx: Context, t: Thresholds) -> float | None:
    """The share of the others who have started (a learner who has not is not among them);
    None if unknown, or in a cohort too small to read a start from."""
    if ctx.started is None or ctx.cohort_size < t.small_cohort:
        return None
    return ctx.started / (ctx.cohort_size - 1)


def start_wait(ctx: Context, t: Thresholds) -> int | None:
    """How many open days a non-start takes to count, as a missed deadline does: once most of
    the others have started; twice as long once half of them have; not while a cohort that
    starts slowly has not (too few learners to read a start from: the plain wait)."""
    share = started_share(ctx, t)
    if share is None or share >= t.declared_share:
        return t.not_started_days
    return 2 * t.not_started_days if share >= 0.5 else None


def s1_not_started(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    if has_started(h, ctx):
        return None
    wait = start_wait(ctx, t)
    if wait is None:
        return None
    since = max(h.joined, ctx.kickoff)
    waited = sum(1 for d in ctx.open_days if d >= since)
    before = h.last_before is not None or any(n for d, n in h.daily.items() if d < since)
    share = started_share(ctx, t)
    # once half the others have started, however slowly the cohort starts: one enrolled
    # before the kick-off who came neither then nor since has not started at all (a few days
    # only); one who looked at the course before it knows where it is (the plain week). On
    # OULAD (BBB 2013B), three in four of the first and half of the second did not pass
    unseen = h.enrolled_before and not before and share is not None
    if unseen:
        wait = t.unseen_days
    elif before:
        wait = t.not_started_days
    if waited < wait:
        return None
    others = None if share is None else Phrase("signal.cohort_started", {"share": Share(share)})
    return sign(
        "S1",
        NON_STARTER,
        Phrase("signal.not_started_anywhere", {"n": waited})
        if ctx.platform_seen
        else Phrase("signal.not_started", {"n": waited}),
        Phrase("signal.seen_before") if before else None,
        Phrase("signal.unseen_before") if unseen else None,
        others,
    )


def s2_silent(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    """A silence longer than the cohort's learners and the learner usually stay away: from
    everything, or, where the cohort works on a course platform, from the coursework while
    the learner still shows up on Discord."""
    for platform, usual in ((False, ctx.usual_silence), (True, ctx.usual_platform_silence)):
        if platform and not ctx.platform_seen:
            break
        current, longest = silences(h, ctx, platform)
        if current < max(t.silent_days, usual) or current <= longest:
            continue
        rarely = Phrase("signal.rarely", {"n": usual}) if usual >= t.silent_days else None
        span = ctx.counted(platform)[-current:]
        skipped = span and any(d >= span[0] for d in ctx.quiet(platform))
        skipped = Phrase("signal.quiet_skipped") if skipped else None
        if not platform:
            return sign(
                "S2",
                DISCOURAGED,
                Phrase("signal.silent_anywhere", {"n": current})
                if ctx.platform_seen
                else Phrase("signal.silent", {"n": current}),
                skipped,
                rarely,
            )
        discord = window(span, h.daily) - window(span, h.platform)
        return sign(
            "S2",
            DISCOURAGED,
            Phrase("signal.silent_platform", {"n": current}),
            Phrase("signal.on_discord", {"n": discord}),
            skipped,
            rarely,
        )
    return None


def silence_alone(h: History, ctx: Context, t: Thresholds) -> bool:
    """Whether a silence is told alone: after ten weeks, whatever the cohort does; after three
    where nothing can be read beside it (a course with no deadline past yet)."""
    current = silences(h, ctx)[0]
    return current >= t.absent_days or (not ctx.declared and current >= t.alone_days)


def pace(h: History, ctx: Context, t: Thresholds) -> tuple[list[int], float] | None:
    """The learner's last five weeks of open days, latest first, and their usual pace (the
    median of the three weeks before the two last); None without that history or pace."""
    key = pace_key(h, ctx)
    if key not in ctx.memo:
        weeks = ctx.weeks()
        if any(w is None for w in weeks) or weeks[-1][-1] < h.joined:
            ctx.memo[key] = None  # 3 weeks of history before the two weeks judged are needed
        else:
            counts = [window(w, h.daily) for w in weeks]
            usual = median(counts[2:5])
            ctx.memo[key] = (counts, usual) if usual >= t.drop_min_baseline else None
    return ctx.memo[key]


def s3_drop(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    found = pace(h, ctx, t)
    if found is None:
        return None
    counts, usual = found
    # a fall the whole cohort shares (a lull after a deadline, a holiday) is no signal
    limit = t.drop_ratio * usual * min(1.0, ctx.cohort_pace)
    if counts[0] < limit and counts[1] < limit:
        seen = where(h, open_days_back(ctx, 14) or [])
        said = {"this": counts[0], "before": counts[1], "usual": float(usual)}
        return sign(
            "S3",
            DISCOURAGED,
            Phrase("signal.drop", {**said, "where": seen})
            if seen
            else Phrase("signal.drop_nowhere", said),
            Phrase("signal.cohort_pace", {"share": Share(min(1.0, ctx.cohort_pace))}),
        )
    return None


def missed(d: Deadline, ctx: Context, t: Thresholds) -> bool:
    """Whether the past-due deadline stands missed today: not met while most of the cohort
    met it, or a grace period after its due day while at least half did."""
    if d.done is not None:
        return False
    share = ctx.declared.get(d.name, 0.0)
    return share >= t.declared_share or (share >= 0.5 and (ctx.today - d.due).days > t.grace_days)


def slip(h: History, ctx: Context, t: Thresholds) -> bool:
    """Whether the deadlines missed are one due day's, by a learner who met `record` graded
    deadlines or more: a slip in a long record, not a sign by itself (those who pass skip one
    too); a second due day missed is one."""
    met = sum(1 for d in h.deadlines if d.done is not None and d.weight != 0)
    if met < t.record:
        return False
    return len({d.due for d in h.deadlines if d.weight != 0 and missed(d, ctx, t)}) <= 1


def missed_in_a_row(h: History, ctx: Context, t: Thresholds) -> int:
    """How many of the latest deadlines stand missed, one after the other."""
    count = 0
    for d in reversed(h.deadlines):
        if not missed(d, ctx, t):
            break
        count += 1
    return count


def s4_checkpoints(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    gone = [d for d in h.deadlines if missed(d, ctx, t)]
    if not gone:
        return None
    last = gone[-1]
    said = {"name": last.name, "due": last.due, "share": Share(ctx.declared.get(last.name, 0.0))}
    quiet = silences(h, ctx, ctx.platform_seen)[0]
    since = None
    if quiet:
        since = (
            Phrase("signal.quiet_since_platform", {"n": quiet})
            if ctx.platform_seen
            else Phrase("signal.quiet_since", {"n": quiet})
        )
    return sign(
        "S4",
        DISCOURAGED,
        Phrase("signal.missed_two", {**said, "first": gone[-2].name})
        if len(gone) > 1
        else Phrase("signal.missed", said),
        since,
    )


def working_after(h: History, ctx: Context, t: Thresholds) -> bool:
    """Whether a learner who missed one deadline is still at work (active on two of the last
    seven open days; on the course platform, where the cohort works on one): a choice, then,
    more than a sign; two missed in a row are a sign. Days the cohort itself is away do not
    count."""
    if missed_in_a_row(h, ctx, t) >= 2:
        return False
    work = h.platform if ctx.platform_seen else h.daily  # coursework, where the bot sees it
    return sum(1 for d in ctx.counted(ctx.platform_seen)[-7:] if work.get(d)) >= 2


def working(h: History, ctx: Context) -> bool:
    """Whether the learner keeps working: active on two of the last seven open days (on the
    course platform, where the cohort works on one), the days the cohort is away not counted."""
    work = h.platform if ctx.platform_seen else h.daily
    return sum(1 for d in ctx.counted(ctx.platform_seen)[-7:] if work.get(d)) >= 2


RECENT_DAYS = 28  # the course days S10 reads
FEWEST_DAYS = 14  # ... at least this many since the learner joined


def recent_days(h: History, ctx: Context) -> tuple[date, ...]:
    """The last course days S10 reads (the days the cohort was away not counted)."""
    return tuple(d for d in ctx.counted(ctx.platform_seen)[-RECENT_DAYS:] if d >= h.joined)


def active_share(h: History, ctx: Context) -> float | None:
    """The share of the recent course days the learner was active (None: too few days)."""
    key = ("active_share", id(h), ctx.today)
    if key not in ctx.memo:
        days = recent_days(h, ctx)
        work = h.platform if ctx.platform_seen else h.daily
        share = (
            sum(1 for d in days if work.get(d)) / len(days) if len(days) >= FEWEST_DAYS else None
        )
        ctx.memo[key] = share
    return ctx.memo[key]


def s10_rarely(h: History, ctx: Context, t: Thresholds) -> tuple[Signal, float] | None:
    """Active on fewer than half as many recent course days as the cohort's learners usually
    are; its strength, how far below (1: never)."""
    share = active_share(h, ctx)
    if share is None or ctx.usual_active <= 0 or share >= ctx.usual_active / 2:
        return None
    days = len(recent_days(h, ctx))
    said = {"n": round(share * days), "days": days, "usual": round(ctx.usual_active * days)}
    return sign(
        "S10", DISCOURAGED, Phrase("signal.rarely_active", said)
    ), 1 - share / ctx.usual_active


def s9_late(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    """A deadline met late, after its due day, in the last few weeks."""
    for d in reversed(h.deadlines):
        if d.done is None or (ctx.today - d.done).days > t.late_days or d.done <= d.due:
            continue
        return sign(
            "S9", DISCOURAGED, Phrase("signal.late", {"name": d.name, "n": (d.done - d.due).days})
        )
    return None


def s5_isolated(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    latest = h.pulses[max(h.pulses)] if h.pulses else None
    if latest is not None and latest[4] <= t.lien_low:
        return sign("S5", ISOLATED, Phrase("signal.low_link", {"value": latest[4]}))
    if h.partner_silent is not None:
        return sign("S5", ISOLATED, Phrase("signal.partner_silent", {"day": h.partner_silent}))
    if ctx.cohort_size < t.small_cohort or ctx.others_peer_share < t.others_interacting:
        return None
    days = open_days_back(ctx, t.isolation_days)
    if days is None or min(days) < h.joined or window(days, h.peer):
        return None
    said = {"n": t.isolation_days, "share": Share(ctx.others_peer_share)}
    return sign("S5", ISOLATED, Phrase("signal.no_peers", said))


ITEM_LOW = {
    "P1": "signal.interest_low",
    "P2": "signal.use_low",
    "P3": "signal.ability_low",
    "P6": "signal.intention_low",
}


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
                Phrase("signal.effort_high", {"value": answer[3]})
                if item == "P4"
                else Phrase(ITEM_LOW[item], {"value": value})  # the item named, not "P1"
            )
            found.setdefault(ITEM_FORMS[item], sign("S6", ITEM_FORMS[item], shown))
    if answer[5] <= t.intention_low:
        found.setdefault(
            DISCOURAGED,
            sign("S6", DISCOURAGED, Phrase("signal.intention_low", {"value": answer[5]})),
        )
    previous = [h.pulses[w] for w in weeks[:-1]][-2:]
    if len(previous) == 2:
        now_dims = dimensions(answer)
        before = [dimensions(p) for p in previous]
        for name, value in now_dims.items():
            was = (before[0][name] + before[1][name]) / 2
            if was - value >= t.pulse_drop:
                form = DIMENSION_FORMS[name]
                said = {"name": DIMENSION_NAMES[name], "was": float(was), "now": float(value)}
                found.setdefault(form, sign("S6", form, Phrase("signal.dimension_drop", said)))
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
    return sign("S7", DISCOURAGED, Phrase("signal.no_pulse", {"n": t.missed_pulses}))


def s8_goal(h: History, ctx: Context, t: Thresholds) -> Signal | None:
    if h.goal_dropped:
        return sign("S8", MEANING, Phrase("signal.goal_dropped"))
    return None


def cohort_rhythm(histories: list[History], ctx: Context, t: Thresholds | None = None) -> dict:
    """How the cohort's present learners behave, as Context fields: how long they usually stay
    away (the `usual_silence` quantile of their longest silence so far; from the platform
    too, where it is seen) and their median pace over the two last weeks against their usual
    (for S3). Measured on the whole cohort at once (`Grid`); the scan then finds each
    learner's silences and pace already measured."""
    t = t or Thresholds()
    present = [h for h in histories if not h.left]
    platform_seen = any(h.platform for h in present)
    first = min((min(h.daily) for h in present if h.daily), default=ctx.today)
    grid = Grid(present, min(first, ctx.ordered[0]) if ctx.ordered else first, ctx.today)
    ctx = replace(
        ctx,
        platform_seen=platform_seen,
        quiet_days=quiet_days(present, ctx, t, grid, False),
        platform_quiet_days=quiet_days(present, ctx, t, grid, True)
        if platform_seen
        else frozenset(),
    )
    paces = [
        max(found[0][0], found[0][1]) / found[1]
        for found in measure_paces(present, ctx, t, grid)
        if found is not None
    ]

    def usual_silence(platform: bool) -> int:
        days = ctx.counted(platform)
        longest = []
        for h, found in zip(present, grid.silences(present, days, platform), strict=True):
            ctx.memo[silences_key(h, ctx, platform)] = found
            if any(found) or (h.platform if platform else h.daily):
                longest.append(found[1])
        longest.sort()
        return longest[min(len(longest) - 1, int(t.usual_silence * len(longest)))] if longest else 0

    measure_shares(present, ctx, grid)
    shares = [x for h in present if has_started(h, ctx) and (x := active_share(h, ctx)) is not None]
    return {
        "usual_active": median(shares) if shares else 0.0,
        "usual_silence": usual_silence(False),
        "quiet_days": ctx.quiet_days,
        "platform_quiet_days": ctx.platform_quiet_days,
        "started": sum(1 for h in present if has_started(h, ctx)),
        "usual_platform_silence": usual_silence(True) if platform_seen else 0,
        "platform_seen": platform_seen,
        "cohort_pace": median(paces) if paces else 1.0,
    }


def measure_shares(present: list[History], ctx: Context, grid: Grid) -> None:
    """`active_share` of the learners who joined before the days it reads, measured at once and
    remembered for the scan."""
    days = ctx.counted(ctx.platform_seen)[-RECENT_DAYS:]
    if len(days) < FEWEST_DAYS:
        return
    counts = grid.active_days(days, ctx.platform_seen)
    for h, n in zip(present, counts, strict=True):
        if h.joined <= days[0]:
            ctx.memo[("active_share", id(h), ctx.today)] = n / len(days)


def measure_paces(
    present: list[History], ctx: Context, t: Thresholds, grid: Grid
) -> list[tuple[list[int], float] | None]:
    """`pace` of each learner, measured at once and remembered for the scan."""
    weeks = ctx.weeks()
    if any(w is None for w in weeks):
        found = [None] * len(present)
    else:
        sums = grid.sums(weeks).tolist()
        found = []
        for h, counts in zip(present, sums, strict=True):
            usual = sorted(counts[2:5])[1]  # the median of three weeks
            ok = weeks[-1][-1] >= h.joined and usual >= t.drop_min_baseline
            found.append((counts, usual) if ok else None)
    for h, one in zip(present, found, strict=True):
        ctx.memo[pace_key(h, ctx)] = one
    return found


def quiet_days(
    present: list[History], ctx: Context, t: Thresholds, grid: Grid, platform: bool
) -> frozenset:
    """The open days the cohort itself was away (a holiday it took, a gap in what the platform
    reports): fewer learners active than `quiet_day` of a busy day of the days read (its upper
    quartile). None in a cohort too small to read a rhythm from."""
    if len(present) < t.small_cohort or not ctx.ordered:
        return frozenset()
    counts = grid.active(ctx.ordered, platform)
    usual = sorted(counts)[int(0.75 * len(counts))]  # a busy day: a long lull cannot hide it
    return frozenset(d for d, n in zip(ctx.ordered, counts, strict=True) if n < t.quiet_day * usual)


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
