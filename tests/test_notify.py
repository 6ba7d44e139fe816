"""The learners' DM budget and quiet hours, on a virtual clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tutorat.notify import Budget, next_allowed

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS).astimezone(UTC)


def test_a_dm_in_quiet_hours_waits_for_eight_in_the_morning():
    assert next_allowed(at("2027-01-12T22:30"), PARIS, Budget(), 3, []) == at("2027-01-13T08:00")
    assert next_allowed(at("2027-01-13T06:59"), PARIS, Budget(), 3, []) == at("2027-01-13T08:00")
    assert next_allowed(at("2027-01-13T10:00"), PARIS, Budget(), 3, []) == at("2027-01-13T10:00")


def test_no_more_than_three_dms_a_week_the_fourth_waits_for_the_oldest_to_age():
    sent = [at("2027-01-11T10:00"), at("2027-01-12T10:00"), at("2027-01-13T10:00")]
    now = at("2027-01-14T10:00")
    assert next_allowed(now, PARIS, Budget(), 3, sent) == at("2027-01-18T10:00")
    assert next_allowed(now, PARIS, Budget(), 3, sent[1:]) == now
    assert next_allowed(now, PARIS, Budget(), 1, sent[2:]) == at("2027-01-20T10:00")


def test_a_budget_freeing_up_at_night_waits_for_the_morning_too():
    sent = [at("2027-01-11T23:30") - timedelta(hours=3)] * 3  # 20:30
    assert next_allowed(at("2027-01-12T09:00"), PARIS, Budget(), 3, sent) == at("2027-01-18T20:30")
    late = [at("2027-01-11T21:30") - timedelta(minutes=10)] * 3  # 21:20, in quiet hours
    assert next_allowed(at("2027-01-12T09:00"), PARIS, Budget(), 3, late) == at("2027-01-19T08:00")


def test_no_dm_at_all_when_the_learner_chose_zero():
    assert next_allowed(at("2027-01-12T10:00"), PARIS, Budget(), 0, []).year == 9999


async def test_learners_dms_wait_out_quiet_hours_and_respect_their_budget(running, scene, sandbox):
    from tutorat.outbox import outbox_key

    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    outbox = bot.services.outbox

    async def dm(n: int) -> None:
        await outbox.direct(
            outbox_key("test", n),
            {"content": f"message {n}", "audience": "learner", "zone": "Europe/Paris"},
            bot.clock.now(),
            guild_id=scene.guild_id,
            user_id=lea,
        )
        await bot.get_cog("Delivery").flush_now()

    def received() -> list[str]:
        return [m["content"] for m in sandbox.dms_to(lea)]

    await bot.advance_to(at("2027-01-11T22:00"))
    await dm(1)
    assert received() == []  # quiet hours
    await bot.advance_to(at("2027-01-12T08:00"))
    assert received() == ["message 1"]
    for n in (2, 3, 4):
        await dm(n)
    assert received() == ["message 1", "message 2", "message 3"]  # 3 a week
    await bot.advance_to(at("2027-01-19T08:00"))  # a week after the first
    assert received()[-1] == "message 4"
    tutor_prompt = await outbox.direct(
        outbox_key("test", "tutor"),
        {"content": "pour Camille"},
        bot.clock.now(),
        guild_id=scene.guild_id,
        user_id=scene.tutor_id,
    )
    assert tutor_prompt
    await bot.advance_to(at("2027-01-19T23:00"))
    await bot.get_cog("Delivery").flush_now()
    assert [m["content"] for m in sandbox.dms_to(scene.tutor_id)] == ["pour Camille"]

    chosen = await scene.people.command(
        lea, scene.help_channel_id, "notifications", options={"par_semaine": 0}
    )
    assert "le bot ne vous enverra plus de message privé" in chosen.responses[0]["data"]["content"]
    await dm(5)
    await bot.advance_to(at("2027-01-28T12:00"))
    assert "message 5" not in received()
