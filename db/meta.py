"""Key-value facts about this installation."""

from __future__ import annotations

from db.database import Database


class MetaRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, key: str) -> str | None:
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return row["value"] if row else None

    async def set(self, key: str, value: str) -> None:
        await self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def probe(self, now: str) -> None:
        """A small write: the database is back when it lands (a read alone would pass on a
        full disk, a read-only or locked file)."""
        await self.set("probe", now)
