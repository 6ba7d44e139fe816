"""Scheduled work: triggers in the cohort's zone, virtual time, catch-up after a restart."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tutorat.outbox import outbox_key
from tutorat.schedule import Job, daily_at, due_between, fire_times, last_fire_before

PARIS = ZoneInfo("Europe/Paris")
MONTREAL = ZoneInfo("America/Montreal")


def test_a_daily_job_fires_at_local_time_across_the_dst_change():
    trigger = daily_at(9, 0, PARIS)
    after = datetime(2027, 3, 26, 12, 0, tzinfo=PARIS)
    times = fire_times(trigger, after, after + timedelta(days=3))
    assert [t.astimezone(PARIS).hour for t in times] == [9, 9, 9]
    assert [t.utcoffset() for t in times] == [
        timedelta(hours=1),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def test_jobs_of_two_zones_come_in_time_order():
    async def nothing(at):
        return None

    paris = Job("presence:1", daily_at(9, 0, PARIS), nothing)
    montreal = Job("presence:2", daily_at(9, 0, MONTREAL), nothing)
    start = datetime(2027, 1, 4, 0, 0, tzinfo=PARIS)
    due = due_between([montreal, paris], start, start + timedelta(days=2))
    assert [job.id for _, job in due] == ["presence:1", "presence:2"] * 2
    assert [at for at, _ in due] == sorted(at for at, _ in due)


def test_catch_up_finds_the_latest_fire_time_within_the_grace_only():
    trigger = daily_at(9, 0, PARIS)
    now = datetime(2027, 1, 4, 9, 40, tzinfo=PARIS)
    assert last_fire_before(trigger, now, timedelta(hours=1)) == datetime(
        2027, 1, 4, 9, 0, tzinfo=PARIS
    )
    assert last_fire_before(trigger, now, timedelta(minutes=30)) is None


async def test_a_job_missed_while_down_is_caught_up_once_at_start_up(running, scene, sandbox):
    """The job asks the outbox; a restart at any moment neither skips nor repeats the post."""

    def install(bot):
        async def morning_post(at):
            day = at.astimezone(PARIS).date().isoformat()
            await bot.services.outbox.post(
                outbox_key("test", "morning", day),
                {"content": f"Bonjour, nous sommes le {day}"},
                at,
                guild_id=scene.guild_id,
                channel_id=scene.cohort_channel_id,
            )
            bot.get_cog("Delivery").kick()

        async def source():
            return [Job("morning:test", daily_at(9, 0, PARIS), morning_post)]

        bot.job_sources.append(source)

    bot = running.bot
    install(bot)
    await bot.advance_to(datetime(2027, 1, 5, 8, 0, tzinfo=PARIS))  # Monday 9:00 ran
    await running.stop()
    running.clock.set(datetime(2027, 1, 5, 9, 30, tzinfo=PARIS))  # down at Tuesday 9:00

    original_setup = type(bot).setup_hook

    async def setup_with_job(self):
        install(self)
        await original_setup(self)

    type(bot).setup_hook = setup_with_job
    try:
        bot = await running.start()  # the catch-up records Tuesday's post
    finally:
        type(bot).setup_hook = original_setup
    await sandbox.wait_for(lambda: len(sandbox.messages_in(scene.cohort_channel_id)) == 2)
    await bot.advance_to(datetime(2027, 1, 5, 18, 0, tzinfo=PARIS))
    await bot.catch_up()  # a second pass the same day does nothing new
    await bot.get_cog("Delivery").flush_now()
    assert [m["content"] for m in sandbox.messages_in(scene.cohort_channel_id)] == [
        "Bonjour, nous sommes le 2027-01-04",
        "Bonjour, nous sommes le 2027-01-05",
    ]
