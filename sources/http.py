"""One HTTP request to a platform, its failures as SourceError: 401/403 auth, 5xx server,
another status refused, unreachable or timed out down, a body that is not JSON malformed."""

from __future__ import annotations

import json

import aiohttp

from tutorat.platform import SourceError


async def answer_of(
    session: aiohttp.ClientSession, method: str, url: str, **options
) -> tuple[int, bytes]:
    """(status, body) of one request; unreachable or timed out is SourceError down."""
    try:
        async with session.request(method, url, **options) as response:
            return response.status, await response.read()
    except (TimeoutError, aiohttp.ClientError) as exc:
        raise SourceError("down", type(exc).__name__) from None


def status_error(status: int) -> SourceError | None:
    if status in (401, 403):
        return SourceError("auth", f"HTTP {status}")
    if status >= 500:
        return SourceError("server", f"HTTP {status}")
    if status != 200:
        return SourceError("refused", f"HTTP {status}")
    return None


def parsed(raw: bytes, what: str) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        raise SourceError("malformed", f"{what}: not JSON") from None


async def json_of(session: aiohttp.ClientSession, method: str, url: str, what: str, **options):
    status, raw = await answer_of(session, method, url, **options)
    if (error := status_error(status)) is not None:
        raise error
    return parsed(raw, what)
