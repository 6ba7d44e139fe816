"""What could not be delivered is told to the cohort's tutors, in their channel.

A permanent failure (DMs closed with nowhere to fall back, a permission the bot lacks) or a
temporary one that outlasted every retry is otherwise only a row in the outbox: nobody would
know that a learner never got their message. One short report per failed item, recorded in
the outbox like any post; a report that fails itself is not reported again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from tutorat.models import Cohort, OutboxItem
from tutorat.outbox import DMS_CLOSED, MISSING_PERMISSIONS, outbox_key
from tutorat.texts import text

log = logging.getLogger(__name__)

PREFIX = "undelivered"


class Undelivered:
    def __init__(self, cohorts, outbox) -> None:
        self.cohorts = cohorts  # CohortService
        self.outbox = outbox

    async def report(self, item: OutboxItem, code: int | None, now: datetime) -> None:
        if item.key.startswith(PREFIX + ":"):
            log.warning("the report %s could not be delivered either", item.key)
            return
        cohort = await self._cohort_of(item)
        if cohort is None or cohort.tutors_channel_id is None:
            log.warning("outbox %s failed and no tutors' channel can be told", item.key)
            return
        lang = cohort.locale
        if code == DMS_CLOSED:
            reason = text("undelivered.dms_closed", lang)
        elif code == MISSING_PERMISSIONS:
            reason = text("undelivered.missing_permission", lang)
        else:
            reason = text("undelivered.other", lang, code=code if code is not None else "?")
        target = f"<@{item.user_id}>" if item.user_id is not None else f"<#{item.channel_id}>"
        await self.outbox.post(
            outbox_key(PREFIX, item.key),
            {
                "content": text(
                    "undelivered.report", lang, target=target, reason=reason, key=item.key
                )
            },
            now,
            guild_id=cohort.guild_id,
            channel_id=cohort.tutors_channel_id,
        )

    async def _cohort_of(self, item: OutboxItem) -> Cohort | None:
        """The cohort the message was for: named in its key, its channel, or its learner."""
        parts = item.key.split(":")
        if len(parts) > 1 and parts[0] == "cohort" and parts[1].isdigit():
            cohort = await self.cohorts.cohorts.get(int(parts[1]))
            if cohort is not None:
                return cohort
        if item.channel_id is not None:
            place = (await self.cohorts.cohorts.places()).get(item.channel_id)
            if place is not None and place[0] is not None:
                return await self.cohorts.cohorts.get(place[0])
        if item.guild_id is None:
            return None
        in_guild = await self.cohorts.cohorts.for_guild(item.guild_id)
        if item.user_id is not None:
            theirs = await self.cohorts.learners.cohorts_of(item.user_id, item.guild_id)
            for cohort in in_guild:
                if cohort.id in theirs:
                    return cohort
        for cohort in in_guild:
            if item.channel_id in (cohort.channel_id, cohort.tutors_channel_id):
                return cohort
        return in_guild[0] if len(in_guild) == 1 else None
