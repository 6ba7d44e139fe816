"""Command names, option names and descriptions in the reader's language, from the same
gettext catalogues as every sentence (the `commands` domain). French is the source: a name
declared in a cog is French; an option's name in another language is `optname.<french>`."""

from __future__ import annotations

import discord
from discord import app_commands

from tutorat.texts import SOURCE, catalogue, language_of

PARAMETER_NAME = app_commands.TranslationContextLocation.parameter_name


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale.value)
        if language == SOURCE:
            return None
        key = string.extras.get("key")
        if key is None and context.location is PARAMETER_NAME:
            key = f"optname.{string.message}"
        found = catalogue(language)
        if key is None or key not in found.singular:
            return None  # not translated yet: Discord shows the French
        return found.translations.gettext(key)
