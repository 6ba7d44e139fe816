"""Learners' rights: see, export and erase what the bot holds about them.

Never shown to the learner: tutors' notes and the signals about them (tutors' working data).
Erasing removes their rows in this server; their open cases are closed and the tutors told.
"""

from __future__ import annotations

import json
from datetime import datetime

from tutorat.outbox import Outbox, outbox_key
from tutorat.texts import Count, Key, text

LABELS = {
    "learners": "rights.cohorts", "activity": "rights.activity", "pulse_answers": "rights.pulse",
    "goals": "rights.goals", "checkpoint_done": "rights.checkpoints",
    "pair_prefs": "rights.pair_prefs", "pair_members": "rights.pairs",
    "pair_checkbacks": "rights.checkbacks", "help_waits": "rights.help",
    "platform_links": "rights.platform_links",
}  # fmt: skip


class Rights:
    def __init__(self, store, outbox: Outbox, cohorts, recent=None) -> None:
        self.store = store  # RightsRepository
        self.recent = recent  # RecentActivity: forgets what it held of an erased learner
        self.outbox = outbox
        self.cohorts = cohorts  # CohortService

    async def held(self, guild_id: int, user_id: int) -> dict[str, list[dict]]:
        return await self.store.held(guild_id, user_id)

    async def summary(self, guild_id: int, user_id: int, lang: str) -> list[str]:
        """What is held, in plain words: one line per kind of data."""
        held = await self.held(guild_id, user_id)
        lines = []
        for table, rows in held.items():
            if table == "activity":
                total = sum(r["count"] for r in rows)
                days = Count("rights.days", len({r["day"] for r in rows}))
                lines.append(text(LABELS[table], lang, n=total, days=days))
            elif rows:
                lines.append(text(LABELS[table], lang, n=len(rows)))
        for answer in held["pulse_answers"]:
            values = ", ".join(
                text(f"pulse.short_P{i}", lang, value=answer[f"p{i}"]) for i in range(1, 7)
            )
            lines.append(text("rights.pulse_line", lang, week=answer["week"], values=values))
        for goal in held["goals"]:
            stage = Key(f"rights.stage_{goal['stage']}")
            lines.append(text("rights.goal_line", lang, stage=stage, aim=goal["aim"][:200]))
        platform = sum(r["count"] for r in held["activity"] if r["place"] == "platform")
        if platform:
            lines.append(text("rights.platform_activity", lang, n=platform))
        for link in held["platform_links"]:
            account = link["account"].split(":", 1)[-1]
            key = "rights.platform_link" if link["confirmed_at"] else "rights.platform_link_waiting"
            lines.append(text(key, lang, account=account))
        return lines

    async def export(self, guild_id: int, user_id: int, now: datetime) -> bytes:
        held = await self.held(guild_id, user_id)
        document = {"exported_at": now.isoformat(), "user_id": str(user_id), "data": held}
        return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()

    async def erase(self, guild_id: int, user_id: int, now: datetime) -> int:
        """Tell the tutors of each open case, then remove everything about the learner."""
        for case in await self.store.open_cases(guild_id, user_id):
            cohort = await self.cohorts.cohorts.get(case["cohort_id"])
            if cohort is not None and cohort.tutors_channel_id is not None:
                await self.outbox.post(
                    outbox_key("case", case["id"], "erased"),
                    {"content": text("rights.erased_tutors", cohort.locale, case=case["id"])},
                    now,
                    guild_id=guild_id,
                    channel_id=cohort.tutors_channel_id,
                )
        removed = await self.store.erase(guild_id, user_id)
        if self.recent is not None:
            self.recent.forget(guild_id, user_id)
        return removed
