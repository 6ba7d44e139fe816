"""Errors a person can act on. Each carries a catalogue key; cogs render it in their language."""

from __future__ import annotations


class Refusal(Exception):
    """The request cannot be done as asked; `key` names the sentence that says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
