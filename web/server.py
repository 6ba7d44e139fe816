"""The web view served by the running bot, on its event loop."""

from __future__ import annotations

import logging

from aiohttp import web

from tutorat.config import WebSettings
from web.app import make_app
from web.wiring import Wiring

log = logging.getLogger(__name__)


class WebUnavailable(RuntimeError):
    """The web view cannot listen where [web] says: start-up stops, saying why."""


class WebServer:
    def __init__(self, settings: WebSettings, wiring: Wiring) -> None:
        self.settings = settings
        self.app = make_app(wiring)
        self.runner: web.AppRunner | None = None
        self.port = settings.port

    @property
    def base_url(self) -> str:
        return self.settings.base_url(self.port)

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.settings.host, self.settings.port)
        try:
            await site.start()
        except OSError as exc:
            await self.runner.cleanup()
            where = f"{self.settings.host}:{self.settings.port}"
            raise WebUnavailable(
                f"le tableau de bord ne peut pas écouter sur {where} ({exc.strerror}) : changez"
                f" [web] host ou port dans config.toml / the web view cannot listen on {where}"
            ) from exc
        sockets = site._server.sockets if site._server else []  # the port chosen for 0
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("web view at %s", self.base_url)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
