"""The translators' side of the catalogues (see `make catalogues`).

French (`tutorat/locales/fr/LC_MESSAGES/<domain>.po`) is the source: a new sentence is a new
entry there. `python -m tutorat.catalogues template` writes each domain's template
(`tutorat/locales/<domain>.pot`) from it, the French sentence as the translators' comment;
`pybabel update` then brings new keys to every other language and `pybabel compile` writes
the `.mo` files the bot reads. `python -m tutorat.catalogues check` lists what is wrong.

`python -m tutorat.catalogues add DOMAIN KEY FRENCH ENGLISH` writes one message in both
catalogues (a counted one: "1 réponse || {n} réponses", its count being `{n}`); then
`make catalogues`. `python -m tutorat.catalogues typeset` gives every French sentence its
no-break spaces (before : ; ! ? », after «), which `check` requires (tutorat.typography).
`python -m tutorat.catalogues convert FILE.py DOMAIN` moves a dictionary
written the old way (`TEXTS = {key: {"fr": ..., "en": ...}}`, or `OPTION_NAMES = {french:
english}`) into a domain's catalogues."""

from __future__ import annotations

import io
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tutorat.texts import LANGUAGES, LOCALES, SOURCE
from tutorat.typography import loose_spaces, typeset

ROOT = LOCALES.parents[1]
# keys written as literals in the code: text("key"), Key("key"), Count("key", n),
# Phrase("key", {...}), Refusal("key"), and the key of a command's _("nom", "key")
KEYWORDS = {"text": (1,), "Key": (1,), "Count": (1,), "Phrase": (1,), "Refusal": (1,), "_": (2,)}
SCANNED = ("bot.py", "cogs", "tutorat", "sandbox", "replay", "web")
# languages that must say everything; another one may be partial (French is said instead)
COMPLETE = ("fr", "en")


def domains() -> list[str]:
    return sorted(p.stem for p in (LOCALES / SOURCE / "LC_MESSAGES").glob("*.po"))


