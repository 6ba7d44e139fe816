"""Sentences of the tutors' reports (/cohorte etat, the learner timeline, the weekly digest),
French first and English; merged into tutorat.texts.TEXTS."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {}
