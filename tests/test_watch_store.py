"""The score's storage (db/cases.py, migration 009), on SQLite and PostgreSQL: each learner's
highest score only rises; the watch list is the day's, ranked, in place of yesterday's; a
checkpoint keeps its weight; an erasure takes the learner off both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

GUILD = 10
START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


def row(user: int, ranking: int, score: float, past_cap: bool) -> dict:
    return {
        "user_id": user,
        "tutor_id": 7,
        "ranking": ranking,
        "score": score,
        "threshold": 3.0,
        "past_cap": past_cap,
        "reasons": ["« Devoir 1 » pas rendu", "aucune activité"],
        "day": "2027-02-03",
    }


async def test_peaks_the_watch_list_and_weights_are_kept_and_erased(store_services):
    services = store_services
    store = services.cases.store
    cohort = await services.cohorts.create(
        GUILD, "Veille", "Europe/Paris", START, START + timedelta(days=90), START
    )
    for user in (100, 101, 102):
        await services.cohorts.join(cohort.id, user, START)

    await store.raise_peaks(cohort.id, {100: 2.5, 101: 1.0})
    await store.raise_peaks(cohort.id, {101: 3.25})
    assert await store.peaks(cohort.id) == {100: 2.5, 101: 3.25}

    await store.replace_watch_list(cohort.id, [row(101, 1, 4.0, True), row(102, 2, 2.5, False)])
    await store.replace_watch_list(cohort.id, [row(102, 1, 3.5, True), row(100, 2, 2.4, False)])
    found = await store.watch_list(cohort.id)
    assert [(r["user_id"], r["score"], r["past_cap"]) for r in found] == [
        (102, 3.5, True),
        (100, 2.4, False),
    ]
    assert found[0]["reasons"] == ["« Devoir 1 » pas rendu", "aucune activité"]
    assert await services.reports.store.watching(cohort.id) == (2, 1)

    checkpoints = services.presence.checkpoints
    await checkpoints.add(cohort.id, "Quiz", START + timedelta(days=5), START, 0.0)
    await checkpoints.add(cohort.id, "Devoir", START + timedelta(days=6), START, 18.5)
    await checkpoints.add(cohort.id, "Oral", START + timedelta(days=7), START)
    due, _ = await store.checkpoint_status(cohort.id, START + timedelta(days=10))
    assert {c["name"]: c["weight"] for c in due} == {"Quiz": 0.0, "Devoir": 18.5, "Oral": None}

    await services.rights.erase(GUILD, 102, START + timedelta(days=11))
    assert [r["user_id"] for r in await store.watch_list(cohort.id)] == [100]
    await services.rights.erase(GUILD, 100, START + timedelta(days=11))
    assert await store.peaks(cohort.id) == {101: 3.25}
