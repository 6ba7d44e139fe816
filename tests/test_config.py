"""config.toml: every key known, a wrong one stops start-up with one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tutorat.config import ConfigError, load_config, parse_config

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


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[discord]\napi_bse = "x"\n', "discord.api_bse: clé inconnue"),
        ('[cohort]\ntimezone = "Mars/Olympus"\n', "cohort.timezone: fuseau horaire IANA inconnu"),
        ("[cohort]\npulse_day = 9\n", "cohort.pulse_day"),
        ('[discord]\ntoken = "abc"\n', "DISCORD_TOKEN"),
        ("[outbox\n", "TOML illisible"),
    ],
)
def test_a_bad_value_names_the_key_and_the_reason(toml, expected):
    with pytest.raises(ConfigError, match=expected) as caught:
        parse_config(toml)
    assert "\n" not in str(caught.value)


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
