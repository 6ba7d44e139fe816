"""Discord sharding: the sandbox's gateway serves a guild only on its shard, and a bot run as
one shard sees, schedules and sends for that shard's guilds only."""

from __future__ import annotations

import asyncio

import pytest

from sandbox.harness import Running, scenes_on_shards
from tests.cohort_steps import configure, create_cohort
from tutorat.config import ConfigError, parse_config
from tutorat.shards import Shards


async def test_a_shard_process_gets_only_its_guilds_and_their_jobs(sandbox, clock, tmp_path):
    ours, theirs = scenes_on_shards(sandbox, 2)[::-1]  # shard 1, shard 0
    run = Running(sandbox, tmp_path / "t.db", clock, discord={"shard_count": 2, "shard_ids": [1]})
    bot = await run.start()
    try:
        assert [g.id for g in bot.guilds if g.id in (ours.guild_id, theirs.guild_id)] == [
            ours.guild_id
        ]
        assert sandbox.gateway.identifies[-1] == (1, 2)
        await configure(ours)
        await create_cohort(ours)
        answered = await theirs.people.command(
            theirs.owner_id, theirs.help_channel_id, "aide", wait=False
        )
        await asyncio.sleep(0.5)  # ample for an answer: ours come in milliseconds
        assert not answered.responses  # an interaction of the other shard's guild never came
        jobs = await bot.jobs()
        cohort = await bot.services.cohorts.cohorts.by_name(ours.guild_id, "Janvier 2027")
        assert jobs and all(str(cohort.id) in job.id for job in jobs)
    finally:
        await run.stop()
        run.detach()


def test_shard_settings_are_checked():
    assert parse_config("[discord]\nshard_count = 4\nshard_ids = [2]\n").discord.shards() == (
        Shards(4, frozenset({2}))
    )
    for bad, said in [
        ("shard_ids = [0]", "shard_ids demande shard_count"),
        ("shard_count = 2\nshard_ids = [2]", "entre 0 et 1"),
        ("shard_count = 4\nshard_ids = [1, 1]", "sans doublon"),
    ]:
        with pytest.raises(ConfigError, match=said):
            parse_config(f"[discord]\n{bad}\n")


async def test_a_process_can_run_a_set_of_shards(sandbox, clock, tmp_path):
    zero, one, two = scenes_on_shards(sandbox, 3)
    run = Running(
        sandbox, tmp_path / "t.db", clock, discord={"shard_count": 3, "shard_ids": [0, 2]}
    )
    bot = await run.start()
    try:
        assert sorted(sandbox.gateway.identifies[-2:]) == [(0, 3), (2, 3)]
        mine = {g.id for g in bot.guilds}
        assert {zero.guild_id, two.guild_id} <= mine and one.guild_id not in mine
        await configure(two)
        made = await create_cohort(two)
        assert "créée" in (made.original or made.responses[0]["data"])["content"]
    finally:
        await run.stop()
        run.detach()
