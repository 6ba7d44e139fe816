"""Real Learning Record Stores for the tests, the demo and the bench, on free loopback ports: Ralph (France Université
Numérique's LRS, in its own venv .venv-ralph, filesystem backend) and Learning Locker's
xapi-statements (npm, in .lrs-node, statements in memory). `make lrs` installs both.

Both are driven the same way: `add(statements)` puts statements in the store as its own
clients would, `stop()` ends the server. Ralph's filesystem backend accepts only the first
POST of its life, so statements are appended to its file (with a `stored` time), which it reads
on every query. Learning Locker's service is given a small client-info endpoint (its `fetch`
auth mode): that endpoint, not the service, decides which Basic credentials are good.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
RALPH = ROOT / ".venv-ralph" / "bin" / "uvicorn"
RALPH_PYTHON = ROOT / ".venv-ralph" / "bin" / "python"
LEARNING_LOCKER = ROOT / ".lrs-node" / "node_modules" / "xapi-statements" / "dist" / "index.js"
USERNAME, PASSWORD = "tutorat", "s3cret-lrs"
HEADERS = {"X-Experience-API-Version": "1.0.3"}


class LrsMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawn(command: list[str], folder: Path, env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-800:] if log.exists() else ""


def _ralph_auth(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    auth = folder / "auth.json"
    subprocess.run(
        [str(RALPH_PYTHON), "-c", _RALPH_AUTH, str(auth), USERNAME, PASSWORD], check=True
    )
    (folder / "fs_lrs.jsonl").touch()
    return auth


async def _wait_up(url: str, process: subprocess.Popen, log: Path, name: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            if process.poll() is not None:
                break
            try:
                async with session.get(url, headers=HEADERS) as response:
                    if response.status in (200, 401):
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    process.kill()
    raise LrsMissing(f"{name} did not start (see {log}):\n{_tail(log)}")


class Lrs:
    name = ""
    endpoint = ""

    async def add(self, statements: list[dict]) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


class Ralph(Lrs):
    name = "ralph"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "fs_lrs.jsonl"
        self.processes: list[subprocess.Popen] = []

    async def start(self) -> Ralph:
        if not RALPH.exists():
            raise LrsMissing(f"Ralph is not installed ({RALPH} missing): run `make lrs`")
        auth = _ralph_auth(self.folder)
        port = free_port()
        env = os.environ | {
            "RALPH_AUTH_FILE": str(auth),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(self.folder),
            "RALPH_APP_DIR": str(self.folder / "app"),
        }
        log = self.folder / "ralph.log"
        command = [str(RALPH), "ralph.api:app", "--host", "127.0.0.1", "--port", str(port)]
        proc = _spawn(command, self.folder, env, log)
        self.processes.append(proc)
        self.endpoint = f"http://127.0.0.1:{port}/xAPI"
        await _wait_up(self.endpoint + "/statements", proc, log, "Ralph")
        return self

    async def add(self, statements: list[dict]) -> None:
        now = datetime.now(UTC).isoformat()
        lines = "".join(json.dumps({"stored": now} | s) + "\n" for s in statements)
        await asyncio.to_thread(_append, self.file, lines)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


_RALPH_AUTH = """
import bcrypt, json, sys
path, user, password = sys.argv[1:]
json.dump([{"username": user, "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode(),
            "scopes": ["all"], "agent": {"mbox": "mailto:tutorat@example.org"}}], open(path, "w"))
"""


class LearningLocker(Lrs):
    name = "learning-locker"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen] = []
        self._auth_runner: web.AppRunner | None = None

    async def _client_info(self, request: web.Request) -> web.Response:
        good = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if request.headers.get("Authorization") != good:
            return web.Response(status=404)  # "no such client": the service answers 401
        return web.json_response(
            {
                "_id": "5f0000000000000000000001",
                "title": "tutorat",
                "authority": {"objectType": "Agent", "mbox": "mailto:tutorat@example.org"},
                "isTrusted": True,
                "lrs_id": "5f0000000000000000000002",
                "organisation": "5f0000000000000000000003",
                "scopes": ["all"],
            }
        )

    async def start(self) -> LearningLocker:
        if not LEARNING_LOCKER.exists():
            raise LrsMissing(
                f"Learning Locker's xapi-statements is not installed ({LEARNING_LOCKER} "
                "missing): run `make lrs`"
            )
        app = web.Application()
        app.router.add_get("/auth", self._client_info)
        self._auth_runner = web.AppRunner(app, access_log=None)
        await self._auth_runner.setup()
        auth_port = free_port()
        await web.TCPSite(self._auth_runner, "127.0.0.1", auth_port).start()
        port = free_port()
        env = os.environ | {
            "EXPRESS_PORT": str(port),
            "MODELS_REPO": "memory",
            "STORAGE_REPO": "local",
            "EVENTS_REPO": "test",
            "AUTH_REPO": "fetch",
            "LL_CLIENT_INFO_ENDPOINT": f"http://127.0.0.1:{auth_port}/auth",
            "FS_LOCAL_STORAGE_DIR": str(self.folder / "storage"),
            "EXPRESS_MORGAN_DIRECTORY": str(self.folder / "logs"),
            "WINSTON_CONSOLE_LEVEL": "warning",
            "NODE_NO_WARNINGS": "1",
        }
        await asyncio.to_thread(self.folder.mkdir, parents=True, exist_ok=True)
        log = self.folder / "learning-locker.log"
        proc = _spawn(["node", str(LEARNING_LOCKER)], self.folder, env, log)
        self.processes.append(proc)
        self.endpoint = f"http://127.0.0.1:{port}/xAPI"
        await _wait_up(self.endpoint + "/statements", proc, log, "Learning Locker")
        return self

    async def add(self, statements: list[dict]) -> None:
        headers = {**HEADERS, "Authorization": aiohttp.encode_basic_auth(USERNAME, PASSWORD)}
        async with aiohttp.ClientSession(headers=headers) as session:
            for start in range(0, len(statements), 1000):
                async with session.post(
                    self.endpoint + "/statements", json=statements[start : start + 1000]
                ) as response:
                    assert response.status == 200, (await response.text())[:300]

    async def stop(self) -> None:
        await super().stop()
        if self._auth_runner is not None:
            await self._auth_runner.cleanup()


SERVERS = {"ralph": Ralph, "learning-locker": LearningLocker}


async def start(name: str, folder: Path) -> Lrs:
    return await SERVERS[name](folder).start()
