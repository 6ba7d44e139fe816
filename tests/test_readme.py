"""The README a coordinator reads says the truth: every command the bot syncs is in its
tables, every section of config.toml in the configuration table, and the invite link asks
for the permissions the bot is given in the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

from sandbox.state import BOT_PERMISSIONS
from tutorat.config import Config

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = "/applications/{application_id}/commands"


def leaves(command: dict, path: tuple[str, ...] = ()) -> list[str]:
    """'cohorte creer', 'aide', … : every runnable command path."""
    here = (*path, command["name"])
    groups = [o for o in command.get("options", []) if o["type"] in (1, 2)]
    if not groups:
        return [" ".join(here)]
    return [leaf for group in groups for leaf in leaves(group, here)]


async def test_every_synced_command_is_in_the_readme_tables(running, sandbox):
    synced = sandbox.requests_to("PUT", COMMANDS)[-1].body
    paths = [leaf for command in synced for leaf in leaves(command)]
    section = README.split("## Commandes", 1)[1].split("\n## ", 1)[0]
    missing = [p for p in paths if not re.search(rf"`/{re.escape(p)}(?=[ `])", section)]
    assert missing == [], f"commands missing from the README: {missing}"


def test_every_config_section_and_key_is_in_the_readme():
    section = README.split("## Configuration (`config.toml`)", 1)[1].split("\n## ", 1)[0]
    for name, field in Config.model_fields.items():
        assert f"`[{name}]`" in section, name
        if name == "signals":  # its many thresholds are documented in config.toml itself
            continue
        for key in field.annotation.model_fields:
            assert f"`{key}`" in section or key == "path", f"[{name}] {key}"


def test_the_invite_link_asks_for_what_the_bot_needs():
    assert f"permissions={BOT_PERMISSIONS}" in README
    assert f"**{BOT_PERMISSIONS}**" in README


def test_the_readme_is_for_coordinators_and_links_the_internals():
    assert len(README.splitlines()) < 700
    for page in ("early-warning", "benchmarks", "reliability", "scale", "architecture", "demo"):
        assert f"(docs/{page}.md)" in README
        assert (ROOT / "docs" / f"{page}.md").exists()
    for heading in ("Premiers pas après `make run`", "Données personnelles (RGPD)",
                    "Questions fréquentes", "Prérequis"):  # fmt: skip
        assert heading in README
