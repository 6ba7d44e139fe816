"""Which guilds a process serves when the bot runs as several processes (Discord sharding).

Discord sends a guild's events to shard (guild_id >> 22) % shard_count; a process running some
shards schedules the jobs and sends the outbox items of those shards' guilds only. Items and
jobs with no guild belong to shard 0, as direct messages do on Discord.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shards:
    count: int = 1
    ids: frozenset[int] = frozenset({0})

    @property
    def all(self) -> bool:
        return self.ids >= set(range(self.count))

    def of(self, guild_id: int | None) -> int:
        return ((guild_id or 0) >> 22) % self.count

    def owns(self, guild_id: int | None) -> bool:
        return self.all or self.of(guild_id) in self.ids

    def __str__(self) -> str:
        if self.all:
            return "tous les serveurs / every guild"
        return f"shards {sorted(self.ids)} / {self.count}"


EVERY_GUILD = Shards()
