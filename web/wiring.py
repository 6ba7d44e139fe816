"""What the web view reaches, set once on the application: services, the clock, Discord's
cache, the outbox worker; and the session cookie's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

COOKIE = "tutorat_session"


@dataclass
class Wiring:
    """What the web view reaches: services, the clock, Discord's cache, the outbox worker."""

    desk: object  # tutorat.desk.Desk
    pages: object  # tutorat.desk_pages.DeskPages: what each page shows
    actions: object  # tutorat.desk_actions.DeskActions: what a tutor does there
    clock: object
    people: object  # standing(guild, user) and names(guild), from Discord's cache
    kick: Callable[[], None]  # the outbox worker sends what an action recorded, now
    secure: bool  # cookies marked Secure (the public address is https)


WIRING = web.AppKey("wiring", Wiring)
