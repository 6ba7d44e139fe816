"""A long list said in pages that fit one Discord message, none of it dropped."""

from __future__ import annotations

# a message holds 2 000 characters; the page's heading and a margin take the rest
PAGE_CHARACTERS = 1800


def pages(lines: list[str], limit: int = PAGE_CHARACTERS) -> list[list[str]]:
    """The lines in order, grouped into pages of at most `limit` characters (joined by new
    lines); a single line longer than a page is shortened with an ellipsis."""
    found: list[list[str]] = []
    page: list[str] = []
    size = 0
    for line in lines:
        if len(line) > limit:
            line = line[: limit - 1] + "…"
        if page and size + 1 + len(line) > limit:
            found.append(page)
            page, size = [], 0
        size += len(line) + (1 if page else 0)
        page.append(line)
    if page:
        found.append(page)
    return found
