"""The benchmarks of make bench, each at a tiny size: what they measure must still be there
(every event handled by both clients, the same requests for every cohort size, schedules
restored, members chunked or not). No timing is asserted."""

from __future__ import annotations

from sandbox.server import Sandbox


async def test_the_flood_is_handled_whole_by_the_bot_and_the_bare_client():
    from bench import throughput

    result = await throughput.run(events=400, learners=20, repeats=1)
    expected = result["expected_counts"]
    assert expected["message"] + expected["reaction"] == result["events"] == 400
    [bare], [bot] = result["runs"]["bare"], result["runs"]["bot"]
    assert (bare["messages"], bare["reactions"]) == (expected["message"], expected["reaction"])
    counts = {k: v for k, v in bot["counts"].items() if k != "interaction"}  # the set-up's
    assert counts == expected
    assert bot["errors"] == [] and result["violations"] == []
    assert bare["requests_during_flood"] == bot["requests_during_flood"] == 0
    [under_web] = result["runs"]["bot_web"]  # the same flood while the web view serves pages
    assert under_web["errors"] == [] and "web_pages_served" in under_web
    assert result["web_load_ratio"] > 0
    assert result["bot_events_per_second"] > 0 and result["bare_events_per_second"] > 0


def test_the_bare_client_has_the_bots_intents():
    from bench.client import BARE_INTENTS
    from bot import intents

    assert BARE_INTENTS == intents() and not BARE_INTENTS.message_content


async def test_a_cohort_costs_the_same_requests_a_day_whatever_its_size():
    from bench import cohort_requests

    result = await cohort_requests.run(sizes=(3, 40), days=7)
    small, large = result["sizes"]
    assert small["requests_per_day"] == large["requests_per_day"]
    assert result["same_every_size"] and result["ratio"] == 1.0
    assert small["total"] > 0  # the kick-off week does post
    assert small["errors"] == large["errors"] == []
    assert small["violations"] == large["violations"] == 0


async def test_a_restart_restores_every_cohorts_schedule():
    from bench import restart

    one = await restart.run(cohorts=1, repeats=1, postgresql=False)
    two = await restart.run(cohorts=2, repeats=1)
    per_cohort = two["scheduled_jobs"] - one["scheduled_jobs"]
    assert per_cohort > 0 and one["scheduled_jobs"] == per_cohort + 1  # + the retention job
    assert two["postgresql_scheduled_jobs"] == two["scheduled_jobs"]
    assert two["postgresql_bot_ready_seconds"] > 0
    assert two["bot_ready_seconds"] > 0 and two["bare_ready_seconds"] > 0
    assert two["violations"] == 0


async def test_members_are_chunked_into_the_cache_or_not_cached_at_all():
    from bench import memory

    result = await memory.run(members=1500)
    full, none = result["chunked_cache"], result["no_cache"]
    assert (full["cached_members"], full["chunked"], full["chunks_received"]) == (1500, True, 2)
    assert (none["cached_members"], none["chunked"], none["chunks_received"]) == (1, False, 0)
    assert full["member_count"] == none["member_count"] == 1500
    assert result["violations"] == 0


