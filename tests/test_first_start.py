"""Starting the bot as a coordinator does, with what goes wrong on the first day: a wrong
token, no network, a broken config.toml, a database not created yet, the wrong Python."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from tutorat.config import ConfigError, parse_config

ROOT = Path(__file__).resolve().parents[1]


async def start_bot(tmp_path, api_base: str, gateway: str, token: str) -> tuple[int, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[discord]\napi_base = "{api_base}"\ngateway = "{gateway}"\n'
        f'[database]\nurl = "{tmp_path / "tutorat.db"}"\n',
        encoding="utf-8",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        "--config",
        str(config),
        cwd=ROOT,
        env={"DISCORD_TOKEN": token, "PATH": ""},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, err.decode()


def one_sentence_each_language(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr and "PyNaCl" not in stderr, stderr
    assert len(lines) == 2, stderr  # French, then English
    return lines


async def test_a_wrong_token_is_said_in_one_sentence_without_a_traceback(sandbox, tmp_path):
    code, stderr = await start_bot(tmp_path, sandbox.api_base, sandbox.gateway_url, "faux")
    french, english = one_sentence_each_language(stderr)
    assert code == 2
    assert "Discord refuse le jeton" in french and "DISCORD_TOKEN" in french
    assert english.startswith("Discord refused the token")
    assert not (tmp_path / "tutorat.db").exists()  # nothing started before the login


async def test_no_network_is_said_in_one_sentence_without_a_traceback(tmp_path):
    closed = "http://127.0.0.1:9/api/v10"  # the discard port: nothing listens on loopback
    code, stderr = await start_bot(tmp_path, closed, "ws://127.0.0.1:9/", "x")
    french, english = one_sentence_each_language(stderr)
    assert code == 3
    assert "Impossible de joindre Discord (http://127.0.0.1:9/api/v10)" in french
    assert english.startswith("Discord cannot be reached")


def test_check_config_lists_every_error_in_french_with_the_key_meant():
    toml = (
        '[cohort]\npresense_time = "09:00"\npulse_day = 9\n'
        '[logging]\nlevel = "LOUD"\n[scheduler]\nmisfire_grace_seconds = "souvent"\n'
    )
    try:
        parse_config(toml)
    except ConfigError as exc:
        problems = exc.problems
    else:
        raise AssertionError("a config with four errors was accepted")
    assert len(problems) == 4
    said = "\n".join(problems)
    assert "cohort.presense_time: clé inconnue — vouliez-vous dire cohort.presence_time ?" in said
    assert "cohort.pulse_day: doit être inférieur ou égal à 6 (valeur donnée : 9)" in said
    assert "logging.level: une de ces valeurs : DEBUG, INFO, WARNING, ERROR" in said
    assert "scheduler.misfire_grace_seconds: nombre entier attendu" in said
    for english in ("Input should", "String should", "Extra inputs", "Field required"):
        assert english not in said


def test_broken_toml_is_said_in_french_with_its_place():
    for toml, reason in [
        ("[outbox\n", "ligne 1, colonne 8 : « ] » manquant"),
        ("[cohort]\nlocale = fr\n", "ligne 2, colonne 10 : valeur illisible"),
        ("a = [1, 2\n", "en fin de fichier : liste non fermée"),
    ]:
        try:
            parse_config(toml)
        except ConfigError as exc:
            assert reason in str(exc), str(exc)
            assert "Illegal" not in str(exc) and "Invalid" not in str(exc)
        else:
            raise AssertionError(f"{toml!r} was accepted")


def test_check_config_prints_every_error_one_line_each(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text('[cohort]\npulse_day = 9\nscan_time = "huit heures"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "bot.py", "--config", str(bad), "check-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": ""},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert any("cohort.pulse_day" in line for line in lines)
    assert any("cohort.scan_time: heure attendue" in line for line in lines)


def test_health_before_the_first_start_says_the_database_is_not_created_yet(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{tmp_path / "new.db"}"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "bot.py", "--config", str(config), "health"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert "pas encore créée" in result.stdout
    assert "unable to open" not in result.stdout + result.stderr
    assert not (tmp_path / "new.db").exists()  # a probe creates nothing


def test_outside_the_venv_bot_py_says_how_to_run_it(tmp_path):
    # a Python without the project's packages: the interpreter that made the venv, isolated
    result = subprocess.run(
        [sys.executable, "-S", "-I", str(ROOT / "bot.py"), "check-config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr, result.stderr
    assert ".venv/bin/python bot.py" in result.stderr and "make" in result.stderr


def test_help_is_for_coordinators():
    result = subprocess.run(
        [sys.executable, "bot.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "wiring" not in result.stdout and "->" not in result.stdout
    assert "lancer le bot" in result.stdout.lower()
