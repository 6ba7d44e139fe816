"""Command names and descriptions in English, from the same catalogue as every sentence."""

from __future__ import annotations

import discord
from discord import app_commands

from tutorat.texts import TEXTS, language_of


class CatalogueTranslator(app_commands.Translator):
    """French is the source language; English comes from the catalogue, keyed by `key=`."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        if key is None or key not in TEXTS or language_of(locale.value) == "fr":
            return None
        if not locale.value.startswith("en"):
            return None
        return TEXTS[key].get("en")
