"""The web view's storage on both backends: one-time links, sessions, the contact log, and
the contact log going with a learner's erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tutorat.desk import Desk
from tutorat.errors import Refusal
from tutorat.models import GuildSettings
from tutorat.team import Standing

NOW = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
GUILD, TUTOR, ROLE = 10, 20, 30


async def test_links_sessions_and_contacts_are_kept_on_both_backends(store_services):
    services = store_services
    await services.team.save(GuildSettings(GUILD, tutor_role_id=ROLE), NOW)
    tutor = Standing(frozenset({ROLE}))
    desk = Desk(services.desk.store, services.team, b"k" * 32)
    token = await desk.link(GUILD, TUTOR, tutor, "fr", NOW)
    cookie = await desk.enter(token, NOW, lambda g, u: tutor)
    visitor = await desk.visitor(cookie, NOW + timedelta(hours=7), lambda g, u: tutor)
    assert (visitor.guild_id, visitor.user_id, visitor.coordinator) == (GUILD, TUTOR, False)
    with pytest.raises(Refusal, match="web.link_used"):
        await desk.enter(token, NOW, lambda g, u: tutor)
    with pytest.raises(Refusal, match="web.signed_out"):
        await desk.visitor(cookie, NOW + timedelta(hours=8), lambda g, u: tutor)
    await desk.leave(cookie, NOW)
    with pytest.raises(Refusal, match="web.signed_out"):
        await desk.visitor(cookie, NOW, lambda g, u: tutor)

    cohort = await services.cohorts.create(
        GUILD, "Janvier", "Europe/Paris", NOW, NOW + timedelta(days=60), NOW
    )
    await services.cohorts.join(cohort.id, 99, NOW)
    store = services.desk_pages.store
    await store.add_contact(cohort.id, 99, TUTOR, "note", "Appel", NOW)
    [contact] = await store.contacts(cohort.id, 99)
    assert (contact["kind"], contact["note"], contact["at"]) == ("note", "Appel", NOW)
    await services.rights.erase(GUILD, 99, NOW)
    assert await store.contacts(cohort.id) == []
