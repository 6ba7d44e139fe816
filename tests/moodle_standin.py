"""A stand-in for Moodle's REST web services (no Moodle can run here), answering as Moodle's
documentation says it does: POST /webservice/rest/server.php with wstoken, wsfunction and
moodlewsrestformat=json; the answers are the fixtures in tests/fixtures/moodle, written from
the functions' documented return structures. Errors come as HTTP 200 with an exception body."""

from __future__ import annotations

import json
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "moodle"
TOKEN = "0123456789abcdef0123456789abcdef"


def _exception(errorcode: str, message: str, exception: str = "moodle_exception") -> web.Response:
    return web.json_response({"exception": exception, "errorcode": errorcode, "message": message})


class MoodleStandIn:
    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def _serve(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.calls.append(form)
        if form.get("moodlewsrestformat") != "json":
            return web.Response(text="<?xml version='1.0'?><RESPONSE/>")  # XML by default
        if form.get("wstoken") != TOKEN:
            return _exception("invalidtoken", "Invalid token - token not found")
        function = str(form.get("wsfunction", ""))
        if function == "core_completion_get_activities_completion_status":
            path = FIXTURES / f"{function}.{form.get('userid')}.json"
        else:
            path = FIXTURES / f"{function}.json"
        if not path.exists():
            return _exception(
                "accessexception", "Access control exception", "webservice_access_exception"
            )
        return web.json_response(json.loads(path.read_text(encoding="utf-8")))

    async def start(self, port: int) -> MoodleStandIn:
        app = web.Application()
        app.router.add_post("/webservice/rest/server.php", self._serve)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        await self.runner.cleanup()
