"""config.toml: every key known, a wrong one stops start-up with one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tutorat.config import ConfigError, database_target, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_config_is_valid_and_documented():
    config = load_config(ROOT / "config.toml")
    assert config.discord.api_base == "https://discord.com/api/v10"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    keys = [
        line.split("=")[0].strip()
        for line in text.splitlines()
        if "=" in line and not line.startswith("#")
    ]
    lines = text.splitlines()
    for key in keys:  # each key has a comment just above it (or above its block)
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key} ="))
        assert lines[index - 1].startswith("#"), f"{key} is not documented"


def test_every_early_warning_threshold_is_set_in_signals():
    """A tutor's team tunes the rules in [signals]: each threshold the rules read is there,
    with the same default, and what is written there reaches the rules."""
    from dataclasses import fields

    from tutorat.config import SignalSettings
    from tutorat.warning.signs import Thresholds

    shipped = load_config(ROOT / "config.toml").signals.model_dump()
    assert shipped == SignalSettings().model_dump()
    assert {f.name: f.default for f in fields(Thresholds)} == shipped
    tuned = parse_config("[signals]\nunseen_days = 5\nrecord = 8\n").signals.model_dump()
    assert (Thresholds(**tuned).unseen_days, Thresholds(**tuned).record) == (5, 8)


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[discord]\napi_bse = "x"\n', "discord.api_bse: clé inconnue"),
        ('[cohort]\ntimezone = "Mars/Olympus"\n', "cohort.timezone: fuseau horaire IANA inconnu"),
        ("[cohort]\npulse_day = 9\n", "cohort.pulse_day"),
        ("[signals]\nrecord = 0\n", "signals.record"),
        ('[cohort]\nlocale = "es"\n', "cohort.locale: langue sans catalogue 'es'"),
        ('[discord]\ntoken = "abc"\n', "DISCORD_TOKEN"),
        ("[outbox\n", "TOML illisible"),
        ('[database]\nurl = "postgresql://u:secret@h/db"\n', "database.url: le mot de passe"),
        ('[database]\nurl = "mysql://h/db"\n', "database.url: un chemin de fichier SQLite"),
        ('[database]\nurl = "postgresql://h"\n', "database.url: adresse postgresql://"),
        ('[database]\nurl = "a.db"\npath = "b.db"\n', "database: .*url et path"),
        ("[web]\nport = 70000\n", "web.port"),
        ('[web]\nhost = "a b"\n', "web.host: adresse d'écoute attendue"),
        ('[web]\npublic_url = "tableau.example.org"\n', "web.public_url: adresse http"),
        (
            '[web]\npublic_url = "https://example.org/tutorat/"\n',
            "web.public_url: la vue web est servie à la racine de son adresse, pas sous"
            " '/tutorat/' : donnez https://example.org \\(un sous-domaine\\)",
        ),
        ('[web]\npublic_url = "https://example.org/#x"\n', "web.public_url: la vue web"),
        ('[web]\nsecret = "abc"\n', "web.secret: clé inconnue"),
    ],
)
def test_a_bad_value_names_the_key_and_the_reason(toml, expected):
    with pytest.raises(ConfigError, match=expected) as caught:
        parse_config(toml)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "given", ["https://tableau.example.org", "https://tableau.example.org/", "http://h:8080/"]
)
def test_a_public_address_without_a_path_is_taken_without_its_slash(given):
    web = parse_config(f'[web]\npublic_url = "{given}"\n').web
    assert web.public_url == given.rstrip("/") and web.base_url(8765) == given.rstrip("/")


def test_a_bad_config_stops_start_up_with_one_line(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text('[scheduler]\nmisfire_grace_seconds = "souvent"\n', encoding="utf-8")
    for command in (["check-config"], []):
        result = subprocess.run(
            [sys.executable, "bot.py", "--config", str(bad), *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={"DISCORD_TOKEN": "x", "PATH": ""},
        )
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0
        assert "scheduler.misfire_grace_seconds" in result.stderr


def test_a_public_address_with_a_path_stops_start_up(tmp_path):
    result = check_config(tmp_path, '[web]\npublic_url = "https://example.org/tutorat/"\n')
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert "web.public_url: la vue web est servie à la racine" in result.stderr


def test_the_token_comes_only_from_the_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "bot.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": ""},
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN" in result.stderr


def check_config(tmp_path, toml: str, **environ: str) -> subprocess.CompletedProcess:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "bot.py", "--config", str(path), "check-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", **environ},
    )


def test_check_config_says_which_database_it_will_use(tmp_path):
    sqlite = check_config(tmp_path, "")
    assert sqlite.returncode == 0, sqlite.stderr
    assert "SQLite (tutorat.db)" in sqlite.stdout
    assert "tous les serveurs / every guild" in sqlite.stdout
    sharded = check_config(tmp_path, "[discord]\nshard_count = 4\nshard_ids = [1]\n")
    assert "shards [1] / 4" in sharded.stdout
    pg = check_config(
        tmp_path,
        '[database]\nurl = "postgresql://tutorat@db.example:5432/tutorat"\n',
        TUTORAT_DATABASE_PASSWORD="s3cret",
    )
    assert pg.returncode == 0, pg.stderr
    assert "PostgreSQL (tutorat@db.example:5432/tutorat)" in pg.stdout
    assert "s3cret" not in pg.stdout + pg.stderr


def test_the_database_password_comes_from_the_environment():
    settings = parse_config('[database]\nurl = "postgresql://bot@h:5433/t"\n').database
    target = database_target(settings, {"TUTORAT_DATABASE_PASSWORD": "pw"})
    assert (target.backend, target.password) == ("postgresql", "pw")
    whole = database_target(settings, {"DATABASE_URL": "postgresql://x:pw2@other/prod"})
    assert (whole.url, whole.password) == ("postgresql://x:pw2@other/prod", "pw2")
    assert "pw2" not in whole.shown and "other/prod" in whole.shown
    assert database_target(parse_config("").database, {}).backend == "sqlite"


def test_a_short_web_secret_stops_start_up(tmp_path):
    result = subprocess.run(
        [sys.executable, "bot.py", "check-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"TUTORAT_WEB_SECRET": "court", "PATH": ""},
    )
    assert result.returncode == 2
    assert "TUTORAT_WEB_SECRET" in result.stderr and "32 caractères" in result.stderr
