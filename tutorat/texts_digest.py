"""Sentences of the weekly digest to tutors, French first and English; merged into
tutorat.texts.TEXTS."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
