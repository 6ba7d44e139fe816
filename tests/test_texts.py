"""Every sentence comes from the gettext catalogues: each French message has its English
translation with the same placeholders, every key the code names exists, the compiled
catalogues are those of the .po files; counts read as French and English do (CLDR plurals);
every command, group and option the bot syncs has an English name and description."""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog

from tutorat import catalogues
from tutorat.texts import Count, Key, catalogue, language_of, messages, text


def test_the_catalogues_are_sound():
    """English for every French message, same placeholders, no key unknown, .mo not stale."""
    assert catalogues.problems() == []


def test_the_check_would_see_a_missing_translation_a_placeholder_and_a_stale_mo(monkeypatch):
    french = Catalog(locale="fr", domain="pairs")
    french.add("pairs.hello", "Bonjour {who}")
    french.add("pairs.bye", "Au revoir")
    english = Catalog(locale="en", domain="pairs")
    english.add("pairs.hello", "Hello {name}")
    english.add("pairs.bye", "")
    monkeypatch.setattr(catalogues, "domains", lambda: ["pairs"])
    monkeypatch.setattr(catalogues, "read", lambda lang, d: french if lang == "fr" else english)
    monkeypatch.setattr(catalogues, "keys_used_in_code", lambda: {"pairs.gone": "cogs/x.py:3"})
    found = "\n".join(catalogues.problems())
    assert "« pairs.gone » is in no French catalogue" in found
    assert "« pairs.bye » is not translated" in found
    assert "« pairs.hello » has placeholders ['name'], French has ['who']" in found
    assert "pairs.mo is stale" in found


def test_the_language_follows_the_discord_locale():
    assert text("pulse.button", "fr") == "Répondre"
    assert text("pulse.button", "en-GB") == "Answer"
    assert text("pulse.button", "de") == "Répondre"  # French first
    assert language_of("en-US") == "en" and language_of("pt-BR") == "fr"


def test_counts_read_as_french_and_english_do():
    assert text("rights.pulse", "fr", n=1) == "1 réponse au questionnaire"
    assert text("rights.pulse", "fr", n=2) == "2 réponses au questionnaire"
    assert text("rights.pulse", "en", n=1) == "1 questionnaire answer"
    assert text("rights.pulse", "en", n=2) == "2 questionnaire answers"
    assert text("rights.erased", "fr", n=0) == "Il n'y avait rien à effacer."
    assert text("rights.erased", "fr", n=1234) == "C'est fait\u00a0: 1\u202f234 éléments effacés."
    assert text("rights.erased", "en-US", n=1234) == "Done: 1,234 items erased."
    pairs = Count("digest.pairs", 1)
    cases = text("digest.cases", "fr", n=0, closed=Count("digest.closed", 0), pairs=pairs)
    assert cases == "🔔 Aucune nouvelle alerte, aucun cas clos\u202f; 1 binôme actif."
    assert "(s)" not in "".join(str(m) for lang in ("fr", "en") for m in messages(lang).values())


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
    rule = re.compile(r"^[-_\w]{1,32}$")
    english = catalogue("en")
    names = [english.translations.gettext(k) for k in english.singular if k.startswith("optname.")]
    assert names and [n for n in names if not rule.match(n) or n != n.lower()] == []


def test_a_parameter_that_is_a_key_is_said_in_the_readers_language():
    permission = Key("perm.manage_channels")
    french = text("cohort.bot_missing_permission", "fr", permission=permission)
    english = text("cohort.bot_missing_permission", "en-US", permission=permission)
    assert "Gérer les salons" in french and "Manage Channels" in english


def test_a_new_message_is_added_to_both_catalogues(tmp_path, monkeypatch):
    """How an engineer adds a sentence: `python -m tutorat.catalogues add ...`."""
    import shutil

    for language in ("fr", "en"):
        (tmp_path / language).mkdir()
        shutil.copy(catalogues.po_path(language, "pairs"), tmp_path / language / "pairs.po")
    monkeypatch.setattr(catalogues, "po_path", lambda lang, d: tmp_path / lang / f"{d}.po")
    catalogues.main(
        ["add", "pairs", "pairs.tries", "{n} essai || {n} essais", "{n} try || {n} tries"]
    )
    catalogues.main(["add", "pairs", "pairs.hello", "Bonjour", "Hello"])
    french, english = catalogues.read("fr", "pairs"), catalogues.read("en", "pairs")
    assert french.get("pairs.tries").string == ("{n} essai", "{n} essais")
    assert english.get("pairs.hello").string == "Hello"
    assert french.get("pairs.alone") is not None  # the others kept


def test_a_dictionary_written_the_old_way_moves_into_a_catalogue(tmp_path, monkeypatch):
    """How texts another engineer wrote as a dict (TEXTS / OPTION_NAMES) join the catalogues."""
    old = tmp_path / "texts_platform.py"
    old.write_text(
        'TEXTS = {"platform.linked": {"fr": "Compte lié : {who}.", "en": "Account linked: {who}."}}\n'
        'OPTION_NAMES = {"compte": "account"}\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogues, "po_path", lambda lang, d: tmp_path / lang / f"{d}.po")
    moved = catalogues.convert(old, "platform")
    assert moved == ["optname.compte", "platform.linked"]
    assert catalogues.read("fr", "platform").get("platform.linked").string == "Compte lié : {who}."
    assert catalogues.read("en", "platform").get("optname.compte").string == "account"


def test_no_plural_in_parentheses_in_what_the_code_says():
    """Logs, check-config and command-line messages say their counts without « (s) »."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    found = []
    for folder in ("tutorat", "db", "cogs", "sources", "replay", "web", "sandbox"):
        for path in (root / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if (
                    re.search(r"[a-zé]\(s\)", line)
                    and "http(s)" not in line
                    and "ws(s)" not in line
                ):
                    found.append(f"{path.relative_to(root)}:{number}")
    bot = (root / "bot.py").read_text(encoding="utf-8")
    assert found == [] and not re.search(r"[a-zé]\(s\)", bot), found
