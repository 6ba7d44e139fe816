"""The outbox end to end: recorded before sent, sent once, retried or reported on failure."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest

from tutorat.models import OutboxStatus
from tutorat.outbox import nonce_for

MESSAGES = "/channels/{channel_id}/messages"


async def record(bot, scene, key="cohort:1:presence:2027-01-04", **target):
    target = target or {"channel_id": scene.cohort_channel_id}
    payload = {"content": "Bonjour à toutes et à tous !"}
    store = bot.services.outbox.store
    assert await store.add(key, payload, bot.clock.now(), guild_id=scene.guild_id, **target)
    return await store.get(key)


async def flush(bot):
    await bot.get_cog("Delivery").flush_now()


async def test_recorded_then_restarted_before_sending_is_sent_once(running, scene, sandbox):
    await record(running.bot, scene)
    bot = await running.restart()  # the start-up flush sends what was pending
    await sandbox.wait_for(lambda: sandbox.messages_in(scene.cohort_channel_id))
    await flush(bot)
    messages = sandbox.messages_in(scene.cohort_channel_id)
    assert [m["content"] for m in messages] == ["Bonjour à toutes et à tous !"]
    item = await bot.services.outbox.store.get("cohort:1:presence:2027-01-04")
    assert item.status is OutboxStatus.SENT
    assert item.message_id == int(messages[0]["id"])


async def test_a_send_that_reached_discord_before_a_crash_is_not_posted_twice(
    running, scene, sandbox
):
    item = await record(running.bot, scene)
    first_id = await running.bot.sender.send(item)  # Discord got it; the bot died before noting it
    bot = await running.restart()
    await flush(bot)
    posts = sandbox.requests_to("POST", MESSAGES)
    assert len(posts) >= 2 and {p.body["nonce"] for p in posts} == {nonce_for(item.key)}
    assert all(p.body["enforce_nonce"] for p in posts)
    assert len(sandbox.messages_in(scene.cohort_channel_id)) == 1
    sent = await bot.services.outbox.store.get(item.key)
    assert sent.status is OutboxStatus.SENT and sent.message_id == first_id


async def test_a_429_is_waited_out_and_the_message_sent_once(running, scene, sandbox):
    sandbox.fail("POST", MESSAGES, 429, retry_after=0.05)
    item = await record(running.bot, scene)
    await flush(running.bot)
    assert [r.status for r in sandbox.requests_to("POST", MESSAGES)] == [429, 200]
    assert len(sandbox.messages_in(scene.cohort_channel_id)) == 1
    assert (await running.bot.services.outbox.store.get(item.key)).status is OutboxStatus.SENT


async def test_a_long_429_or_a_5xx_is_retried_later_and_sent_once(running, scene, sandbox):
    bot = running.bot
    sandbox.fail("POST", MESSAGES, 429, retry_after=120)  # longer than the bot will wait
    sandbox.fail("POST", MESSAGES, 503)
    item = await record(bot, scene)
    await flush(bot)
    pending = await bot.services.outbox.store.get(item.key)
    assert pending.status is OutboxStatus.PENDING and pending.error_code == 429
    assert pending.next_attempt_at >= bot.clock.now() + timedelta(seconds=120)
    await flush(bot)  # not due yet: nothing sent
    assert len(sandbox.requests_to("POST", MESSAGES)) == 1

    await bot.advance_to(pending.next_attempt_at + timedelta(seconds=1))  # 503 this time
    pending = await bot.services.outbox.store.get(item.key)
    assert pending.status is OutboxStatus.PENDING and pending.error_code == 503
    await bot.advance_to(bot.clock.now() + timedelta(hours=1))
    assert len(sandbox.messages_in(scene.cohort_channel_id)) == 1
    assert (await bot.services.outbox.store.get(item.key)).status is OutboxStatus.SENT


async def test_missing_permission_is_kept_as_failed_and_not_retried(running, scene, sandbox):
    bot = running.bot
    sandbox.fail("POST", MESSAGES, 403, code=50013)
    item = await record(bot, scene)
    await flush(bot)
    await bot.advance_to(bot.clock.now() + timedelta(days=1))
    failed = await bot.services.outbox.store.get(item.key)
    assert failed.status is OutboxStatus.FAILED and failed.error_code == 50013
    assert len(sandbox.requests_to("POST", MESSAGES)) == 1
    assert [i.key for i in await bot.services.outbox.store.by_status(OutboxStatus.FAILED)] == [
        item.key
    ]


async def test_closed_dms_are_reported_not_retried(running, scene, sandbox):
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    sandbox.dms_closed.add(lea)
    item = await record(bot, scene, key="learner:lea:welcome", user_id=lea)
    await flush(bot)
    failed = await bot.services.outbox.store.get(item.key)
    assert failed.status is OutboxStatus.FAILED and failed.error_code == 50007
    assert sandbox.dms_to(lea) == []


async def test_a_dm_is_delivered_in_the_learners_private_channel(running, scene, sandbox):
    lea = await scene.people.join(scene.guild_id, "lea")
    await record(running.bot, scene, key="learner:lea:welcome", user_id=lea)
    await flush(running.bot)
    assert [m["content"] for m in sandbox.dms_to(lea)] == ["Bonjour à toutes et à tous !"]


async def test_the_sandbox_rejects_a_request_outside_the_spec(running, scene, sandbox):
    channel = running.bot.get_channel(scene.cohort_channel_id)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send("x" * 4001)
    assert caught.value.status == 400 and caught.value.code == 50035
    assert any("$.content" in v for v in sandbox.violations)
    assert all(v.startswith("bot request") for v in sandbox.violations)
    assert sandbox.messages_in(scene.cohort_channel_id) == []
    sandbox.violations.clear()  # seen and expected: do not fail the test at teardown
