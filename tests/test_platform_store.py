"""The platform's rows on both stores (SQLite, PostgreSQL): links, ids seen, counts waiting,
CSV rows imported, poll state, assignments made checkpoints, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tutorat.models import ActivityCount, ActivityKind, Place

GUILD, LEA = 10, 101
NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
DAY = date(2027, 1, 12)


async def test_the_platform_rows_read_back_the_same_on_both_stores(store_services):
    services = store_services
    store = services.platform.store
    cohort = await services.cohorts.create(
        GUILD, "Stats", "Europe/Paris", NOW, NOW + timedelta(days=30), NOW
    )
    await services.cohorts.join(cohort.id, LEA, NOW)

    await store.link(cohort.id, LEA, "mbox:lea@example.org", "learner", NOW)
    assert await store.confirm(cohort.id, LEA, 7, NOW + timedelta(hours=1))
    assert not await store.confirm(cohort.id, LEA, 7, NOW)  # once
    [link] = await store.links(cohort.id)
    assert (link.account, link.confirmed_by, link.confirmed_at) == (
        "mbox:lea@example.org",
        7,
        NOW + timedelta(hours=1),
    )

    assert await store.unseen(cohort.id, ["a", "b"]) == {"a", "b"}
    async with store.batch():
        await store.mark_seen(cohort.id, ["a"])
    assert await store.unseen(cohort.id, ["a", "b"]) == {"b"}

    await store.add_pending(cohort.id, {("mbox:x@y.org", DAY, "viewed"): 2})
    await store.add_pending(cohort.id, {("mbox:x@y.org", DAY, "viewed"): 1})
    assert await store.take_pending(cohort.id, ["mbox:x@y.org"]) == [
        ("mbox:x@y.org", DAY, "viewed", 3)
    ]
    assert await store.take_pending(cohort.id, ["mbox:x@y.org"]) == []

    counts = {("mbox:lea@example.org", DAY, "viewed"): 4}
    assert await store.imported_more(cohort.id, counts) == counts
    assert await store.imported_more(cohort.id, counts) == {}  # the same file again
    more = {("mbox:lea@example.org", DAY, "viewed"): 6}
    assert await store.imported_more(cohort.id, more) == {
        ("mbox:lea@example.org", DAY, "viewed"): 2
    }

    await store.set_source(cohort.id, "xapi", "https://lms.example.org/course/7")
    [state] = await store.sources(cohort.id)
    from dataclasses import replace

    await store.save_state(replace(state, cursor=NOW, failing_since=NOW, failure="auth"))
    [state] = await store.sources(cohort.id)
    assert (state.scope, state.cursor, state.failure) == (
        "https://lms.example.org/course/7",
        NOW,
        "auth",
    )

    checkpoint = await services.presence.checkpoints.add(cohort.id, "Devoir", NOW, NOW)
    await store.map_checkpoint(cohort.id, "moodle:7:assign:13", checkpoint)
    await store.map_checkpoint(cohort.id, "moodle:7:assign:13", checkpoint)
    assert await store.checkpoint_facts(cohort.id) == {"moodle:7:assign:13": checkpoint}

    await services.activity.store.add_counts(
        [ActivityCount(GUILD, LEA, DAY, Place.PLATFORM, ActivityKind.VIEWED, 4)]
    )
    assert await services.retention.run(NOW + timedelta(days=30 + 366)) == 1
    assert await store.links(cohort.id) == []
    assert await services.activity.store.for_user(GUILD, LEA) == []
    assert await store.unseen(cohort.id, ["a"]) == {"a"}
