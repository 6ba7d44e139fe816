"""Every sentence the bot says comes from gettext catalogues, read through Babel: one `.po`
file per function (pairs, pulse, cases, digest, ...) and per language under
`tutorat/locales/<language>/LC_MESSAGES/`, compiled to `.mo` (`make catalogues`). French is
the source language; a message missing in a language is said in French.

Messages are named by keys (`pulse.button`). A counted message is a plural entry whose count
is its `{n}`: it reads "1 réponse", "2 réponses" by each language's plural rule (CLDR), and
"aucune réponse" when the catalogue has a `<key>.none` message and n is 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.mofile import read_mo
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE = "fr"


@cache
def languages(where: Path | None = None) -> tuple[str, ...]:
    """The languages with catalogues, French first: adding a folder adds a language."""
    root = where or LOCALES
    found = sorted(p.name for p in root.iterdir() if (p / "LC_MESSAGES").is_dir())
    return (SOURCE, *[x for x in found if x != SOURCE])


LANGUAGES = languages()


def language_of(locale: str | None) -> str:
    """A Discord locale ('en-US', 'pt-BR', 'fr') -> the closest language with catalogues
    ('en', 'pt_BR' if there is one, else 'pt'); French when there is none."""
    if not locale:
        return SOURCE
    wanted = str(locale).replace("-", "_")
    for candidate in (wanted, wanted.split("_")[0]):
        if candidate in languages(LOCALES):
            return candidate
    return SOURCE


@cache
def babel_locale(locale: str | None) -> Locale:
    """The CLDR locale for dates and numbers: the reader's own ('en_GB' writes 11 January,
    'en_US' January 11), within the languages the bot speaks."""
    language = language_of(locale)
    wanted = str(locale or "").replace("-", "_")
    try:
        if wanted.split("_")[0] == language.split("_")[0] and "_" in wanted:
            return Locale.parse(wanted)
    except (ValueError, UnknownLocaleError):
        pass
    return Locale.parse(language)


@dataclass(frozen=True)
class Catalogue:
    translations: Translations
    singular: frozenset[str]
    plural: frozenset[str]


@cache
def catalogue(language: str) -> Catalogue:
    """Every compiled domain of a language, merged into one set of translations."""
    merged: Translations | None = None
    singular: set[str] = set()
    plural: set[str] = set()
    for mo in sorted((LOCALES / language / "LC_MESSAGES").glob("*.mo")):
        with mo.open("rb") as file:
            for message in read_mo(file):
                if not message.id or not message.string:
                    continue
                if isinstance(message.id, tuple | list):
                    plural.add(message.id[0])
                else:
                    singular.add(message.id)
        with mo.open("rb") as file:
            domain = Translations(file, domain=mo.stem)
        merged = domain if merged is None else merged.merge(domain)
    return Catalogue(merged or Translations(), frozenset(singular), frozenset(plural))


class Key(str):
    """A parameter that is itself a catalogue key: rendered in the reader's language."""


@dataclass(frozen=True)
class Count:
    """A parameter that is itself a counted message: `Count("digest.pairs", 3)` reads
    "3 binômes actifs" (or the message's `.none` form for 0)."""

    key: str
    n: int
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Phrase:
    """A message kept with its parameters, said later in each reader's language (a case's
    reasons are found before anyone reads them); also a parameter of another message."""

    key: str
    params: dict = field(default_factory=dict, hash=False)

    def said(self, locale: str | None = "fr") -> str:
        return text(self.key, locale, **self.params)


@dataclass(frozen=True)
class Share:
    """A parameter read as a percentage in the reader's language ("84 %", "84%")."""

    value: float


def template(key: str, language: str, n: int | None = None) -> str:
    """The message in this language (French if it has none yet); a KeyError if unknown."""
    for lang in (language, SOURCE):
        found = catalogue(lang)
        if n is not None and key in found.plural:
            return found.translations.ngettext(key, key, n)
        if key in found.singular:
            return found.translations.gettext(key)
    raise KeyError(key)


def text(key: str, locale: str | None = "fr", /, **params: object) -> str:
    language = language_of(locale)
    n = params.get("n")
    if n == 0 and _known(f"{key}.none", language):
        key = f"{key}.none"
    sentence = template(key, language, n if isinstance(n, int) else None)
    if not params:
        return sentence
    return sentence.format(**{k: _rendered(k, v, locale) for k, v in params.items()})


def _known(key: str, language: str) -> bool:
    return any(key in catalogue(lang).singular for lang in (language, SOURCE))


def _rendered(name: str, value: object, locale: str | None) -> object:
    if isinstance(value, Key):
        return text(value, locale)
    if isinstance(value, Count):
        return text(value.key, locale, n=value.n, **value.params)
    if isinstance(value, Phrase):
        return value.said(locale)
    if isinstance(value, Share):
        return format_percent(value.value, locale=babel_locale(locale))
    if isinstance(value, date):
        return _day_said(value, locale)
    if isinstance(value, time):
        return said_hour(value, locale)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.#", locale=babel_locale(locale))
    if name == "n" and isinstance(value, int) and not isinstance(value, bool):
        return format_decimal(value, locale=babel_locale(locale))
    return value


@lru_cache(maxsize=4096)
def _day_said(value: date, locale: str | None) -> str:
    """A day as a sentence's parameter: 30/11, 11/30 (Babel's formatting by skeleton is slow,
    and a case's reasons say days again at every scan)."""
    return format_skeleton("dM", value, locale=babel_locale(locale))


def said_hour(value: time, locale: str | None) -> str:
    """An hour as the reader's language says it: 21 h, 20 h 30 in French (no-break spaces);
    9 PM, 8:30 PM in English (the locale's own 12- or 24-hour clock)."""
    where = babel_locale(locale)
    if where.language == "fr":  # 9 h, 21 h 30: French writes hours as a unit
        minutes = f"\u202f{value.minute:02d}" if value.minute else ""
        return f"{value.hour}\u202fh{minutes}"
    hour = "h" if "h" in where.time_formats["short"].pattern else "H"
    if not value.minute:
        whole = format_skeleton(hour, value, locale=where)
        if not whole.isdigit():  # "21 h", "9 PM"; a bare "21" needs its minutes
            return whole
    return format_skeleton(hour + "m", value, locale=where)


def days_said(days: frozenset[int], locale: str | None) -> str:
    """Weekdays (Monday = 0) as the reader's language names them: « du lundi au vendredi »
    for a run of days, a list otherwise."""
    names = babel_locale(locale).days["format"]["wide"]
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return text("days.range", locale, first=names[ordered[0]], last=names[ordered[-1]])
    return ", ".join(names[d] for d in ordered)


def messages(language: str) -> dict[str, str | tuple[str, ...]]:
    """key -> message (or its plural forms) as this language's catalogue has them."""
    found = catalogue(language)
    out: dict[str, str | tuple[str, ...]] = {
        key: found.translations.gettext(key) for key in found.singular
    }
    for key in found.plural:
        out[key] = (
            found.translations.ngettext(key, key, 1),
            found.translations.ngettext(key, key, 2),
        )
    return out


def _compatible_view() -> dict[str, dict[str, str]]:
    """TEXTS as it was (key -> {language: sentence}), for code written against the old
    dictionary; a plural message shows its plural form."""
    view: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        for key, message in messages(language).items():
            view.setdefault(key, {})[language] = message if isinstance(message, str) else message[1]
    return view


TEXTS = _compatible_view()