async def test_request_guild_members_is_answered_as_discord_does():
    sandbox = Sandbox()
    sent: list[tuple[str, dict]] = []

    async def dispatch(event: str, data: dict) -> None:
        sent.append((event, data))

    sandbox.gateway.dispatch = dispatch
    world = sandbox.world
    guild = world.add_guild("g", int(world.add_user("owner")["id"]))
    for n in range(2500):
        world.add_member(guild.id, int(world.add_user(f"m{n}")["id"]))
    members = len(guild.members)
    gateway = sandbox.gateway

    await gateway._chunk({"guild_id": str(guild.id), "query": "", "limit": 0, "nonce": "n1"})
    assert [d["chunk_index"] for _, d in sent] == [0, 1, 2]
    assert {d["chunk_count"] for _, d in sent} == {3} and {d["nonce"] for _, d in sent} == {"n1"}
    assert sum(len(d["members"]) for _, d in sent) == members
    assert all(len(d["members"]) <= 1000 for _, d in sent)

    sent.clear()
    await gateway._chunk({"guild_id": str(guild.id), "query": "M1", "limit": 5})
    [(_, body)] = sent
    assert len(body["members"]) == 5 and "nonce" not in body
    assert all(m["user"]["username"].startswith("m1") for m in body["members"])

    sent.clear()
    someone = next(iter(guild.members))
    await gateway._chunk(
        {"guild_id": str(guild.id), "user_ids": [str(someone), "42"], "nonce": "x" * 33}
    )
    [(_, body)] = sent
    assert [m["user"]["id"] for m in body["members"]] == [str(someone)]
    assert body["not_found"] == ["42"] and "nonce" not in body  # a nonce over 32 bytes

    large = world.guild_payload(guild, large_threshold=250)
    assert large["large"] and [m["user"]["id"] for m in large["members"]] == [world.bot["id"]]
    assert large["member_count"] == members


def test_a_real_course_replays_as_it_is_and_copied_to_more_learners():
    from bench import replay

    result = replay.run(learners=(0, 500), days=30)
    small, large = result["sizes"]
    assert (small["learners"], large["learners"]) == (383, 500)
    assert large["events"] > small["events"] and small["days"] == 30
    assert result["growth_learners"] == 1.3


async def test_the_scan_bench_runs_on_postgresql_with_the_same_cases(pg_url):
    from bench import scan

    on_sqlite = await scan.measure(2000)
    on_pg = await scan.measure(2000, pg_url)
    assert on_pg["backend"] == "postgresql" and on_pg["rows"] == on_sqlite["rows"] > 0
    assert on_pg["cases_opened"] == on_sqlite["cases_opened"]
    assert on_pg["select_seconds"] > 0 and on_pg["ratio"] > 0


async def test_two_shard_processes_share_a_two_guild_flood():
    from bench import shards

    result = await shards.run(events=400, learners=20, repeats=1)
    assert result["errors"] == [] and result["violations"] == []
    assert result["one_process_events_per_second"] > 0
    assert result["two_shard_processes_events_per_second"] > 0


async def test_the_platform_bench_ingests_from_a_real_lrs_while_the_flood_runs():
    from bench import platform

    result = await platform.run(count=200, events=400, learners=20, repeats=1)
    assert result["read_only"] == result["attributed"] == 200
    assert result["counted_again_on_second_poll"] == 0
    [polling] = result["runs"]["bot_polling"]
    assert polling["poll_statements"] == 200 and polling["errors"] == []
    assert result["violations"] == []


async def test_a_moodle_course_is_read_whole_a_few_calls_at_once_each_learner_once():
    from bench import moodle

    result = await moodle.run(learners=60, sample=8, latency=0.01)
    assert result["completion_calls"] == 60 and result["learners_asked_twice"] == 0
    assert 1 < result["most_calls_at_once"] <= result["concurrency"]
    assert result["failure"] is None and result["statements_counted"] > 60


async def test_the_web_view_bench_serves_each_page_and_its_static_twin():
    from bench import web

    result = await web.run(learners=30, times=3)
    for name in ("cohort_page_a_minute_later", "learner_page_first_visit"):
        assert result[name]["bytes"] > 0 and result[name]["ratio"] > 0
    for page in ("cohort_page", "learner_page", "learner_chart"):
        figures = result[page]
        assert figures["bytes"] > 0 and figures["p95_ms"] > 0 and figures["ratio"] > 0
        after = result["after_writes"][page]
        assert set(after) == {"activity", "case", "answer", "deadline", "account", "note"}
        for who in after.values():
            assert who["another"]["ratio"] > 0 and who["shown"]["ratio"] > 0
