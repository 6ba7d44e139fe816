"""The parent's side of bench.client: start a client process, read what it reports."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Child:
    def __init__(self, sandbox, **args) -> None:
        from sandbox.harness import config_for

        self.args = {
            # the bare client waits for guilds as long as the bot does
            "guild_ready_timeout": config_for(sandbox, Path("x.db")).discord.guild_ready_timeout,
            "api_base": sandbox.api_base,
            "gateway": sandbox.gateway_url,
            "token": sandbox.token,
            **args,
        }
        self.process: asyncio.subprocess.Process | None = None
        self.spawned = 0.0

    async def __aenter__(self) -> Child:
        self.errors = tempfile.TemporaryFile()
        self.spawned = time.monotonic()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.client",
            json.dumps(self.args),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=self.errors,
            limit=2**20,
        )
        return self

    async def report(self, timeout: float = 120) -> dict:
        """The child's next JSON line; its error output if it ended instead."""
        async with asyncio.timeout(timeout):
            line = await self.process.stdout.readline()
        if not line:
            await self.process.wait()
            self.errors.seek(0)
            error = self.errors.read().decode(errors="replace")
            raise RuntimeError(f"bench client {self.args['client']} ended:\n{error[-3000:]}")
        return json.loads(line)

    async def __aexit__(self, *exc) -> None:
        try:
            async with asyncio.timeout(30):
                await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        finally:
            self.errors.close()
