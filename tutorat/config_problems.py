"""What is wrong with a config.toml, said in French: every problem pydantic or TOML found,
one line each, with the key, the reason, the value given and, for a misspelt key, the key
that was probably meant."""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, ValidationError

# pydantic's error types -> a French reason; {ctx keys} come from the error's context
REASONS = {
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "greater_than": "doit être supérieur à {gt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "less_than": "doit être inférieur à {lt}",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu, sans décimale",
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "bool_parsing": "true ou false attendu",
    "bool_type": "true ou false attendu",
    "string_type": "texte entre guillemets attendu",
    "time_parsing": 'heure attendue, au format "09:00"',
    "time_type": 'heure attendue, au format "09:00"',
    "list_type": "liste attendue, entre crochets : [ … ]",
    "model_type": "section attendue, écrite [nom]",
    "dict_type": "section attendue, écrite [nom]",
    "missing": "clé obligatoire manquante",
    "string_too_short": "texte trop court",
    "string_too_long": "texte trop long",
}

# tomllib's messages (English) -> French, by their opening words
TOML_REASONS = (
    ("Invalid value", "valeur illisible (un texte s'écrit entre guillemets)"),
    ("Illegal character", "caractère interdit"),
    ("Expected '=' after a key", "« = » attendu après le nom de la clé"),
    ("Expected ']' at the end of a table", "« ] » manquant à la fin du nom de section"),
    ("Unclosed array", "liste non fermée : « ] » manquant"),
    ("Unclosed inline table", "table non fermée : « } » manquant"),
    ("Cannot overwrite a value", "clé donnée deux fois"),
    ("Cannot declare", "section déclarée deux fois"),
    ("Expected newline or end of document", "fin de ligne attendue après la valeur"),
    ("Invalid statement", "ligne incompréhensible"),
    ("Invalid initial character for a key part", "nom de clé invalide"),
    ("Found invalid character in key name", "nom de clé invalide"),
    ('Expected "', "texte non fermé : guillemet manquant"),
    ('Expected "\'"', "texte non fermé : guillemet manquant"),
    ("Unterminated string", "texte non fermé : guillemet manquant"),
)
WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_problem(message: str) -> str:
    """tomllib's one-line error, in French, with its place in the file."""
    reason = next((fr for en, fr in TOML_REASONS if message.startswith(en)), None)
    reason = reason or "syntaxe TOML invalide"
    found = WHERE.search(message)
    place = f"ligne {found[1]}, colonne {found[2]}" if found else "en fin de fichier"
    return f"TOML illisible, {place} : {reason}"


def config_problems(error: ValidationError, model: type[BaseModel]) -> list[str]:
    """Every problem of a validated config, one French line each: `key: reason`."""
    return [_line(problem, model) for problem in error.errors()]


def _line(problem: dict, model: type[BaseModel]) -> str:
    loc = [str(part) for part in problem["loc"]]
    key = ".".join(loc) or "(racine)"
    kind = problem["type"]
    if kind == "extra_forbidden":
        reason = "clé inconnue"
        meant = _closest(model, loc)
        if meant:
            reason += f" — vouliez-vous dire {'.'.join([*loc[:-1], meant])} ?"
        return f"{key}: {reason}"
    if kind == "value_error":
        reason = problem["msg"].removeprefix("Value error, ")
    elif kind == "string_pattern_mismatch":
        reason = _pattern_reason(problem.get("ctx", {}).get("pattern", ""))
    elif kind in REASONS:
        reason = REASONS[kind].format(**problem.get("ctx", {}))
    else:
        reason = "valeur invalide"
    given = problem.get("input")
    if kind != "missing" and isinstance(given, str | int | float | bool):
        reason += f" (valeur donnée : {given!r})"
    return f"{key}: {reason}"


def _pattern_reason(pattern: str) -> str:
    """`^(A|B|C)$` -> one of A, B, C; any other pattern is named as it is."""
    found = re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)
    if found:
        return "une de ces valeurs : " + ", ".join(found[1].split("|"))
    return f"valeur de la forme {pattern} attendue"


def _closest(model: type[BaseModel], loc: list[str]) -> str | None:
    """The known key nearest to a misspelt one, in the section where it was written."""
    section: type[BaseModel] | None = model
    for part in loc[:-1]:
        field = section.model_fields.get(part) if section else None
        annotation = field.annotation if field else None
        section = annotation if isinstance(annotation, type) else None
    if section is None or not issubclass(section, BaseModel):
        return None
    near = difflib.get_close_matches(loc[-1], list(section.model_fields), n=1, cutoff=0.6)
    return near[0] if near else None
