"""Course-platform activity in the method: who is who (links), what a source reported
(statements, a CSV), and polling a cohort's source on a schedule.

Counts go through the activity service, as Discord's do. A statement is counted once per
cohort, across restarts (its id is kept, nothing else of it). Until a tutor confirms a link,
nothing is attributed to the member: the counts of accounts not linked yet wait apart and are
handed over on confirmation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from apscheduler.triggers.cron import CronTrigger

from tutorat.activity import platform_kind
from tutorat.errors import Refusal
from tutorat.models import Cohort
from tutorat.outbox import outbox_key
from tutorat.platform import (
    Check,
    Hit,
    Link,
    PlatformError,
    SourceError,
    SourceState,
    account_key,
    aliases,
    is_roster,
    parse_activity_csv,
    parse_instant,
    parse_roster_csv,
    read_statement,
    tally,
)
from tutorat.schedule import Job
from tutorat.texts import text

log = logging.getLogger(__name__)
EDGE = timedelta(seconds=1)

Counts = Counter[tuple[str, date, str]]


class StatementSource(Protocol):
    """An adapter (an LRS client, Moodle's web services) reading a course's statements."""

    name: str

    def statements(self, since: datetime | None, scope: str) -> AsyncIterator[list[dict]]: ...


@dataclass
class Ingested:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    malformed: int = 0
    attributed: int = 0
    waiting: int = 0
    cursor: datetime | None = None  # the latest `stored` instant read so far

    def __iadd__(self, other: Ingested) -> Ingested:
        for name in ("read", "new", "duplicates", "malformed", "attributed", "waiting"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.cursor is not None and (self.cursor is None or other.cursor > self.cursor):
            self.cursor = other.cursor
        return self


class PlatformService:
    def __init__(
        self,
        store,  # db.platform.PlatformRepository
        activity,  # ActivityService
        cohorts,  # CohortService
        outbox,
        checkpoints=None,  # CheckpointRepository: platform assignments become checkpoints
        *,
        overlap: timedelta = timedelta(hours=2),
        interval_minutes: int = 30,
        sources: dict | None = None,  # name -> StatementSource, given by the wiring
        share: float = 0.1,  # of the event loop's time a poll may take (the gateway's first)
        deadline: float = 600.0,  # seconds a poll of one source may last; then it resumes
    ) -> None:
        self.store = store
        self.activity = activity
        self.cohorts = cohorts
        self.outbox = outbox
        self.checkpoints = checkpoints
        self.overlap = overlap
        self.interval_minutes = interval_minutes
        self.sources: dict[str, StatementSource] = sources or {}
        self.share = share
        self.deadline = deadline

    # who is who -----------------------------------------------------------------------------

    async def _learner_cohorts(self, guild_id: int, user_id: int) -> list[Cohort]:
        ids = await self.cohorts.learners.cohorts_of(user_id, guild_id)
        found = [await self.cohorts.cohorts.get(i) for i in ids]
        return [c for c in found if c is not None and c.archived_at is None]

    async def declare(self, guild_id: int, user_id: int, account: str, now: datetime) -> list:
        """A learner says which platform account is theirs: it waits for a tutor."""
        if not account.strip() or len(account) > 320:
            raise Refusal("platform.bad_account")
        cohorts = await self._learner_cohorts(guild_id, user_id)
        if not cohorts:
            raise Refusal("platform.not_learner")
        key = account_key(account)
        for cohort in cohorts:
            await self.store.link(cohort.id, user_id, key, "learner", now)
            if cohort.tutors_channel_id is not None:
                await self.outbox.post(
                    outbox_key("platform-link", cohort.id, user_id, now.isoformat()),
                    {"content": text("platform.to_confirm", cohort.locale, user=f"<@{user_id}>")},
                    now,
                    guild_id=guild_id,
                    channel_id=cohort.tutors_channel_id,
                )
        return cohorts

    async def confirm(self, cohort: Cohort, user_id: int, tutor_id: int, now: datetime) -> int:
        """A tutor confirms a learner's declaration; what their account did is handed over."""
        if not await self.store.confirm(cohort.id, user_id, tutor_id, now):
            raise Refusal("platform.nothing_to_confirm")
        link = next(x for x in await self.store.links(cohort.id) if x.user_id == user_id)
        return await self._hand_over(cohort, [link])

    def _aliases(self, key: str) -> list[str]:
        """The keys naming this account, the Moodle site's own among them."""
        moodle = self.sources.get("moodle")
        return aliases(key, getattr(moodle, "url", ""))

    async def _hand_over(self, cohort: Cohort, links: list[Link]) -> int:
        owner = {alias: link.user_id for link in links for alias in self._aliases(link.account)}
        handed = 0
        async with self.activity.flushing_in(self.store.batch()) as flush:
            for account, day, kind, count in await self.store.take_pending(cohort.id, [*owner]):
                self.activity.record_platform(
                    cohort.guild_id, cohort.id, owner[account], day, platform_kind(kind), count
                )
                handed += count
            await flush()
        return handed

    async def unlink(self, guild_id: int, user_id: int) -> int:
        """A learner removes their link (everywhere in this server)."""
        removed = 0
        for cohort in await self._learner_cohorts(guild_id, user_id):
            removed += await self.store.unlink(cohort.id, user_id)
        return removed

    async def links_of(self, guild_id: int, user_id: int) -> list[Link]:
        cohorts = {c.id for c in await self._learner_cohorts(guild_id, user_id)}
        return [x for x in await self.store.links_of(user_id) if x.cohort_id in cohorts]

    async def links(self, cohort: Cohort) -> list[Link]:
        return await self.store.links(cohort.id)

    async def linked_count(self, cohort: Cohort) -> tuple[int, int]:
        """(confirmed links, declarations waiting for a tutor)."""
        links = await self.store.links(cohort.id)
        confirmed = sum(1 for x in links if x.confirmed)
        return confirmed, len(links) - confirmed

    async def _owners(self, cohort: Cohort) -> dict[str, int]:
        """Every key a statement may carry -> the member, for confirmed links only."""
        return {
            alias: link.user_id
            for link in await self.store.links(cohort.id)
            if link.confirmed
            for alias in self._aliases(link.account)
        }

    # CSV uploads ----------------------------------------------------------------------------

    async def import_csv(
        self, cohort: Cohort, data: bytes, members: dict[str, int], tutor_id: int, now: datetime
    ) -> tuple[str, int, int]:
        """A roster (confirmed links) or an activity report. Answers (what, rows, added).
        A bad row refuses the whole file; a file imported again adds nothing."""
        try:
            if is_roster(data):
                return "roster", *await self._roster(cohort, data, members, tutor_id, now)
            return "activity", *await self._report(cohort, parse_activity_csv(data))
        except PlatformError as exc:
            raise Refusal(exc.key, line=exc.line, column=exc.column, value=exc.value) from None

    async def _roster(self, cohort, data, members, tutor_id, now) -> tuple[int, int]:
        rows = parse_roster_csv(data)
        resolved = []
        for line, (member, account) in enumerate(rows, start=2):
            user_id = members.get(member.lower().lstrip("@"))
            if user_id is None:
                raise PlatformError("platform.csv.unknown_member", line, "discord", member)
            resolved.append((user_id, account))
        async with self.store.batch():
            for user_id, account in resolved:
                await self.store.link(cohort.id, user_id, account, "roster", now, tutor_id)
        links = [x for x in await self.store.links(cohort.id) if x.origin == "roster"]
        return len(resolved), await self._hand_over(cohort, links)

    async def _report(self, cohort: Cohort, counts: Counts) -> tuple[int, int]:
        async with self.activity.flushing_in(self.store.batch()) as flush:
            added = await self.store.imported_more(cohort.id, counts)
            attributed, waiting = await self._attribute(cohort, Counter(added))
            await flush()
        return len(counts), attributed + waiting

    async def _attribute(
        self, cohort: Cohort, counts: Counts, others: dict[str, tuple[str, ...]] | None = None
    ) -> tuple[int, int]:
        """Counts of linked accounts to the activity service; the others wait, under their
        main key, their other keys (`others`) remembered so that a link to either takes them."""
        owners = await self._owners(cohort)
        others = others or {}
        waiting: Counts = Counter()
        attributed = 0
        for (account, day, kind), count in counts.items():
            user_id = next(
                (owners[k] for k in (account, *others.get(account, ())) if k in owners), None
            )
            if user_id is None:
                waiting[(account, day, kind)] += count
                continue
            self.activity.record_platform(
                cohort.guild_id, cohort.id, user_id, day, platform_kind(kind), count
            )
            attributed += count
        await self.store.add_pending(cohort.id, waiting)
        aka = {o: a for a in {a for a, _, _ in waiting} for o in others.get(a, ())}
        if aka:
            await self.store.add_pending_aliases(cohort.id, aka)
        return attributed, sum(waiting.values())

    # statements -----------------------------------------------------------------------------

    async def ingest(self, cohort: Cohort, statements: list) -> Ingested:
        """One page of statements, written whole: the ids seen with the counts they add."""
        report = Ingested(read=len(statements))
        hits: dict[str, Hit] = {}
        newest = None
        for statement in statements:
            hit = read_statement(statement, cohort.zone)
            if hit is None:
                report.malformed += 1
                continue
            hits[hit.statement_id] = hit
            stored = parse_instant(statement.get("stored"))
            if stored is not None and (newest is None or stored > newest):
                newest = stored
        async with self.activity.flushing_in(self.store.batch()) as flush:
            new = await self.store.unseen(cohort.id, list(hits))
            report.new = len(new)
            report.duplicates = len(hits) - len(new)
            fresh = [hits[sid] for sid in hits if sid in new]
            others = {h.account: h.others for h in fresh if h.others}
            report.attributed, report.waiting = await self._attribute(cohort, tally(fresh), others)
            await self._submitted(cohort, [h for h in fresh if h.target])
            await self.store.mark_seen(cohort.id, new)
            await flush()
        report.cursor = newest
        if report.malformed:
            log.warning("cohort %s: malformed statements skipped: %d", cohort.id, report.malformed)
        return report

    async def _submitted(self, cohort: Cohort, hits: list[Hit]) -> None:
        """A submission on the platform declares the checkpoint it maps to done."""
        if not hits or self.checkpoints is None:
            return
        facts = await self.store.checkpoint_facts(cohort.id)
        owners = await self._owners(cohort)
        due = {c.id: c.due_at for c in await self.checkpoints.of_cohort(cohort.id)}
        for hit in hits:
            user_id = next((owners[k] for k in (hit.account, *hit.others) if k in owners), None)
            checkpoint_id = facts.get(hit.target)
            if checkpoint_id in due and user_id is not None:
                late = hit.at > due[checkpoint_id]
                await self.checkpoints.declare(checkpoint_id, user_id, hit.at, late)

    async def sync_checkpoints(self, cohort: Cohort, source, scope: str, now: datetime) -> int:
        """The course's assignments with a due date, as checkpoints (once each)."""
        if self.checkpoints is None or not hasattr(source, "checkpoints"):
            return 0
        known = await self.store.checkpoint_facts(cohort.id)
        made = 0
        for fact, name, due_at, *weight in await source.checkpoints(scope):
            if fact in known:
                continue
            name = " ".join(name.split())[:80] or fact
            weight = weight[0] if weight else None  # 0: formative, as the platform says it
            checkpoint_id = await self.checkpoints.add(cohort.id, name, due_at, now, weight)
            if checkpoint_id is None:  # a tutor's checkpoint of that name: the same one
                same = [c for c in await self.checkpoints.of_cohort(cohort.id) if c.name == name]
                checkpoint_id = same[0].id if same else None
            if checkpoint_id is not None:
                await self.store.map_checkpoint(cohort.id, fact, checkpoint_id)
                made += 1
        return made

    # polling ----------------------------------------------------------------------------------

    async def connect(
        self, cohort: Cohort, source: str, scope: str, tutor_id: int | None = None
    ) -> Check | None:
        """Connect the cohort's source and try it at once (when the source can): what is
        missing comes back to the tutor, who is also the one told of set-up problems later."""
        if source not in self.sources:
            raise Refusal("platform.source_not_configured", source=source)
        await self.store.set_source(cohort.id, source, scope.strip(), tutor_id)
        adapter = self.sources[source]
        if not hasattr(adapter, "check"):
            return None
        return await adapter.check(scope.strip())

    async def state(self, cohort: Cohort) -> list[SourceState]:
        return await self.store.sources(cohort.id)

    async def poll(self, cohort: Cohort, now: datetime) -> Ingested:
        """Read what each of the cohort's sources has since the cursor (less the overlap, for
        statements stored late), page by page. A source that fails keeps its cursor: the next
        poll catches up, and the ids seen keep it from counting anything twice."""
        total = Ingested()
        for state in await self.store.sources(cohort.id):
            source = self.sources.get(state.source)
            if source is None:
                continue
            # a second more than the overlap: an LRS may leave out what was stored in the same
            # second as `since` (Learning Locker does), and the cursor is kept to the second
            since = state.cursor - self.overlap - EDGE if state.cursor else None
            this = Ingested()
            try:
                finished = await self._read(cohort, source, state, since, now, this)
            except SourceError as exc:
                await self._failed(cohort, state, exc, now)
                continue
            finally:
                total += this
            if not finished:  # cut short: the next poll resumes from the progress kept
                log.warning("cohort %s: poll of %s cut short", cohort.id, state.source)
                latest = next(
                    s for s in await self.store.sources(cohort.id) if s.source == state.source
                )
                await self.store.save_state(replace(latest, polled_at=now))
                continue
            if state.failing_since is not None:
                log.info("cohort %s: source %s is back", cohort.id, state.source)
            # the cursor moves only once a whole poll is read: pages may come newest first
            cursor = max(filter(None, (state.cursor, this.cursor)), default=None)
            await self.store.save_state(
                replace(
                    state,
                    cursor=cursor,
                    polled_at=now,
                    failing_since=None,
                    failure=None,
                    progress=None,
                )
            )
        return total

    async def _read(self, cohort, source, state: SourceState, since, now, this) -> bool:
        """One source's poll, page by page, within the deadline (then False, with the last
        page's mark kept as the progress to resume from). Refusals of the assignments (a
        capability missing) are told after the rest has been read, not instead of it."""
        loop = asyncio.get_running_loop()
        # only a source that can resume has a deadline: another one would start over each time
        resumable = getattr(source, "resumable", False)
        deadline = self.deadline if resumable else None
        ends = loop.time() + (self.deadline if resumable else float("inf"))
        problem = None
        try:
            await asyncio.wait_for(
                self.sync_checkpoints(cohort, source, state.scope, now), deadline
            )
        except SourceError as exc:
            problem = exc
        except TimeoutError:
            return False
        resume = {"resume": state.progress} if resumable else {}
        async with aclosing(source.statements(since, state.scope, **resume)) as pages:
            while True:
                began = time.thread_time()
                try:
                    left = max(0.0, ends - loop.time()) if resumable else None
                    page = await asyncio.wait_for(anext(pages), left)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    return False
                this += await self.ingest(cohort, page)
                mark = getattr(page, "mark", None)
                if mark is not None:
                    await self.store.save_state(replace(state, progress=mark))
                await self._give_way(time.thread_time() - began)
        if problem is not None:
            raise problem
        return True

    async def _give_way(self, spent: float) -> None:
        """After a page: pause so that the poll takes at most `share` of this thread's time
        (what it spent reading and counting the page, on the event loop's thread)."""
        await asyncio.sleep(spent * (1 - self.share) / self.share if self.share < 1 else 0)

    async def _failed(self, cohort: Cohort, state: SourceState, exc: SourceError, now) -> None:
        log.warning("cohort %s: source %s could not be read: %s", cohort.id, state.source, exc)
        if state.failing_since is None:
            state = replace(state, failing_since=now)
            if cohort.tutors_channel_id is not None:
                said = failure_text(exc, cohort.locale)
                if exc.reason == "setup" and state.connected_by is not None:
                    said = f"<@{state.connected_by}> {said}"  # who connected it, can act
                await self.outbox.post(
                    outbox_key("platform-down", cohort.id, state.source, now.isoformat()),
                    {"content": said},
                    now,
                    guild_id=cohort.guild_id,
                    channel_id=cohort.tutors_channel_id,
                )
        await self.store.save_state(replace(state, failure=exc.reason))

    def jobs_for(self, cohort: Cohort) -> list[Job]:
        if not self.sources:
            return []
        n = self.interval_minutes
        every = {"minute": f"*/{n}"} if n < 60 else {"minute": "0", "hour": f"*/{n // 60}"}

        async def run(now: datetime) -> None:
            await self.poll(cohort, now)

        trigger = CronTrigger(timezone=cohort.zone, **every)
        return [
            Job(f"platform:{cohort.id}", trigger, run, timedelta(minutes=self.interval_minutes))
        ]


def failure_text(exc: SourceError, locale: str) -> str:
    """What a tutor is told of a source that failed: the source's own sentence (Moodle's:
    what is missing, and Moodle's message), or the general one with its reason."""
    if not exc.says.startswith("platform.failure_"):
        return text(exc.says, locale, **exc.facts)
    reason = text(exc.says, locale)
    return text("platform.source_down", locale, reason=reason)


def check_text(check: Check, source: str, locale: str) -> str:
    """/plateforme connecter's answer: in one sentence, what the source lacks, or what it
    sees."""
    if check.problems:
        seen, parts = set(), []
        for problem in check.problems:
            part = text(f"{problem.says}.part", locale, **problem.facts)
            if part not in seen:
                seen.add(part)
                parts.append(part)
        return text("platform.check_missing", locale, source=source, missing=" ; ".join(parts))
    key = "platform.check_ok" if check.emails else "platform.check_ok_no_email"
    return text(key, locale, source=source, learners=check.learners, assignments=check.assignments)
