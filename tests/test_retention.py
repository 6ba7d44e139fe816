"""Retention: `[privacy] retention_days` after a cohort ends, its learners' personal rows go
(activity of both sources, pulses, goals, cases, platform links); anonymous totals stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot import build_services
from db.database import Database
from tutorat.config import Config, parse_config
from tutorat.models import ActivityCount, ActivityKind, Place

GUILD, LEA, NOE = 10, 101, 102
START = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
END = datetime(2027, 3, 26, 18, 0, tzinfo=UTC)


async def test_a_cohort_past_its_keeping_time_keeps_only_anonymous_totals(tmp_path):
    db = Database(tmp_path / "t.db")
    await db.open()
    await db.migrate()
    try:
        config = parse_config("[privacy]\nretention_days = 30\n")
        services = build_services(db, config)
        old = await services.cohorts.create(GUILD, "Hiver", "Europe/Paris", START, END, START)
        live = await services.cohorts.create(
            GUILD, "Printemps", "Europe/Paris", END, END + timedelta(days=200), START
        )
        for user in (LEA, NOE):
            await services.cohorts.join(old.id, user, START)
        await services.cohorts.join(live.id, NOE, END)  # Noé goes on in the next cohort
        await services.activity.store.add_counts(
            [
                ActivityCount(GUILD, LEA, date(2027, 1, 12), Place.COHORT, ActivityKind.MESSAGE, 3),
                ActivityCount(
                    GUILD, LEA, date(2027, 1, 12), Place.PLATFORM, ActivityKind.VIEWED, 5
                ),
                ActivityCount(
                    GUILD, NOE, date(2027, 1, 13), Place.PLATFORM, ActivityKind.VIEWED, 2
                ),
            ]
        )
        await services.pulse.answers.save(old.id, LEA, 2, (6, 5, 4, 3, 5, 6), START)
        await services.platform.store.link(old.id, LEA, "mbox:lea@example.org", "roster", START, 1)

        assert await services.retention.run(END + timedelta(days=29)) == 0  # not yet
        assert await services.activity.store.for_user(GUILD, LEA) != []
        assert await services.retention.run(END + timedelta(days=31)) == 2
        assert await services.activity.store.for_user(GUILD, LEA) == []
        assert await services.pulse.answers.of_learner(old.id, LEA) == []
        assert await services.platform.links(old) == []
        anonymous = await db.fetchall("SELECT day, total FROM anonymous_activity")
        assert [(r["day"], r["total"]) for r in anonymous] == [("2027-01-12", 8)]
        # Noé is still a learner of the live cohort: his activity stays, the old rows go
        assert await services.activity.store.for_user(GUILD, NOE) != []
        assert await services.cohorts.learners.get(old.id, NOE) is None
        assert await services.cohorts.learners.get(live.id, NOE) is not None
        assert await services.retention.run(END + timedelta(days=32)) == 0  # once
    finally:
        await db.close()


def test_the_keeping_time_is_validated_like_any_key():
    import pytest

    from tutorat.config import ConfigError

    with pytest.raises(ConfigError, match="privacy.retention_days"):
        parse_config("[privacy]\nretention_days = 0\n")
    assert Config().privacy.retention_days == 365
