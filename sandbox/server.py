"""A local stand-in for Discord: REST under /api/v10 and a gateway WebSocket, on 127.0.0.1.

Every request is recorded (method, route, body) and checked against Discord's OpenAPI
description, and so is every response served; faults (429, 5xx, 403) are injected on demand.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from sandbox import rest, rest_guild  # noqa: F401 - registers the guild routes
from sandbox.gateway import Gateway
from sandbox.spec import SpecValidator
from sandbox.state import World

log = logging.getLogger(__name__)

TOKEN = "sandbox-token"
NO_AUTH_PREFIXES = ("/interactions/", "/webhooks/")


@dataclass
class Recorded:
    method: str
    path: str
    route: str | None  # the spec's template, e.g. /channels/{channel_id}/messages
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    status: int = 0
    response: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class Fault:
    method: str
    route: str
    status: int
    code: int = 0
    retry_after: float = 0.05
    times: int = 1
    is_global: bool = False
    params: dict[str, str] = field(default_factory=dict)  # e.g. only this channel_id
    served: int = 0  # how many answers this fault gave


class SandboxError(Exception):
    """An answer other than 2xx, in Discord's error shape."""

    def __init__(self, status: int, code: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors


class Sandbox:
    def __init__(self, *, validate: bool = True) -> None:
        self.world = World()
        self.token = TOKEN
        self.spec = SpecValidator()
        self.validate = validate
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.gateway = Gateway(self)
        self.changed = asyncio.Condition()
        self.files: dict[int, bytes] = {}
        self.cdn_downloads: list[int] = []  # attachment ids the bot downloaded
        self.dms_closed: set[int] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # life ----------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=32 * 1024**2)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._serve)
        app.router.add_get("/attachments/{id}/{filename}", self._cdn)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def _cdn(self, request: web.Request) -> web.Response:
        """Discord's CDN for attachments: what a member uploaded, or the bot sent."""
        data = self.files.get(
            int(request.match_info["id"]) if request.match_info["id"].isdigit() else 0
        )
        if data is None:
            return web.Response(status=404)
        self.cdn_downloads.append(int(request.match_info["id"]))
        return web.Response(body=data)

    async def stop(self) -> None:
        for session in self.gateway.sessions.values():
            if session.ws is not None:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # faults --------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        route: str,
        status: int,
        *,
        code: int = 0,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
        **params: int | str,
    ) -> Fault:
        """The next `times` requests to this route answer `status` (and Discord's `code`);
        with params (e.g. channel_id=...), only the requests for that path parameter."""
        fault = Fault(
            method.upper(),
            route,
            status,
            code,
            retry_after,
            times,
            is_global,
            {k: str(v) for k, v in params.items()},
        )
        self.faults.append(fault)
        return fault

    def _fault_for(self, record: Recorded) -> Fault | None:
        for fault in self.faults:
            if (
                fault.method == record.method
                and fault.route == record.route
                and fault.times > 0
                and all(record.params.get(k) == v for k, v in fault.params.items())
            ):
                fault.times -= 1
                fault.served += 1
                return fault
        return None

    # reading what happened -----------------------------------------------------------------

    def requests_to(self, method: str, route: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.route == route]

    def messages_in(self, channel_id: int) -> list[dict]:
        return list(self.world.messages.get(int(channel_id), []))

    def dms_to(self, user_id: int) -> list[dict]:
        channel_id = self.world.dm_channels.get(int(user_id))
        return self.messages_in(channel_id) if channel_id else []

    async def wait_for(self, predicate, timeout: float = 5.0) -> Any:
        """Wait until predicate() is truthy, re-checking after each request the bot makes."""
        async with asyncio.timeout(timeout), self.changed:
            while not (result := predicate()):
                await self.changed.wait()
            return result

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    # serving -------------------------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        method = request.method
        matched = self.spec.match(method, path)
        route, params = matched if matched else (None, {})
        body, files = await self._read_body(request)
        record = Recorded(method, path, route, params, dict(request.query), body, files=files)
        self.requests.append(record)
        try:
            status, answer = await self._answer(request, record)
        except SandboxError as exc:
            status, answer = exc.status, {"code": exc.code, "message": exc.message}
            if exc.errors:
                answer["errors"] = exc.errors
        record.status, record.response = status, answer
        if self.validate and route and status < 500:  # 5xx are injected faults, not in the spec
            for problem in self.spec.check_response(method, path, status, answer):
                self._violation(f"sandbox response: {problem}")
                if "resource" in problem and isinstance(answer, dict) and "resource" in answer:
                    for detail in self.spec.check_message(answer["resource"]["message"]):
                        self._violation(f"  because: {detail}")
        await self.notify()
        return self._response(status, answer, route, record)

    async def _answer(self, request: web.Request, record: Recorded) -> tuple[int, Any]:
        path = record.path
        if not path.startswith(NO_AUTH_PREFIXES):
            if request.headers.get("Authorization") != f"Bot {self.token}":
                raise SandboxError(401, 0, "401: Unauthorized")
        if record.route is None:
            raise SandboxError(404, 0, "404: Not Found")
        fault = self._fault_for(record)
        if fault is not None:
            return self._fault_answer(fault)
        if self.validate and record.method in ("POST", "PUT", "PATCH"):
            problems = self.spec.check_request(record.method, path, record.body)
            if problems:
                for problem in problems:
                    self._violation(f"bot request: {problem}")
                details = [{"code": 50035, "message": p[:500]} for p in problems]
                raise SandboxError(400, 50035, "Invalid Form Body", {"_errors": details})
        handler = rest.HANDLERS.get((record.method, record.route))
        if handler is None:
            self._violation(f"sandbox does not serve {record.method} {record.route}")
            raise SandboxError(404, 0, "404: Not Found")
        return await handler(self, record)

    def _fault_answer(self, fault: Fault) -> tuple[int, Any]:
        if fault.status == 429:
            return 429, {
                "message": "You are being rate limited.",
                "retry_after": fault.retry_after,
                "global": fault.is_global,
                "code": 0,
            }
        messages = {50007: "Cannot send messages to this user", 50013: "Missing Permissions"}
        return fault.status, {
            "code": fault.code,
            "message": messages.get(fault.code, f"{fault.status}: injected fault"),
        }

    def _response(
        self, status: int, answer: Any, route: str | None, record: Recorded
    ) -> web.Response:
        headers = {"Via": "1.1 google"}
        bucket = f"{record.method}:{route}"
        if status == 429:
            retry = answer["retry_after"]
            headers.update(
                {
                    "Retry-After": str(max(1, round(retry))),
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + retry:.3f}",
                    "X-RateLimit-Reset-After": f"{retry:.3f}",
                    "X-RateLimit-Bucket": bucket,
                    "X-RateLimit-Scope": "shared" if not answer["global"] else "global",
                }
            )
            if answer["global"]:
                headers["X-RateLimit-Global"] = "true"
        elif route is not None:
            headers.update(
                {
                    "X-RateLimit-Limit": "50",
                    "X-RateLimit-Remaining": "49",
                    "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
                    "X-RateLimit-Reset-After": "1.000",
                    "X-RateLimit-Bucket": bucket,
                }
            )
        if status == 204 or answer is None:
            return web.Response(status=204, headers=headers)
        return web.Response(
            status=status,
            body=json.dumps(answer),
            headers=headers,
            content_type="application/json",
        )

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == "multipart/form-data":
            body, files = None, []
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files.append((part.filename or part.name, bytes(await part.read())))
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        if request.content_type != "application/json":
            self._violation(f"bot request with content type {request.content_type!r}")
        return json.loads(raw), []

    def _violation(self, text: str) -> None:
        log.error("spec violation: %s", text)
        self.violations.append(text)
