"""A third language is a folder of catalogues, not code: with `es` catalogues next to `fr` and
`en`, a member whose Discord speaks Spanish reads Spanish (sentences and command names), and
what is not translated yet is said in French."""

from __future__ import annotations

import shutil

import discord
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from discord import app_commands

from cogs.i18n import CatalogueTranslator
from tutorat import texts
from tutorat.texts import text


@pytest.fixture
def spanish(tmp_path, monkeypatch):
    """The shipped catalogues plus an `es` copy of the English ones, two messages translated."""
    root = tmp_path / "locales"
    shutil.copytree(texts.LOCALES, root)
    (root / "es" / "LC_MESSAGES").mkdir(parents=True)
    said = {"pulse.button": "Responder", "cmd.aide": "ayuda"}
    for po in (root / "en" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as file:
            catalog = read_po(file, locale="es", domain=po.stem)
        for message in catalog:
            if message.id:  # untranslated but for `said`: French is said instead
                message.string = (
                    said.get(message.id, "") if isinstance(message.id, str) else ("", "")
                )
        with (root / "es" / "LC_MESSAGES" / f"{po.stem}.mo").open("wb") as file:
            write_mo(file, catalog)
    monkeypatch.setattr(texts, "LOCALES", root)
    texts.catalogue.cache_clear()
    texts.babel_locale.cache_clear()
    yield root
    monkeypatch.undo()
    texts.catalogue.cache_clear()
    texts.babel_locale.cache_clear()


def test_a_spanish_folder_makes_the_bot_speak_spanish(spanish):
    assert texts.language_of("es-ES") == "es" and texts.language_of("es-419") == "es"
    assert text("pulse.button", "es-ES") == "Responder"
    assert text("pulse.closed", "es-ES", week=2) == text("pulse.closed", "fr", week=2)


async def test_command_names_follow_the_new_language(spanish):
    translator = CatalogueTranslator()
    name = app_commands.locale_str("aide", key="cmd.aide")
    context = app_commands.TranslationContext(
        app_commands.TranslationContextLocation.command_name, None
    )
    assert await translator.translate(name, discord.Locale.spain_spanish, context) == "ayuda"
    untranslated = app_commands.locale_str("cohorte", key="cmd.cohorte")
    assert await translator.translate(untranslated, discord.Locale.spain_spanish, context) is None
