"""What could not be delivered is told to the tutors: a missing permission, closed DMs with
nowhere to fall back, retries exhausted; once each, and a failed report is not reported."""

from __future__ import annotations

from tests.cohort_steps import cohort_of, configure, create_cohort
from tutorat.models import OutboxStatus

MESSAGES = "/channels/{channel_id}/messages"


async def ready(running, scene):
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    await bot.get_cog("Delivery").flush_now()
    return await cohort_of(bot, scene)


def told(sandbox, cohort) -> list[str]:
    return [m["content"] for m in sandbox.messages_in(cohort.tutors_channel_id)]


async def test_a_post_refused_for_a_permission_is_told_to_the_tutors_once(running, scene, sandbox):
    cohort = await ready(running, scene)
    bot = running.bot
    sandbox.fail("POST", MESSAGES, 403, code=50013)
    key = f"cohort:{cohort.id}:presence:2027-01-12"
    await bot.services.outbox.post(
        key,
        {"content": "Bonjour"},
        bot.clock.now(),
        guild_id=scene.guild_id,
        channel_id=cohort.channel_id,
    )
    await bot.get_cog("Delivery").flush_now()
    await bot.get_cog("Delivery").flush_now()
    assert (await bot.services.outbox.store.get(key)).status is OutboxStatus.FAILED
    reports = [t for t in told(sandbox, cohort) if key in t]
    assert len(reports) == 1
    assert f"<#{cohort.channel_id}>" in reports[0] and "permission" in reports[0]


async def test_a_dm_to_closed_dms_without_fallback_is_told_to_the_tutors(running, scene, sandbox):
    cohort = await ready(running, scene)
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    await bot.services.cohorts.join(cohort.id, lea, bot.clock.now())
    sandbox.dms_closed.add(lea)
    await bot.services.outbox.direct(
        "case:1:learner",
        {"content": "Un coup de main ?"},
        bot.clock.now(),
        guild_id=scene.guild_id,
        user_id=lea,
    )
    await bot.get_cog("Delivery").flush_now()
    [report] = [t for t in told(sandbox, cohort) if "case:1:learner" in t]
    assert f"<@{lea}>" in report and "messages privés sont fermés" in report


async def test_a_report_that_fails_is_not_reported_again(running, scene, sandbox):
    cohort = await ready(running, scene)
    bot = running.bot
    sandbox.fail("POST", MESSAGES, 403, code=50013, times=2)  # the post, then its report
    key = f"cohort:{cohort.id}:presence:2027-01-12"
    await bot.services.outbox.post(
        key,
        {"content": "Bonjour"},
        bot.clock.now(),
        guild_id=scene.guild_id,
        channel_id=cohort.channel_id,
    )
    await bot.get_cog("Delivery").flush_now()
    failed = await bot.services.outbox.store.by_status(OutboxStatus.FAILED)
    assert [i.key for i in failed] == [key, f"undelivered:{key}"]
    assert len(sandbox.requests_to("POST", MESSAGES)) == 2  # no third attempt
