"""Adapters to course platforms (an xAPI LRS, Moodle's web services): HTTP in, statements out.
They never reach the database but through tutorat's services."""

from __future__ import annotations

from collections.abc import Mapping

from tutorat.config import Config, ConfigError

XAPI_USERNAME = "TUTORAT_XAPI_USERNAME"
XAPI_PASSWORD = "TUTORAT_XAPI_PASSWORD"
MOODLE_TOKEN = "TUTORAT_MOODLE_TOKEN"


def from_config(config: Config, environ: Mapping[str, str]) -> dict:
    """The sources this deployment reads, by name. A source configured without its
    credentials in the environment stops start-up, naming the variable (never its value)."""
    from sources.moodle import MoodleSource
    from sources.xapi import XapiSource

    settings = config.platform
    found: dict = {}

    def need(name: str, key: str) -> str:
        value = environ.get(name, "")
        if not value:
            raise ConfigError(f"platform.{key}: variable d'environnement {name} manquante")
        return value

    if settings.xapi_endpoint:
        found["xapi"] = XapiSource(
            settings.xapi_endpoint,
            need(XAPI_USERNAME, "xapi_endpoint"),
            need(XAPI_PASSWORD, "xapi_endpoint"),
            page_size=settings.page_size,
            timeout=settings.timeout_seconds,
        )
    if settings.moodle_url:
        found["moodle"] = MoodleSource(
            settings.moodle_url,
            need(MOODLE_TOKEN, "moodle_url"),
            timeout=settings.timeout_seconds,
        )
    return found
