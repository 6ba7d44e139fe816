"""What the tutors' web view shows, one method per page: which cohorts a tutor sees (their
own; a coordinator's, all of the server's), the overview, a cohort's table, a learner and
their timeline. Names come from Discord, through `names` (the adapter's)."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tutorat.calendar import course_week, kickoff_day, week_start
from tutorat.charts import learner_svg
from tutorat.dates import local_day
from tutorat.desk import Visitor
from tutorat.desk_log import ContactLog
from tutorat.desk_rows import (
    CHANGED_AT_MOST,
    Load,
    Page,
    Query,
    Row,
    load_of,
    page_again,
    page_of,
    pulse_points,
)
from tutorat.drawing import Drawer
from tutorat.errors import DatabaseUnavailable, Refusal
from tutorat.models import Case, Cohort
from tutorat.reports import Timeline, TimelineWeek, timeline_weeks
from tutorat.texts import text
from tutorat.warning.cases import HISTORY_DAYS

Names = Callable[[int], str]
log = logging.getLogger(__name__)


def _with_last(row: Row, last: dict) -> Row:
    """The row with the learner's last days (those of `last`): a copy, as dataclasses.replace
    makes it, without its checks (2 000 rows made again after each full read)."""
    discord, platform = last.get(row.user_id, (None, None))
    if discord is None and platform is None:
        return row
    made = object.__new__(Row)
    made.__dict__.update(vars(row), last_discord=discord, last_platform=platform)
    return made


CHARTS_KEPT = 32  # SVG timelines kept, the most recently seen (about 80 KB each)
PAGES_KEPT = 64  # a cohort's pages of rows as last laid out (sorted, filtered), the last seen
# past this many learners written about since a cohort's rows were read, all are read again
READ_AGAIN_AT_MOST = 200
# once a minute, a cohort's rows are read again in full (a deadline passed, a name changed on
# Discord, another process's writes): meanwhile, rows read up to this long ago are served
STALE_AT_MOST = timedelta(minutes=5)


@dataclass
class _Rows:
    """A cohort's rows as last read: `bare`, without their last days (read from the store
    when `read_at` writes were counted, at `bare_version`), and `rows`, with them (made at
    `version`, the `made`-th time; every row made again the `remade`-th time)."""

    bare_version: tuple
    read_at: int
    bare: list[Row]
    at: dict[int, int]  # learner -> their row's place
    users: frozenset[int]
    version: tuple | None = None
    rows: list[Row] = field(default_factory=list)
    stale: set[int] = field(default_factory=set)  # bare rows read again since `rows`
    made: int = 0
    remade: int = 0
    # learner -> `made` when their row was last made again; the last made again come last
    changed: dict[int, int] = field(default_factory=dict)

    def changed_since(self, made: int) -> list[int] | None:
        """The places of the rows made again since `rows` were made the `made`-th time
        (None: every row, or too many to patch a page)."""
        if made < self.remade:
            return None
        found = []
        for user in reversed(self.changed):
            if self.changed[user] <= made:
                break
            found.append(self.at[user])
            if len(found) > CHANGED_AT_MOST:
                return None
        return found


@dataclass
class CohortSummary:
    cohort: Cohort
    load: Load
    deadlines: list[tuple[str, datetime]]  # coming, in the next 14 days
    tutors: dict[int, Load] = field(default_factory=dict)  # a coordinator's: each tutor's
    # the learners waiting on the watch list, ranked (a tutor's own; a coordinator's, all)
    watch: list[dict] = field(default_factory=list)


@dataclass
class LearnerPage:
    cohort: Cohort
    row: Row
    goals: list[dict]
    cases: list[Case]
    contacts: list[dict]
    snooze_days: int = 7  # what « Reporter » postpones by ([cases] snooze_days)


class DeskPages:
    def __init__(
        self,
        cohorts,
        case_store,
        store,
        export_store,
        reports,
        recent,
        log: ContactLog,
        writes,
        drawer: Drawer,
        snooze_days: int = 7,
    ) -> None:
        self.drawer = drawer  # draws the timelines, in a worker process
        self.snooze_days = snooze_days
        # the store's writes that changed something, in this process (db.web.WebWrites): all,
        # those that may change any row of a cohort (not the counts of activity: the last
        # days are kept up to date from the scan's window), the learners they were about
        self.writes = writes
        self.cohorts = cohorts  # CohortService
        self.case_store = case_store  # CaseRepository
        self.store = store  # db.web.DeskRepository
        self.export_store = export_store  # ExportRepository
        self.reports = reports  # Reporting
        self.recent = recent  # RecentActivity: the days the scan keeps in memory
        self.log = log
        self._last_days: dict[int, tuple] = {}  # cohort -> (what it was read from, answer)
        self._rows: dict[int, _Rows] = {}  # cohort -> its rows as last read
        self._reading: dict[int, asyncio.Lock] = {}  # cohort -> its rows' turn to be read
        self._refreshing: dict[int, asyncio.Task] = {}  # cohort -> its rows read in full
        self._refreshed = 0  # rows read again in full, in the background: pages move on
        # (cohort, query) -> the rows a page was laid out from (which, when), the page
        self._pages: OrderedDict[tuple, tuple[_Rows, int, list[Row], Page]] = OrderedDict()
        self._tutors: dict[int, tuple] = {}  # cohort -> rows (which, when), their tutors
        self._charts: OrderedDict[tuple, str] = OrderedDict()  # the last charts drawn
        self._cohorts_of: dict[tuple, tuple] = {}  # a visitor -> (version, their cohorts)

    def version(self, now: datetime, user_id: int | None = None) -> tuple:
        """What a page is read from: the same version, the same page. It moves on at each
        write that changed something (a count of activity, a case, an answer, a tutor's
        action), and at each minute (a day that ends, a name changed on Discord, a write by
        another process of the bot, for whom a page may be a minute behind). A learner's
        page (`user_id`) moves on only with the writes about them, and those about nobody
        said."""
        minute = now.replace(second=0, microsecond=0)
        if user_id is not None:
            return self.writes.learner(user_id), minute
        return self._written(), self._refreshed, minute

    def _written(self) -> tuple:
        return self.writes.all(), self.recent.writes, self.recent.writing

    # what a tutor may see -----------------------------------------------------------------

    async def cohorts_of(self, visitor: Visitor, now: datetime | None = None) -> list[Cohort]:
        """A coordinator's: the server's; a tutor's: the cohorts they tutor (all the server's
        when they tutor none, as the slash commands let any tutor act on any case). For a
        page (`now`), kept until a write about nobody said (a cohort, its tutors) and at
        most a minute; for an action, read."""
        if now is None:
            return await self._cohorts_of_read(visitor)
        key = (visitor.guild_id, visitor.user_id, visitor.coordinator)
        version = (self.writes.rows(), now.replace(second=0, microsecond=0))
        kept = self._cohorts_of.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        found = await self._cohorts_of_read(visitor)
        self._cohorts_of[key] = (version, found)
        return found

    async def _cohorts_of_read(self, visitor: Visitor) -> list[Cohort]:
        every = await self.cohorts.of_guild(visitor.guild_id)
        if visitor.coordinator:
            return every
        mine = [c for c in every if visitor.user_id in await self.cohorts.tutors(c.id)]
        return mine or every

    async def cohort(self, visitor: Visitor, cohort_id: int, now: datetime | None = None) -> Cohort:
        for cohort in await self.cohorts_of(visitor, now):
            if cohort.id == cohort_id:
                return cohort
        raise Refusal("web.not_found")

    # the cohort's rows ----------------------------------------------------------------------

    async def last_days(
        self, cohort: Cohort, users: Collection[int], now: datetime
    ) -> tuple[dict, set[int] | None]:
        """learner -> (last day on Discord, on the platform): the recent days from the
        activity the scan keeps in memory, older ones from the store for whom needs them.
        Asked again with the same window, only the learners whose days changed are read
        again: they are said with the answer (None: everybody's was read)."""
        since = local_day(now, cohort.zone) - timedelta(days=HISTORY_DAYS)
        window = await self.recent.read(cohort.guild_id, cohort.id, users, since)
        kept = self._last_days.get(cohort.id)
        whom = users
        if (
            kept is not None
            and kept[0] is window
            and kept[1][0] == window.since
            and (kept[1][1] is users or kept[1][1] == users)
            and self.recent.windows.get(cohort.id) is window
        ):
            if kept[2] == window.changes:
                return kept[3], set()
            whom = set()
            for user in reversed(window.changed):  # the last to change first
                if window.changed[user] <= kept[2]:
                    break
                if user in users:
                    whom.add(user)
        last: dict[int, tuple] = {} if whom is users else dict(kept[3])
        older = []
        for user in whom:
            days = window.days.get(user)
            discord = platform = None
            if days is not None:
                on_discord = [d for d, n in days.total.items() if n > days.platform.get(d, 0)]
                discord = max(on_discord, default=None)
                platform = max(days.platform, default=None)
            last[user] = (discord, platform)
            if (discord is None or platform is None) and user in window.before:
                older.append(user)  # active before the window: look further back
        for user, (discord, platform) in (
            await self.store.last_days(cohort.guild_id, sorted(older), since)
        ).items():
            mine = last[user]
            last[user] = (mine[0] or discord, mine[1] or platform)
        # the same learners, told by the same unchanging collection (a cohort's rows' places)
        self._last_days[cohort.id] = (window, (window.since, users), window.changes, last)
        return last, None if whom is users else whom

    async def rows(self, cohort: Cohort, names: Names, now: datetime) -> list[Row]:
        """Every learner's row, from a few queries; read again once the version moves on
        (sorting, filtering and paging the same rows read nothing): after writes about some
        learners (a case, an answer, a deadline met...), only theirs; after counts of
        activity, only their last days; after any other write, every row."""
        version = self.version(now)
        kept = self._rows.get(cohort.id)
        if kept is not None and kept.version == version:
            return kept.rows
        async with self._reading.setdefault(cohort.id, asyncio.Lock()):  # one at a time
            return await self._rows_again(cohort, names, now, version)

    async def _rows_again(
        self, cohort: Cohort, names: Names, now: datetime, version: tuple
    ) -> list[Row]:
        kept = self._rows.get(cohort.id)
        if kept is not None and kept.version == version:
            return kept.rows  # made while this request waited its turn
        minute = now.replace(second=0, microsecond=0)
        bare_version = (self.writes.rows(), minute)
        whom: set[int] | None = None  # learners whose rows are read again (None: all)
        if kept is not None and kept.bare_version[0] == bare_version[0]:
            age = minute - kept.bare_version[1]
            if age <= STALE_AT_MOST:
                whom = self.writes.rows_about_since(kept.read_at) & kept.at.keys()
                if len(whom) > READ_AGAIN_AT_MOST:
                    whom = None
                elif age:  # nothing written about nobody said since a minute or more: the
                    self._refresh_soon(cohort, names, now)  # rows served, read again aside
        read_at = self.writes.all()  # counted before reading: a write during it is seen next
        if whom is None:
            kept = await self._read_whole(cohort, names, now)
            self._rows[cohort.id] = kept
        else:
            for row in await self._read_rows(cohort, names, now, whom) if whom else ():
                kept.bare[kept.at[row.user_id]] = row
            kept.read_at = read_at  # (once read: a read that failed is made again next time)
            kept.stale |= whom
        last, lasts = await self.last_days(cohort, kept.users, now)
        kept.made += 1
        if kept.version is None or lasts is None:
            kept.rows = [_with_last(r, last) for r in kept.bare]
            kept.remade = kept.made
        else:
            kept.rows = list(kept.rows)  # the same rows but for those written about since
            for user in kept.stale | lasts:
                kept.rows[kept.at[user]] = _with_last(kept.bare[kept.at[user]], last)
                kept.changed.pop(user, None)
                kept.changed[user] = kept.made
        kept.version, kept.stale = version, set()
        return kept.rows

    async def _read_whole(self, cohort: Cohort, names: Names, now: datetime) -> _Rows:
        """Every row read (their last days apart), with what they were read at."""
        bare_version = (self.writes.rows(), now.replace(second=0, microsecond=0))
        read_at = self.writes.all()  # counted before reading: a write during it is seen next
        bare = await self._read_rows(cohort, names, now)
        at = {r.user_id: i for i, r in enumerate(bare)}
        return _Rows(bare_version, read_at, bare, at, frozenset(at))

    def _refresh_soon(self, cohort: Cohort, names: Names, now: datetime) -> None:
        """The cohort's rows read again in full, in the background (once at a time)."""
        if cohort.id not in self._refreshing:
            self._refreshing[cohort.id] = asyncio.get_running_loop().create_task(
                self._refresh(cohort, names, now), name=f"desk-rows-{cohort.id}"
            )

    async def _refresh(self, cohort: Cohort, names: Names, now: datetime) -> None:
        """Read without holding the rows' turn (pages are served meanwhile from the rows
        kept), then the rows that differ are made again, as after writes about them: a
        page moves on only if one did. Those written about during the read keep what was
        read of them since (or will be read again, as after any write)."""
        try:
            began = self._rows.get(cohort.id)
            fresh = await self._read_whole(cohort, names, now)
            async with self._reading.setdefault(cohort.id, asyncio.Lock()):
                kept = self._rows.get(cohort.id)
                if kept is not began:
                    return  # read in full meanwhile, after this read began: newer
                if kept is None or kept.bare_version[0] != fresh.bare_version[0]:
                    return  # a write about nobody said since: read in full at the next page
                if kept.users != fresh.users:  # learners came or left (another process)
                    self._rows[cohort.id] = fresh
                    self._refreshed += 1
                    return
                since = self.writes.rows_about_since(fresh.read_at)
                changed = {
                    user
                    for user, i in fresh.at.items()
                    if user not in since and fresh.bare[i] != kept.bare[kept.at[user]]
                }
                for user in changed:
                    kept.bare[kept.at[user]] = fresh.bare[fresh.at[user]]
                kept.stale |= changed
                kept.bare_version = fresh.bare_version
                if changed:
                    self._refreshed += 1
        except DatabaseUnavailable:  # the outage is told by the bot's watch
            log.info("rows of cohort %s not read again: the database is away", cohort.id)
        except Exception:  # the page keeps its rows; read again at the next minute
            log.exception("rows of cohort %s not read again", cohort.id)
        finally:
            self._refreshing.pop(cohort.id, None)

    async def settled(self) -> None:
        """Once the rows being read in the background are in (tests, benchmarks: time that
        went by)."""
        while self._refreshing:
            await asyncio.gather(*self._refreshing.values(), return_exceptions=True)

    async def close(self) -> None:
        """Rows being read in the background are given up (the bot stops)."""
        for task in list(self._refreshing.values()):
            task.cancel()
        await asyncio.gather(*self._refreshing.values(), return_exceptions=True)

    async def _read_rows(
        self,
        cohort: Cohort,
        names: Names,
        now: datetime,
        users: set[int] | None = None,
        last: dict | None = None,
    ) -> list[Row]:
        """Every learner's row but their last days, or only those of `users` (with `last`,
        their last days)."""
        only = None if users is None else sorted(users)
        learners = await self.cohorts.learners_of(cohort.id, users=only)
        accounts, tutors = await self.export_store.accounts_and_tutors(cohort.id, only)
        due, declared = await self.store.deadline_counts(cohort.id, now, only)
        answers: dict[int, dict[int, tuple]] = defaultdict(dict)
        week = course_week(cohort, now)
        for r in await self.store.recent_pulses(cohort.id, week - 2, only):
            answers[r["user_id"]][r["week"]] = (
                r["p1"],
                r["p2"],
                r["p3"],
                r["p4"],
                r["p5"],
                r["p6"],
            )
        open_cases = {}
        for case in await self.case_store.of_cohort(cohort.id, users=only):
            if (
                case.user_id not in open_cases
                or case.opened_at < open_cases[case.user_id].opened_at
            ):
                open_cases[case.user_id] = case
        pairs = await self.store.pairs_open(cohort.id, only)
        last = last or {}  # every learner's: `rows` adds them
        rows = []
        for x in learners:
            user = x.user_id
            pulse, trend = pulse_points(answers.get(user, {}))
            case = open_cases.get(user)
            tutor = tutors.get(user)
            met, late = declared.get(user, (0, 0))
            missed = max(0, due - met - late)
            rows.append(
                Row(
                    user,
                    names(user),
                    accounts.get(user, ""),
                    tutor,
                    names(tutor) if tutor else "",
                    x.started_at is not None,
                    x.active,
                    *last.get(user, (None, None)),
                    met,
                    late,
                    missed,
                    pulse,
                    trend,
                    case.id if case else None,
                    case.form if case else None,
                    case.opened_at if case else None,
                    bool(case and case.contacted_at),
                    pairs.get(user, []),
                )
            )
        return rows

    async def table(
        self, visitor: Visitor, cohort_id: int, query: Query, names: Names, now: datetime
    ) -> tuple[Cohort, Page, list[tuple[int, str]]]:
        """The cohort's page of rows, and its tutors (for the filter)."""
        cohort = await self.cohort(visitor, cohort_id, now)
        await self.rows(cohort, names, now)
        made = self._rows[cohort.id]
        return cohort, self._page(cohort.id, made, query), self._tutors_of(cohort.id, made)

    def _page(self, cohort_id: int, made: _Rows, query: Query) -> Page:
        """The page asked for, laid out again only when a row that changed since moved in,
        out or within it (2 000 rows sorted take a millisecond)."""
        kept = self._pages.get((cohort_id, query))
        page = None
        if kept is not None and kept[0] is made:
            changed = made.changed_since(kept[1])
            if changed is not None:
                page = page_again(kept[3], kept[2], made.rows, query, changed)
        if page is None:
            page = page_of(made.rows, query)
        self._pages[(cohort_id, query)] = (made, made.made, made.rows, page)
        self._pages.move_to_end((cohort_id, query))
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        return page

    def _tutors_of(self, cohort_id: int, made: _Rows) -> list[tuple[int, str]]:
        """The cohort's tutors (for the filter), gathered again when a changed row's tutor
        changed (or every row)."""
        kept = self._tutors.get(cohort_id)
        tutors = None
        if kept is not None and kept[0] is made:
            changed = made.changed_since(kept[1])
            before, now = kept[2], made.rows
            if changed is not None and all(
                (before[i].tutor_id, before[i].tutor_name) == (now[i].tutor_id, now[i].tutor_name)
                for i in changed
            ):
                tutors = kept[3]
        if tutors is None:
            tutors = sorted({(r.tutor_id, r.tutor_name) for r in made.rows if r.tutor_id})
        self._tutors[cohort_id] = (made, made.made, made.rows, tutors)
        return tutors

    # the overview ---------------------------------------------------------------------------

    async def overview(self, visitor: Visitor, names: Names, now: datetime) -> list[CohortSummary]:
        """Each cohort at a glance; for a coordinator, each tutor's share of it too."""
        found = []
        for cohort in await self.cohorts_of(visitor, now):
            rows = await self.rows(cohort, names, now)
            monday = week_start(cohort, max(1, course_week(cohort, now)))
            began = max(local_day(monday, cohort.zone), kickoff_day(cohort))
            checkpoints = await self.store.checkpoints(cohort.id)
            by_tutor: dict[int, list[Row]] = defaultdict(list)
            for r in rows:
                if r.tutor_id:
                    by_tutor[r.tutor_id].append(r)
            found.append(
                CohortSummary(
                    cohort,
                    load_of(rows, began, now),
                    [(n, at) for n, at in checkpoints if now <= at <= now + timedelta(days=14)],
                    {t: load_of(mine, began, now) for t, mine in sorted(by_tutor.items())}
                    if visitor.coordinator
                    else {},
                    [
                        w
                        for w in await self.case_store.watch_list(cohort.id)
                        if visitor.coordinator or w["tutor_id"] == visitor.user_id
                    ],
                )
            )
        return found

    # a learner ------------------------------------------------------------------------------

    async def learner(
        self, visitor: Visitor, cohort_id: int, user_id: int, names: Names, now: datetime
    ) -> LearnerPage:
        cohort = await self.cohort(visitor, cohort_id, now)
        learner = await self.cohorts.learner(cohort.id, user_id)
        if learner is None:
            raise Refusal("web.not_found")  # a learner of another cohort, or nobody's
        cases = await self.case_store.of_learner(cohort.id, user_id)
        row = await self._row_kept(cohort, user_id, names, now)
        if row is None:
            last = await self.store.last_days(cohort.guild_id, [user_id], date.max)
            [row] = await self._read_rows(cohort, names, now, {user_id}, last)
        goals = [dict(g) for g in await self.store.goals(cohort.id, user_id)]
        contacts = await self.log.entries(cohort, user_id, cases)
        self.drawer.warm()  # the page's timeline is asked for next
        return LearnerPage(cohort, row, goals, cases, contacts, self.snooze_days)

    async def _row_kept(
        self, cohort: Cohort, user_id: int, names: Names, now: datetime
    ) -> Row | None:
        """The learner's row from the cohort's rows kept (the tutor came from the table),
        those written about since read again; None unless the rows kept were read in full
        this minute (a learner's page never reads the whole cohort, here or aside)."""
        kept = self._rows.get(cohort.id)
        if (
            kept is None
            or user_id not in kept.at
            or kept.bare_version != (self.writes.rows(), now.replace(second=0, microsecond=0))
            or len(self.writes.rows_about_since(kept.read_at)) > READ_AGAIN_AT_MOST
        ):
            return None
        rows = await self.rows(cohort, names, now)
        made = self._rows[cohort.id]
        return rows[made.at[user_id]] if user_id in made.at else None

    async def _timeline(
        self, visitor: Visitor, cohort_id: int, user_id: int, now: datetime
    ) -> tuple[Cohort, Timeline]:
        cohort = await self.cohort(visitor, cohort_id, now)
        if await self.cohorts.learner(cohort.id, user_id) is None:
            raise Refusal("web.not_found")
        cases = await self.case_store.of_learner(cohort.id, user_id)
        return cohort, await self.reports.learner(cohort, user_id, cases, now)

    async def timeline_text(
        self, visitor: Visitor, cohort_id: int, user_id: int, now: datetime
    ) -> tuple[Cohort, list[TimelineWeek]]:
        """The learner's timeline week by week, in words: what the chart shows, for a
        screen reader or a search in the page."""
        cohort, line = await self._timeline(visitor, cohort_id, user_id, now)
        return cohort, timeline_weeks(line)

    async def chart(
        self, visitor: Visitor, cohort_id: int, user_id: int, names: Names, now: datetime
    ) -> str:
        """The learner's timeline as SVG: the chart /suivi apprenant draws as PNG."""
        _, line = await self._timeline(visitor, cohort_id, user_id, now)
        title = text("chart.learner_title", visitor.locale, who=names(user_id))
        # what the chart shows, read (a few milliseconds), is its key: drawn again (a couple
        # of hundred) only once this learner's days, answers, deadlines or cases changed
        key = (title, visitor.locale, repr(line))
        if key in self._charts:
            self._charts.move_to_end(key)
            return self._charts[key]
        svg = await self.drawer.draw(learner_svg, line, title, visitor.locale)
        self._charts[key] = svg
        while len(self._charts) > CHARTS_KEPT:
            self._charts.popitem(last=False)
        return svg
