"""The reliability suite in its short form (python -m reliability runs the full one)."""

from __future__ import annotations

import json

from reliability import crash, faults, fuzz, guilds, isolation


async def test_faults_every_post_sent_once_or_told_and_no_answer_lost():
    figures = await faults.run(short=True)
    assert figures["ok"], figures
    assert figures["duplicates"] == figures["missing"] == figures["still_pending"] == 0
    assert figures["told_to_tutors"] == figures["failed_for_good"] == 3
    assert figures["presence_sent"] == figures["presence_due"] - 2
    assert figures["answers_lost"] == 0 and figures["pulse_answers"] > 0


async def test_crash_killed_and_restarted_nothing_twice_nothing_skipped_nothing_lost():
    figures = await crash.run(short=True)
    assert figures["ok"], json.dumps({k: v for k, v in figures.items() if k != "clock_at_kills"})
    assert figures["kills"] == 5 and figures["integrity_failures"] == 0
    assert figures["duplicates"] == 0 and figures["skipped"] == [] and figures["missing"] == 0
    assert figures["answers_lost"] == 0 and figures["answers_acknowledged"] > 0


async def test_crash_on_postgresql_nothing_twice_nothing_skipped_nothing_lost(pg_url):
    figures = await crash.run(short=True, database=pg_url)
    assert figures["ok"], json.dumps({k: v for k, v in figures.items() if k != "clock_at_kills"})
    assert figures["kills"] == 5 and figures["integrity_failures"] == 0
    assert figures["duplicates"] == 0 and figures["skipped"] == [] and figures["missing"] == 0
    assert figures["answers_lost"] == 0 and figures["answers_acknowledged"] > 0


async def test_fuzz_every_odd_invocation_gets_a_private_french_sentence():
    figures = await fuzz.run(short=True)
    assert figures["ok"], figures
    assert figures["invocations"] == 100 and figures["unanswered"] == 0
    assert figures["others_data_changed"] == [] and figures["errors_logged"] == 0


async def test_isolation_learners_see_only_their_own():
    figures = await isolation.run(short=True)
    assert figures["ok"], figures
    assert figures["leaks"] == [] and figures["texts_found_in_database"] == []
    assert figures["forged_tutor_invocations_refused"] > 0


async def test_two_servers_with_the_same_cohort_name_never_cross():
    figures = await guilds.run(short=True)
    assert figures["ok"], figures
    assert figures["answers_naming_the_other_server"] == figures["rows_crossing"] == 0


async def test_two_shard_processes_on_postgresql_one_killed_nothing_twice_nothing_skipped(pg_url):
    from reliability import shards

    figures = await shards.run(short=True, database=pg_url)
    assert figures["ok"], figures
    assert sorted(figures["guild_shards"]) == [0, 1]
    assert figures["doubled"] == figures["skipped"] == figures["pending"] == []
    before, during = figures["other_clock_while_dead"]
    assert during > before  # the other server's process went on while the first was dead


async def test_outages_of_the_database_nothing_lost_nothing_twice_every_click_answered():
    """PostgreSQL stopped, restarted, its connections killed; SQLite locked, read-only, its
    disk full; stopped under two shard processes: a week goes on around them."""
    from reliability import outage

    figures = await outage.run(short=True)
    assert figures["ok"], json.dumps(figures, ensure_ascii=False)
    assert figures["outages"] == 8 and figures["failed"] == 0
    assert figures["refused_with_sentence"] > 0 and figures["answered"] > 0
    assert figures["activity_lost"] == figures["activity_doubled"] == 0
    assert figures["posts_sent"] == figures["posts_due"] and figures["sent_twice"] == 0
    assert figures["presence_skipped"] == 0
    two = figures["two_processes"]  # PostgreSQL stopped under two shard processes
    assert two["sent_twice"] == two["pending"] == 0 and two["skipped"] == []
    # sent, or (an outage of a virtual day ending past the post's day) dropped as stale
    assert two["posts_sent"] + len(two["dropped_stale"]) == two["posts_due"] > 0
