"""Which cases the daily follow-up reads (db/cases.py `to_follow_up`), on SQLite and
PostgreSQL: the open cases still waiting for a contact that may yet get a reminder or an
escalation; never a closed one, a contacted one, or one that had both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

GUILD = 10
START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)


async def test_the_follow_up_reads_only_the_cases_it_may_still_act_on(store_services):
    services = store_services
    store = services.cases.store
    cohort = await services.cohorts.create(
        GUILD, "Suivi", "Europe/Paris", START, START + timedelta(days=90), START
    )
    later = START + timedelta(days=3)
    states = {
        "waiting": {},
        "reminded": {"reminded_at": later},
        "escalated, never reminded": {"escalated_at": later},
        "reminded and escalated": {"reminded_at": later, "escalated_at": later},
        "contacted": {"contacted_at": later},
        "closed": {"closed_at": later, "outcome": "done"},
    }
    ids = {}
    for user, (state, fields) in enumerate(states.items(), start=100):
        await services.cohorts.join(cohort.id, user, START)
        ids[state] = await store.open(
            cohort.id, user, None, "decouragement", ["S4"], ["raison"], START
        )
        if fields:
            await store.update(await store.get(ids[state]), **fields)
    found = [case.id for case in await store.to_follow_up(cohort.id)]
    assert found == [ids["waiting"], ids["reminded"], ids["escalated, never reminded"]]
