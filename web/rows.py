"""A cohort's table rows, each rendered once per row's values by its template
(`cohort_row.html`, autoescaped) and kept: a page of 50 rows after a write is the rows that
changed rendered, the others taken as they were, joined as markup."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import fields

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup

from tutorat.desk_rows import Row
from web.words import LANG, render_globals

KEPT = 4096  # rows (about half a kilobyte each)
_FIELDS = [f.name for f in fields(Row)]


def _values(row: Row) -> tuple:
    """Everything a row holds, hashable (a new field counts without a word here)."""
    return tuple(tuple(v) if isinstance(v, list) else v for v in map(row.__getattribute__, _FIELDS))


class RenderedRows:
    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._rows: OrderedDict[tuple, Markup] = OrderedDict()

    async def of(self, request: web.Request, cohort, rows: list[Row], now_days) -> Markup:
        """These rows of the cohort's table, as markup."""
        template = None
        found = []
        for row in rows:
            days = now_days(row.case_opened) if row.case_opened else None
            key = (request[LANG], cohort.id, days, _values(row))
            html = self._rows.get(key)
            if html is None:
                if template is None:
                    env = aiohttp_jinja2.get_env(request.app)
                    template = env.get_template("cohort_row.html")
                    context = {**await render_globals(request), "cohort": cohort}
                    context["now_days"] = now_days
                html = Markup(template.render({**context, "r": row}))  # autoescaped by Jinja2
                self._rows[key] = html
                while len(self._rows) > self.size:
                    self._rows.popitem(last=False)
            else:
                self._rows.move_to_end(key)
            found.append(html)
        return Markup("").join(found)
