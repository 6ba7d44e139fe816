"""Pages already rendered, kept until what they were read from moves on: the same tutor (the
same session), the same address, the same version of the data (DeskPages.version) get the
same bytes again, without reading or rendering anything. The tutor's rights are checked
before, at every request, as for any page.

A page can also be kept against what it is rendered from (`inputs`, compared): read again
after a write, the same inputs give the same bytes, not rendered again."""

from __future__ import annotations

from collections import OrderedDict

from aiohttp import web

KEPT = 64  # pages (a cohort's page of 50 rows is about 25 KB)


class KeptPages:
    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._pages: OrderedDict[tuple, tuple] = OrderedDict()

    def get(self, key: tuple, inputs: object = None) -> web.Response | None:
        found = self._pages.get(key)
        if found is None or found[4] != inputs:
            return None
        self._pages.move_to_end(key)
        body, content_type, charset, headers, _ = found
        return web.Response(body=body, content_type=content_type, charset=charset, headers=headers)

    def keep(self, key: tuple, response: web.StreamResponse, inputs: object = None) -> None:
        """A page answered in full (200) is kept; an error, a redirect, a download is not."""
        if (
            response.status != 200
            or not isinstance(response, web.Response)
            or not isinstance(response.body, bytes)
            or "Content-Disposition" in response.headers
        ):
            return
        headers = {k: v for k, v in response.headers.items() if k in ("Content-Security-Policy",)}
        self._pages[key] = (response.body, response.content_type, response.charset, headers, inputs)
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)
