"""One HTTP request to a platform, its failures as SourceError: 401/403 auth, 5xx server,
another status refused, unreachable or timed out down, a body that is not JSON malformed."""

from __future__ import annotations

import json

import aiohttp

from tutorat.platform import SourceError


async def json_of(session: aiohttp.ClientSession, method: str, url: str, what: str, **options):
    try:
        async with session.request(method, url, **options) as response:
            if response.status in (401, 403):
                raise SourceError("auth", f"HTTP {response.status}")
            if response.status >= 500:
                raise SourceError("server", f"HTTP {response.status}")
            if response.status != 200:
                raise SourceError("refused", f"HTTP {response.status}")
            raw = await response.read()
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise SourceError("down", type(exc).__name__) from None
    try:
        return json.loads(raw)
    except ValueError:
        raise SourceError("malformed", f"{what}: not JSON") from None
