"""make demo runs offline and tells a tutor what the bot did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_runs_offline_and_prints_a_readable_transcript():
    result = subprocess.run(
        [sys.executable, "-m", "sandbox.demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "commandes synchronisées : /configurer, /tuteur, /cohorte, /aide" in out
    assert "réponse privée à Léa" in out
    assert "messages du bot dans #cohorte-janvier : 1 (aucun doublon)" in out
    assert "code 50007" in out
    assert "écarts à la spécification : 0" in out
