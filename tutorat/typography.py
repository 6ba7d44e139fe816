"""French typography: the space before « : ; ! ? » and inside guillemets never breaks.

Discord wraps a line wherever an ordinary space lies, so « Noté : contact pris » can show its
colon alone at the start of a line. French puts a no-break space there: U+00A0 before the
colon, the narrow one (U+202F) before ; ! ? and inside « ». `make catalogues` checks every
French sentence, and `python -m tutorat.catalogues typeset` sets the spaces once.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before the colon
NNBSP = "\u202f"  # before ; ! ? and inside « »
BEFORE = {":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP, "»": NNBSP}
LOOSE_BEFORE = re.compile(r" +([:;!?»])")
LOOSE_AFTER = re.compile(r"« +")
# a Discord emoji or a Markdown link's title may follow a space: « :tada: », not a colon
SHORTCODE = re.compile(r"(?<= ):[a-z0-9_+-]+:")  # the space before it stays a space


def loose_spaces(sentence: str) -> list[str]:
    """The marks an ordinary space stands before (or after, for «), in order."""
    # an emoji's code stands in as one character: taken out, it would join a space before it
    # to a mark after it (« ␣:a:: » has no loose colon)
    found = [m[1] for m in LOOSE_BEFORE.finditer(SHORTCODE.sub("\x00", sentence))]
    found += ["«"] * len(LOOSE_AFTER.findall(sentence))
    return found


def typeset(sentence: str) -> str:
    """The sentence with each such space made a no-break one (an emoji's code left alone)."""
    kept = {}

    def keep(match: re.Match[str]) -> str:
        kept[f"\x00{len(kept)}\x00"] = match[0]
        return f"\x00{len(kept) - 1}\x00"

    said = SHORTCODE.sub(keep, sentence)
    said = LOOSE_BEFORE.sub(lambda m: BEFORE[m[1]] + m[1], said)
    said = LOOSE_AFTER.sub("«" + NNBSP, said)
    for mark, code in kept.items():
        said = said.replace(mark, code)
    return said
