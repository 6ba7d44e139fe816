"""Faults while a cohort runs for two virtual weeks: 429 bursts (with rate-limit headers), 5xx,
50007 (DMs closed), 50013 (missing permission), gateway drops.

Every post due is sent exactly once (no nonce twice, none left pending), or — when Discord
refuses it for good — told to the tutors in their channel; every pulse answer is stored.
"""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta

from reliability.common import (
    MESSAGES,
    answer_pulse,
    bot_posts,
    configure,
    create_cohort,
    duplicates,
    enrol,
    is_ephemeral,
    paris,
    problems,
    reply_text,
    stage,
    text_of,
)
from tutorat.models import OutboxStatus
from tutorat.outbox import nonce_for

BY_DESIGN = ("stale", "held back")  # dropped on purpose (expired, quiet hours): not faults


async def run(short: bool) -> dict:
    learners = 4 if short else 10
    rng = random.Random(9)
    async with stage() as (sandbox, scene, running):
        bot = running.bot
        people = scene.people
        await configure(scene)
        await create_cohort(scene)
        cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
        ids = [await enrol(scene, bot, cohort, f"apprenant-{n}") for n in range(learners)]
        sandbox.dms_closed.add(ids[0])  # closed from the start: welcome falls back
        await bot.get_cog("Delivery").flush_now()
        await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())

        async def drop() -> None:
            before = sandbox.gateway.resumes
            await sandbox.gateway.drop()
            faults["gateway_drops"] += 1
            async with asyncio.timeout(15):
                while sandbox.gateway.resumes == before:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)

        def plan(day: date) -> None:
            """The faults met on that day's presence post (and what follows it)."""
            channel = cohort.channel_id
            weekday = (day - date(2027, 1, 11)).days
            if weekday == 0:  # a burst of short rate limits, waited out in place
                made.append(sandbox.fail("POST", MESSAGES, 429, times=3, retry_after=0.05))
            elif weekday == 1:  # a long rate limit then 5xx: retried later by the outbox
                made.append(sandbox.fail("POST", MESSAGES, 429, retry_after=120))
                made.append(sandbox.fail("POST", MESSAGES, 503, times=2))
            elif weekday == 2:  # a 500 (discord.py retries it itself)
                made.append(sandbox.fail("POST", MESSAGES, 500))
            elif weekday == 3:  # a global rate limit
                made.append(
                    sandbox.fail("POST", MESSAGES, 429, times=2, retry_after=0.1, is_global=True)
                )
            elif weekday == 7:  # the bot lost its permission in the cohort channel, once
                made.append(sandbox.fail("POST", MESSAGES, 403, code=50013, channel_id=channel))
            elif weekday == 9:  # a 5xx outlasting every retry: failed, told to the tutors
                made.append(sandbox.fail("POST", MESSAGES, 503, times=8, channel_id=channel))
            elif weekday == 10:
                made.append(sandbox.fail("POST", MESSAGES, 429, times=5, retry_after=0.05))
            elif weekday == 11:
                made.append(sandbox.fail("POST", MESSAGES, 502))

        starters = ids[:-1]  # the last never starts: the D+3 reminder is for them
        faults = {"429": 0, "5xx": 0, "50007": 0, "50013": 0, "gateway_drops": 0}
        made = []
        await bot.advance_to(paris("2027-01-11T08:30"))
        plan(date(2027, 1, 11))
        await bot.advance_to(paris("2027-01-11T09:05"))
        kickoff = next(
            m for m in bot_posts(sandbox, cohort.channel_id) if "C'est parti" in text_of(m)
        )
        # the first DM after the welcome to the non-starter meets « DMs closed »: fallback
        quiet_dm = sandbox.world.dm_channels[ids[-1]]
        made.append(sandbox.fail("POST", MESSAGES, 403, code=50007, channel_id=quiet_dm))
        for user in starters:
            await people.click(user, kickoff, f"tutorat:start:{cohort.id}")
            await people.submit(
                user,
                cohort.channel_id,
                f"tutorat:goals:{cohort.id}",
                {"aim": "Réussir", "hours": "5", "obstacles": ""},
            )

        submitted: dict[tuple[int, int], tuple[int, ...]] = {}
        day = date(2027, 1, 11)
        end = date(2027, 1, 24)
        while day <= end:
            stamp = day.isoformat()
            if bot.clock.now() < paris(f"{stamp}T08:30"):
                await bot.advance_to(paris(f"{stamp}T08:30"))
                plan(day)
            if day.weekday() in (2, 4):  # Wednesdays and Fridays: the gateway drops
                await drop()
            await bot.advance_to(paris(f"{stamp}T11:00"))
            if day.weekday() < 5:
                for user in rng.sample(starters, k=max(1, len(starters) // 2)):
                    await people.say(cohort.channel_id, user, f"message {stamp} de {user}")
            if day == date(2027, 1, 19):  # a late joiner, DMs closed, fallback refused
                late = await people.join(scene.guild_id, "retardataire")
                sandbox.dms_closed.add(late)
                made.append(
                    sandbox.fail("POST", MESSAGES, 403, code=50013, channel_id=cohort.channel_id)
                )
                await people.set_roles(scene.guild_id, late, [cohort.role_id])
                await asyncio.sleep(0.2)
                await bot.get_cog("Delivery").flush_now()
            if day.weekday() == 4:  # the pulse is out at 10:00: answered under faults
                week = 1 if day.day < 18 else 2
                [post] = [
                    m
                    for m in bot_posts(sandbox, cohort.channel_id)
                    if "Questionnaire" in text_of(m) and f"semaine {week}" in text_of(m).lower()
                ] or [None]
                if post is not None:
                    made.append(sandbox.fail("POST", MESSAGES, 503))
                    for user in starters:
                        values = tuple(rng.randint(1, 7) for _ in range(6))
                        first = {f"P{i + 1}": str(values[i]) for i in range(3)}
                        second = {f"P{i + 4}": str(values[i + 3]) for i in range(3)}
                        done = await answer_pulse(people, user, post, first, second)
                        if is_ephemeral(done) and "enregistrées" in reply_text(done):
                            submitted[(user, week)] = values
                    if day.day > 18:
                        await drop()  # after the answers: nothing is lost with the connection
            day += timedelta(days=1)
        await bot.advance_to(paris("2027-01-26T12:00"))  # every retry due has run

        for fault in made:
            if fault.status == 429:
                faults["429"] += fault.served
            elif fault.status >= 500:
                faults["5xx"] += fault.served
            else:
                faults[str(fault.code)] += fault.served
        statuses = {r.status for r in sandbox.requests_to("POST", MESSAGES)}

        store = bot.services.outbox.store
        items = [
            i
            for status in OutboxStatus
            for i in await store.by_status(status)
            if not i.key.startswith("undelivered:")
        ]
        reports = " ".join(m["content"] for m in sandbox.messages_in(cohort.tutors_channel_id))
        posted = {m["id"]: m for messages in sandbox.world.messages.values() for m in messages}
        sent = [i for i in items if i.status is OutboxStatus.SENT]
        failed = [i for i in items if i.status is OutboxStatus.FAILED]
        pending = [i for i in items if i.status is OutboxStatus.PENDING]
        missing = [i.key for i in sent if str(i.message_id) not in posted]
        twice = duplicates(sandbox)
        for item in sent:  # the same outbox key never produced two messages
            nonces = {nonce_for(item.key), nonce_for(f"{item.key}:fallback")}
            copies = [m for m in posted.values() if m.get("nonce") in nonces]
            twice += max(0, len(copies) - 1)
        faulty = [i for i in failed if not (i.last_error or "").startswith(BY_DESIGN)]
        unreported = [i.key for i in faulty if f"`{i.key}`" not in reports]
        presence_days = [
            date(2027, 1, 11) + timedelta(days=d)
            for d in range(14)
            if (date(2027, 1, 11) + timedelta(days=d)).weekday() < 5
        ]
        presence = {
            d: await store.get(f"cohort:{cohort.id}:presence:{d.isoformat()}")
            for d in presence_days
        }
        presence_sent = sum(1 for i in presence.values() if i and i.status is OutboxStatus.SENT)
        presence_missing = [d.isoformat() for d, i in presence.items() if i is None]
        lost = [
            key
            for key, values in submitted.items()
            if (stored := await bot.services.pulse.mine(cohort.id, key[0], key[1])) is None
            or stored.answers != values
        ]
        fallbacks = sum(
            1
            for m in bot_posts(sandbox, cohort.channel_id)
            if m.get("nonce") in {nonce_for(f"{i.key}:fallback") for i in sent}
        )
        trouble = problems(sandbox, running)
    ok = (
        not pending
        and not missing
        and twice == 0
        and not unreported
        and not lost
        and not presence_missing
        and presence_sent == len(presence_days) - 2  # the 50013 day and the exhausted 5xx day
        and all(n > 0 for n in faults.values())
        and {429, 403, 503, 500, 502} <= statuses
        and not trouble
    )
    return {
        "ok": ok,
        "learners": learners,
        "faults": faults,
        "posts_due": len(items),
        "posts_sent": len(sent),
        "sent_by_fallback": fallbacks,
        "failed_for_good": len(faulty),
        "told_to_tutors": len(faulty) - len(unreported),
        "dropped_by_design": len(failed) - len(faulty),
        "still_pending": len(pending),
        "missing": len(missing),
        "duplicates": twice,
        "presence_due": len(presence_days),
        "presence_sent": presence_sent,
        "pulse_answers": len(submitted),
        "answers_lost": len(lost),
        "problems": trouble[:5],
    }
