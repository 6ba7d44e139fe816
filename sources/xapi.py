"""An xAPI Learning Record Store's statements resource, read with aiohttp.

GET {endpoint}/statements with `since` (and the course's activity when one is given),
oldest first, following `more` until the LRS has no more; Basic auth and the
X-Experience-API-Version header on every request. Errors become SourceError; no message
carries the credentials (they travel only in the Authorization header).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import urljoin

import aiohttp

from sources.http import json_of
from tutorat.platform import SourceError

VERSION = "1.0.3"


class XapiSource:
    name = "xapi"

    def __init__(
        self,
        endpoint: str,
        username: str,
        password: str,
        *,
        page_size: int = 500,
        timeout: float = 30.0,
    ) -> None:
        self.endpoint = endpoint.rstrip("/") + "/"
        self._authorization = aiohttp.encode_basic_auth(username, password)
        self.page_size = page_size
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    def __repr__(self) -> str:  # never the credentials
        return f"XapiSource({self.endpoint!r})"

    async def statements(self, since: datetime | None, scope: str = "") -> AsyncIterator[list]:
        params: dict[str, str] | None = {"limit": str(self.page_size), "ascending": "true"}
        if since is not None:
            params["since"] = since.astimezone(UTC).isoformat().replace("+00:00", "Z")
        if scope:
            params |= {"activity": scope, "related_activities": "true"}
        url = urljoin(self.endpoint, "statements")
        headers = {
            "X-Experience-API-Version": VERSION,
            "Accept": "application/json",
            "Authorization": self._authorization,
        }
        async with aiohttp.ClientSession(headers=headers, timeout=self.timeout) as session:
            while url:
                body = await self._get(session, url, params)
                yield body["statements"]
                more = body.get("more")
                url, params = (urljoin(self.endpoint, more), None) if more else ("", None)

    async def _get(self, session: aiohttp.ClientSession, url: str, params) -> dict:
        body = await json_of(session, "GET", url, "statements", params=params)
        if not isinstance(body, dict) or not isinstance(body.get("statements"), list):
            raise SourceError("malformed", "no statements list")
        if body.get("more") is not None and not isinstance(body["more"], str):
            raise SourceError("malformed", "more is not a string")
        return body
