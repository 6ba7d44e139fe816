"""make demo runs offline, tells a tutor what the bot did over six weeks, and writes the
tutors' charts and the CSV export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cohort_steps import plain

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-output")
    result = subprocess.run(
        [sys.executable, "-m", "sandbox.demo", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, out


def test_the_demo_tells_the_cohorts_six_weeks_day_by_day(demo):
    out = plain(demo[0])  # no-break spaces read as spaces
    for expected in (
        "commandes synchronisées : /configurer, /tuteur, /cohorte, /presence, /jalon, /suivi, "
        "/binome, /mesdonnees, /notifications, /aide, /plateforme",
        "Liste importée. Comptes liés : 31 ;",
        "Source xapi connectée",
        "Karim indique son compte de la plateforme (/plateforme lier) ; Camille le confirme",
        "Pourquoi Bilal : « Devoir 1 » pas rendu",
        "0 alerte de non-démarrage ou d'inactivité",
        "Compte de la plateforme lié : maya@exemple.fr",
        "événement programmé : Lancement — Janvier 2027",
        "message privé à Léa ← « Bienvenue dans « Janvier 2027 » ! »",
        "#janvier-2027 ← « @Sam, bienvenue ! Vos messages privés sont fermés",
        "📅 **Demain à 09:00**",
        "⏰ Le lancement",
        "── lun 11/01 · semaine 1",
        "── ven 19/02 · semaine 6",
        "🙋 De permanence aujourd'hui : @tuteur-camille.",
        "📣 Webinaire méthodologie ce soir à 18 h.",
        "message privé à Hugo ← « Bonjour @Hugo, la formation",
        "[bouton Fait : Devoir 2]",
        "salon créé : binome-1-1 (privé)",
        "Questionnaire de la semaine 6",
        "Mi-parcours : où en sont vos objectifs ?",
        "message privé à tuteur-camille ← « @Hugo — Prendre contact — non-démarrage",
        "« @Noé — Prendre contact — découragement",
        "« @Inès — Prendre contact — isolement",
        "« @Sam — Prendre contact — perte de sens",
        "Guide d'entretien : **Comprendre la raison du non-démarrage**",
        "Camille note l'entretien avec Hugo",
        "Hugo, son accès réparé, clique enfin « Je démarre ».",
        "Binômes du tour (14) : ",
        "Inès, isolée, est cette fois avec",
        "**non-démarrage** : 1 cas suivi d'un contact, 1 avec plus d'activité ensuite",
        "• 6 réponses au questionnaire",
        "#suivi-janvier-2027 ← « Bilan de la semaine 5 — Janvier 2027 »",
        "Présence des tuteurs : @tuteur-camille : 3 messages dans le salon de la cohorte ; première réponse en",
        "Janvier 2027 — semaine 6",
        "[pièce jointe cohorte.png]",
        "[pièce jointe frise.png]",
        "écarts à la spécification : 0",
    ):
        assert expected in out, expected


def test_no_steady_learner_is_reported_to_the_tutor(demo):
    out = plain(demo[0])
    prompted = {
        line.split("« @")[1].split(" ")[0] for line in out.splitlines() if "Prendre contact" in line
    }
    # Maya works on the platform and never writes: isolated (true), never taken for inactive;
    # Bilal chats but stopped the coursework: caught
    assert prompted == {"Hugo", "Noé", "Inès", "Sam", "Maya", "Bilal"}


def test_the_demo_writes_the_charts_and_the_csv(demo):
    _, folder = demo
    written = {path.name: path.read_bytes() for path in folder.iterdir()}
    csv = written["cohorte-janvier-2027.csv"].decode("utf-8-sig").splitlines()
    assert csv[0].startswith("apprenant;discord_id;compte_plateforme;tuteur;tuteur_discord_id;")
    assert len(csv) > 30 * 5  # thirty learners, six weeks
    for name in ("cohorte-etat.png", "apprenant-noe.png"):
        assert written[name].startswith(PNG), name
    digests = sorted(name for name in written if name.startswith("bilan-semaine-"))
    assert digests == [f"bilan-semaine-{week}.png" for week in range(1, 6)]  # Mondays 18/01-15/02
    assert all(written[name].startswith(PNG) for name in digests)


def test_the_readme_shows_the_demo_as_it_runs(demo):
    from sandbox.demo_readme import EXCERPT_END, EXCERPT_START, block_in, excerpt, transcript_in

    out, folder = demo
    readme = (ROOT / "README.md").read_text()
    assert readme.startswith("# tutorat\n\n```\nmake demo")
    printed = out.replace(str(folder), "demo-output").rstrip()
    page = (ROOT / "docs" / "demo.md").read_text()
    assert transcript_in(page) == printed, "docs/demo.md is stale: run make demo-readme"
    shown = block_in(readme, EXCERPT_START, EXCERPT_END)
    assert shown == excerpt(printed), "the README's excerpt is stale: run make demo-readme"
    assert "@Bilal" in shown and "[bouton" in shown


def test_the_demo_then_serves_the_web_view_until_interrupted(tmp_path):
    """make demo-web: after the demo, a link for the tutor and one for the coordinator; each
    opens its session and the overview of the demo cohort; Ctrl-C stops it cleanly."""
    import re
    import signal
    import threading
    import urllib.request
    from http.cookiejar import CookieJar

    demo = subprocess.Popen(
        [sys.executable, "-m", "sandbox.demo", "--out", str(tmp_path), "--web", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(180, demo.kill)  # a demo that hangs fails, never waits
    watchdog.start()
    try:
        links = []
        for line in demo.stdout:  # the demo's story, then the links
            links += re.findall(r"Vue web / web view \([^)]*\) : (http\S+/enter/[\w-]+)", line)
            if "Ctrl-C" in line:
                break
        assert len(links) == 2, links
        for link in links:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            with opener.open(link, timeout=30) as door:
                page = door.read().decode()
            token = re.search(r'action="(/enter/[\w-]+)"', page).group(1)
            base = link.split("/enter/")[0]
            with opener.open(base + token, data=b"", timeout=30) as entered:
                overview = entered.read().decode()
            assert "Vue d&#39;ensemble" in overview and "Janvier 2027" in overview
    finally:
        demo.send_signal(signal.SIGINT)
        _, errors = demo.communicate(timeout=60)
        watchdog.cancel()
    assert demo.returncode == 0, errors