def po_path(language: str, domain: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{domain}.po"


def read(language: str, domain: str) -> Catalog:
    with po_path(language, domain).open("rb") as file:
        return read_po(file, locale=language, domain=domain)


def compiled(language: str, domain: str) -> bytes:
    """The `.mo` that `pybabel compile` writes for this `.po` (same reader, same writer)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(language, domain))
    return buffer.getvalue()


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def template(domain: str) -> Catalog:
    source = read(SOURCE, domain)
    pot = Catalog(
        domain=domain,
        project="tutorat",
        version="1",
        copyright_holder="tutorat",
        creation_date=source.creation_date,
        fuzzy=False,
    )
    for message in source:
        if message.id:
            french = " | ".join(forms(message))
            pot.add(message.id, auto_comments=[f"fr: {french}"], flags=message.flags)
    return pot


def write_templates() -> None:
    for domain in domains():
        with (LOCALES / f"{domain}.pot").open("wb") as file:
            write_po(file, template(domain), width=100, sort_output=True)


def keys_used_in_code() -> dict[str, str]:
    """Every literal key the code names -> where (what `pybabel extract` would list)."""
    found: dict[str, str] = {}
    method_map = [("**.py", "python")]
    for folder in SCANNED:
        path = ROOT / folder
        if not path.exists():
            continue
        if path.is_file():
            entries = _extract_file(path)
        else:
            entries = (
                (f"{folder}/{name}", line, message)
                for name, line, message, _, _ in extract_from_dir(
                    path, method_map, keywords=KEYWORDS, comment_tags=()
                )
            )
        for where, line, message in entries:
            key = message[0] if isinstance(message, tuple) else message
            if key and "." in key and " " not in key:
                found.setdefault(key, f"{where}:{line}")
    return found


def _extract_file(path: Path):
    from babel.messages.extract import extract_from_file

    for line, message, _, _ in extract_from_file("python", path, keywords=KEYWORDS):
        yield path.name, line, message


def problems() -> list[str]:
    """What a translator or a developer must fix; empty when the catalogues are sound."""
    found = []
    french = {d: read(SOURCE, d) for d in domains()}
    known = {m.id if isinstance(m.id, str) else m.id[0] for c in french.values() for m in c if m.id}
    for key, where in sorted(keys_used_in_code().items()):
        if key not in known:
            found.append(f"{where}: « {key} » is in no French catalogue")
    for language in LANGUAGES:
        for domain, source in french.items():
            if not po_path(language, domain).exists():
                found.append(f"{language}/{domain}.po is missing")
                continue
            theirs = read(language, domain)
            for message in source:
                if not message.id:
                    continue
                other = theirs.get(message.id)
                if other is None or not all(forms(other)):
                    if language in COMPLETE:
                        found.append(f"{language}/{domain}.po: « {message.id} » is not translated")
                    continue
                wanted = set().union(*(placeholders(f) for f in forms(message)))
                for form in forms(other):
                    if placeholders(form) - wanted or (
                        len(forms(other)) == 1 and placeholders(form) != wanted
                    ):
                        found.append(
                            f"{language}/{domain}.po: « {message.id} » has placeholders "
                            f"{sorted(placeholders(form))}, French has {sorted(wanted)}"
                        )
            for message in theirs:
                for form in forms(message) if message.id and language != SOURCE else ():
                    for french, own in cited_commands(form, commands_of(language)):
                        found.append(
                            f"{language}/{domain}.po: « {message.id} » cites /{french}: say /{own}"
                        )
            if language == SOURCE:
                found += loose_in(domain, theirs)
            mo = po_path(language, domain).with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != compiled(language, domain):
                found.append(f"{language}/{domain}.mo is stale: run make catalogues")
    return found


def commands_of(language: str) -> dict[str, str]:
    """Each command path in French ('cohorte creer') -> as this language names it
    ('cohort create'), from the commands' catalogue (cmd.<french path> keys)."""
    names = {
        m.id: m.string
        for m in read(language, "commands")
        if isinstance(m.id, str) and m.id.startswith("cmd.") and m.string
    }
    paths = {}
    for key in names:
        parts = key.split(".")[1:]
        if parts[-1] == "description":
            continue
        own = [names.get("cmd." + ".".join(parts[: i + 1]), "") for i in range(len(parts))]
        if all(own):
            paths[" ".join(parts)] = " ".join(own)
    return paths


def cited_commands(sentence: str, paths: dict[str, str]) -> list[tuple[str, str]]:
    """The commands a sentence cites by their French names where its language has others:
    (French path, the language's own)."""
    found = []
    for french in sorted(paths, key=len, reverse=True):
        own = paths[french]
        at = sentence.find("/" + french)
        end = at + len(french) + 1
        if at >= 0 and (end == len(sentence) or not sentence[end].isalnum()) and own != french:
            found.append((french, own))
            sentence = sentence.replace("/" + french, "/" + own)
    return found


def loose_in(domain: str, catalog: Catalog) -> list[str]:
    """French sentences with an ordinary space where a no-break one belongs."""
    found = []
    for message in catalog:
        marks = [m for form in forms(message) if message.id for m in loose_spaces(form)]
        if marks:
            found.append(
                f"{SOURCE}/{domain}.po: « {message.id} » has an ordinary space at "
                f"{' '.join(dict.fromkeys(marks))}: run python -m tutorat.catalogues typeset"
            )
    return found


def typeset_sources() -> list[str]:
    """Every French sentence given its no-break spaces; the keys changed."""
    changed = []
    for domain in domains():
        catalog = read(SOURCE, domain)
        for message in catalog:
            if not message.id:
                continue
            said = message.string
            message.string = (
                tuple(typeset(f) for f in said) if isinstance(said, tuple) else typeset(said)
            )
            if message.string != said:
                changed.append(
                    f"{domain}: {message.id if isinstance(message.id, str) else message.id[0]}"
                )
        with po_path(SOURCE, domain).open("wb") as file:
            write_po(file, catalog, width=100, sort_output=True, ignore_obsolete=True)
    return changed


def add(domain: str, key: str, sentences: dict[str, str]) -> None:
    """One message in the French and English catalogues of a domain (" || " between the
    singular and the plural of a counted message)."""
    for language, sentence in sentences.items():
        catalog = read(language, domain)
        forms_given = tuple(part.strip() for part in sentence.split(" || "))
        if len(forms_given) > 1:
            catalog.add((key, key), forms_given, flags=["python-brace-format"])
        else:
            catalog.add(key, sentence, flags=["python-brace-format"])
        with po_path(language, domain).open("wb") as file:
            write_po(file, catalog, width=100, sort_output=True, ignore_obsolete=True)


def convert(path: Path, domain: str) -> list[str]:
    """An old-style dictionary into a domain's catalogues (created if need be); the keys moved.
    Counted sentences written with a parenthesised plural stay so until made plural."""
    import runpy

    found = runpy.run_path(str(path))
    entries = {k: v for k, v in found.get("TEXTS", {}).items()}
    for french, english in found.get("OPTION_NAMES", {}).items():
        entries[f"optname.{french}"] = {"fr": french, "en": english}
    for language in COMPLETE:
        if not po_path(language, domain).exists():
            po_path(language, domain).parent.mkdir(parents=True, exist_ok=True)
            with po_path(language, domain).open("wb") as file:
                write_po(file, Catalog(locale=language, domain=domain, project="tutorat"))
    for key, entry in entries.items():
        add(domain, key, {language: entry[language] for language in COMPLETE})
    return sorted(entries)


def main(argv: list[str]) -> int:
    if argv[:1] == ["template"]:
        write_templates()
        return 0
    if argv[:1] == ["add"] and len(argv) == 5:
        add(argv[1], argv[2], {"fr": argv[3], "en": argv[4]})
        return 0
    if argv[:1] == ["typeset"]:
        print(f"{len(typeset_sources())} French sentences given their no-break spaces")
        return 0
    if argv[:1] == ["convert"] and len(argv) == 3:
        print("\n".join(convert(Path(argv[1]), argv[2])))
        return 0
    found = problems()
    print("\n".join(found) or "catalogues: all sound")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
