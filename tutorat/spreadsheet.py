"""The CSV files the bot writes, as a French spreadsheet opens them: UTF-8 with a BOM, `;` (or
`,`) between cells, and no cell run as a formula.

Names, accounts, notes and reasons come from learners and tutors: a cell starting with `=`,
`+`, `-`, `@`, a tab or a carriage return is read by spreadsheet programs as a formula
(`=HYPERLINK(...)`, `@SUM(...)`), so it is written after a single quote, which they show as
text. Counts, dates, ids and decimals (`4,5`, `-2`) are written as they are."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def cell(value: object) -> object:
    """A value as its cell: text a spreadsheet would run, quoted; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def sheet(rows: Iterable[dict], columns: list[str], separator: str = ";") -> bytes:
    """A header row, then one line per row; every text cell neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=separator, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: cell(value) for key, value in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
