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
    for expected in (
        "commandes synchronisées : /configurer, /tuteur, /cohorte, /presence, /jalon, /suivi, /binome, /mesdonnees, /notifications, /aide",
        "événement programmé : Lancement — Janvier 2027",
        "message privé à Sam ← « Bienvenue",
        "#Janvier 2027 ← « @Sam, bienvenue ! Vos messages privés sont fermés",
        "📅 **Demain 09:00**",
        "⏰ Le lancement",
        "formulaire ouvert pour Léa : « Mes objectifs personnels »",
        "Léa   3 clics et commandes, 1 messages, 1 échanges avec un pair",
        "🙋 De permanence aujourd'hui : @tuteur-camille.",
        "📣 Webinaire méthodologie ce soir à 18 h.",
        "message privé à Hugo ← « Bonjour @Hugo, la formation",
        "[bouton Fait : Devoir 1]",
        "réponse privée à Léa : « Bravo ! « Devoir 1 » est noté comme fait. »",
        "2 réponse(s) sur 5",
        "4 sur 5 ont démarré",
        "@Hugo — pas de démarrage depuis 5 jour(s), relance J+3 envoyée",
        "message privé à tuteur-camille ← « @Hugo — Un contact aiderait : @Hugo — signes de "
        "non-démarrage",
        "Guide d'entretien : **Investiguer la raison du non-démarrage**",
        "réponse privée à tuteur-camille : « Entretien enregistré, cas clos.",
        "• aucune activité depuis 7 jours de formation (hors pauses)",
        "message privé à Noé ← « Bonjour @Noé, on ne vous a pas beaucoup vu·e",
        "écarts à la spécification : 0",
    ):
        assert expected in out, expected
    assert out.count("« Janvier 2027 — mercredi 13 janvier »") == 2  # the 503, then once for real
    assert out.count("→ Discord répond 503") == 1
