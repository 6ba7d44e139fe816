"""A real browser for the web view's tests: Debian's Chromium, headless, driven by Playwright
(never `playwright install`: the system's Chromium). One that cannot start fails the test,
saying why."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def installed() -> bool:
    return CHROMIUM.exists()


@contextlib.asynccontextmanager
async def chromium():
    """A Chromium browser; pytest.fail with a sentence if it cannot start."""
    try:
        from playwright.async_api import async_playwright
    except ImportError as exc:  # pragma: no cover - requirements-dev.txt installs it
        pytest.fail(f"Playwright is not installed ({exc}): run make", pytrace=False)
    if not installed():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium),"
            " as .ci/run does",
            pytrace=False,
        )
    async with async_playwright() as driver:
        try:
            browser = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:
            pytest.fail(f"Chromium could not start: {exc}", pytrace=False)
        try:
            yield browser
        finally:
            await browser.close()
