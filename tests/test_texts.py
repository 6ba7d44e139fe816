"""Every sentence exists in French and English with the same placeholders; every command,
group and option name and description the bot syncs has an English localisation."""

from __future__ import annotations

import string

from tutorat.texts import TEXTS, text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_french_and_english_with_the_same_placeholders():
    missing = [key for key, entry in TEXTS.items() if not entry.get("fr") or not entry.get("en")]
    assert missing == [], "\n".join(missing)
    different = [
        key
        for key, entry in TEXTS.items()
        if placeholders(entry["fr"]) != placeholders(entry["en"])
    ]
    assert different == []


def test_the_language_follows_the_discord_locale():
    assert text("pulse.button", "fr") == "Répondre"
    assert text("pulse.button", "en-GB") == "Answer"
    assert text("pulse.button", "de") == "Répondre"  # French first


async def test_every_synced_command_and_option_has_english_names_and_descriptions(running, sandbox):
    commands = sandbox.requests_to("PUT", "/applications/{application_id}/commands")[0].body
    missing = []

    def walk(item: dict, path: str) -> None:
        name = f"{path}/{item['name']}"
        if not (item.get("name_localizations") or {}).get("en-US"):
            missing.append(f"{name}: name")
        if not (item.get("description_localizations") or {}).get("en-US"):
            missing.append(f"{name}: description")
        for option in item.get("options") or []:
            walk(option, name)

    for command in commands:
        walk(command, "")
    assert missing == [], "\n".join(missing)


def test_english_option_names_follow_discords_naming_rule():
    import re

    from tutorat.texts_names import OPTION_NAMES

    rule = re.compile(r"^[-_\w]{1,32}$")
    bad = [n for n in OPTION_NAMES.values() if not rule.match(n) or n != n.lower()]
    assert bad == []


def test_a_parameter_that_is_a_key_is_said_in_the_readers_language():
    from tutorat.texts import Key

    permission = Key("perm.manage_channels")
    french = text("cohort.bot_missing_permission", "fr", permission=permission)
    english = text("cohort.bot_missing_permission", "en-US", permission=permission)
    assert "Gérer les salons" in french and "Manage Channels" in english
