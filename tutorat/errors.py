"""Errors a person can act on. Each carries a catalogue key; cogs render it in their language."""

from __future__ import annotations


class Refusal(Exception):
    """The request cannot be done as asked; `key` names the sentence that says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class DatabaseUnavailable(Refusal):
    """The database cannot be reached right now (stopped, restarting, its connections cut, the
    file read-only or locked, the disk full): nothing was stored; the person tries again in a
    few minutes, the bot retries its own work when the database is back."""

    def __init__(self, reason: str = "") -> None:
        super().__init__("error.database_unavailable")
        self.reason = reason

    def __str__(self) -> str:
        return f"database unavailable: {self.reason}"
