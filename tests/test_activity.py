"""Activity is counted from gateway events: counts per member, day, place; never content."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from tests.harness import eventually, table_text
from tutorat.models import ActivityKind, Place


async def test_a_message_is_counted_and_its_content_is_not_stored(running_on_both, scene, sandbox):
    running = running_on_both  # on SQLite and on PostgreSQL
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    await scene.people.say(scene.help_channel_id, lea, "Mon secret : je galère en stats")
    await eventually(lambda: bot.services.activity.buffer.events == 1)
    await bot.get_cog("Activity").flush()

    counts = await bot.services.activity.store.for_user(scene.guild_id, lea)
    assert [(c.kind, c.count, c.day) for c in counts] == [
        (ActivityKind.MESSAGE, 1, date(2027, 1, 4))
    ]
    # the sandbox never gave the bot the content (no message-content intent) ...
    assert sandbox.gateway.log[-1]["d"]["content"] == ""
    # ... and nothing of it is in the database
    assert "secret" not in await table_text(running.db_path)


async def test_replies_mentions_reactions_voice_and_commands_are_counted(running, scene):
    bot = running.bot
    people = scene.people
    lea = await people.join(scene.guild_id, "lea")
    noe = await people.join(scene.guild_id, "noe")
    first = await people.say(scene.cohort_channel_id, lea)
    await people.say(scene.cohort_channel_id, noe, reply_to=first)
    await people.say(scene.cohort_channel_id, noe, mentions=[lea])
    await people.say(scene.cohort_channel_id, noe, mentions=[noe])  # oneself: not a peer
    await people.react(first, noe)
    await people.voice(scene.guild_id, noe, scene.cohort_channel_id)
    await people.command(noe, scene.cohort_channel_id, "aide")
    await eventually(lambda: bot.services.activity.buffer.events >= 8)
    await bot.get_cog("Activity").flush()

    counts = {
        c.kind: c.count for c in await bot.services.activity.store.for_user(scene.guild_id, noe)
    }
    assert counts == {
        ActivityKind.MESSAGE: 3,
        ActivityKind.PEER_REPLY: 2,
        ActivityKind.REACTION: 1,
        ActivityKind.VOICE: 1,
        ActivityKind.INTERACTION: 1,
    }


async def test_counts_are_written_in_batches_not_one_commit_per_message(running, scene):
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    writes = []
    original = bot.services.activity.store.add_counts

    async def counting(counts):
        writes.append(len(counts))
        await original(counts)

    bot.services.activity.store.add_counts = counting
    for _ in range(40):
        await scene.people.say(scene.help_channel_id, lea)
    await eventually(lambda: bot.services.activity.buffer.events == 40)
    await bot.get_cog("Activity").flush()
    assert writes == [1]  # one batch, one row: 40 messages the same day in the same place
    counts = await bot.services.activity.store.for_user(scene.guild_id, lea)
    assert [(c.place, c.count) for c in counts] == [(Place.OTHER, 40)]


async def test_a_dropped_gateway_resumes_and_loses_no_event(running, scene, sandbox):
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    await sandbox.gateway.drop()
    await scene.people.say(scene.help_channel_id, lea)  # sent while disconnected
    await eventually(lambda: sandbox.gateway.resumes == 1, timeout=10)
    await eventually(lambda: bot.services.activity.buffer.events == 1)


@pytest.mark.config(activity={"flush_events": 5})
async def test_a_flood_waits_for_the_write_under_way_then_goes_in_one_batch(running, scene):
    """One flush at a time; what arrives during a write goes in the next batch, whole (it
    was chased in batches of a few events, a transaction each, halving the bot's speed)."""
    bot = running.bot
    lea = await scene.people.join(scene.guild_id, "lea")
    service = bot.services.activity
    original = service.store.add_counts
    gate, writes, in_flight = asyncio.Event(), [], []

    async def slow(counts):
        in_flight.append(1)
        assert len(in_flight) == 1, "two writes at once"
        writes.append(sum(c.count for c in counts))
        await gate.wait()  # the database is slow today
        await original(counts)
        in_flight.pop()

    service.store.add_counts = slow
    try:
        for _ in range(5):
            await scene.people.say(scene.help_channel_id, lea)
        await eventually(lambda: writes == [5])  # the fifth message started a write
        for _ in range(45):
            await scene.people.say(scene.help_channel_id, lea)
        await eventually(lambda: service.buffer.events == 45)
        assert service.flushing and writes == [5]  # they wait, the write under way is enough
    finally:
        gate.set()  # a failure above must not leave the bot's last flush waiting
    await eventually(lambda: not service.flushing)
    await bot.get_cog("Activity").flush()
    assert writes == [5, 45]
    counts = await service.store.for_user(scene.guild_id, lea)
    assert [(c.place, c.count) for c in counts] == [(Place.OTHER, 50)]
