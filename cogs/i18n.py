"""Command names, option names and descriptions in English, from the same catalogues as every
sentence."""

from __future__ import annotations

import discord
from discord import app_commands

from tutorat.texts import TEXTS, language_of
from tutorat.texts_names import OPTION_NAMES

PARAMETER_NAME = app_commands.TranslationContextLocation.parameter_name


class CatalogueTranslator(app_commands.Translator):
    """French is the source language; English comes from the catalogue, keyed by `key=`."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if language_of(locale.value) != "en":
            return None
        key = string.extras.get("key")
        if key is None and context.location is PARAMETER_NAME:
            return OPTION_NAMES.get(string.message)
        if key is None or key not in TEXTS:
            return None
        return TEXTS[key].get("en")
