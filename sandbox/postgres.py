"""A throwaway PostgreSQL server for the tests, the bench and the reliability suites.

Debian's `postgresql` package (initdb, pg_ctl) run in a temporary directory, on a free loopback
port, as a non-root user (PostgreSQL refuses root). When it cannot start, PostgresUnavailable
says why in one sentence: the caller fails the run with it, it never skips.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "tutorat"


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(found) / "initdb").exists():
            return Path(found)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise PostgresUnavailable(
        "PostgreSQL est introuvable (pas d'initdb) : installez le paquet Debian « postgresql »"
        " (apt-get install -y postgresql) / PostgreSQL not found: install Debian's postgresql"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as() -> str | None:
    """The account that runs the server: ourselves, or (as root) a non-root one."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "tutorat-pg"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "tutorat-pg"],
        check=True,
        capture_output=True,
    )
    return "tutorat-pg"


class PostgresServer:
    """initdb + pg_ctl start; `url(name)` for a database; stop() removes everything."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.user = _run_as()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="tutorat-pg-"))
        self.data = self.root / "data"
        self._made = 0

    def _cmd(self, *argv: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        if self.user is not None:
            shutil.chown(self.root, self.user)
        steps = [
            (
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--no-locale",
                "--encoding=UTF8",
                "--no-sync",
            ),
            self._pg_ctl("start"),
        ]
        for step in steps:
            done = self._cmd(*step)
            if done.returncode != 0:
                log = self.root / "server.log"
                tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                self.stop()
                raise PostgresUnavailable(
                    f"PostgreSQL n'a pas démarré ({step[0]} a échoué) / PostgreSQL did not start:"
                    f" {(done.stderr or done.stdout).strip()[-800:]} {tail}"
                )
        return self

    def _pg_ctl(self, action: str) -> tuple[str, ...]:
        return (
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200 -c shared_buffers=64MB",
            action,
        )

    def control(self, action: str) -> None:
        """pg_ctl stop, start or restart on the same data and port (an outage, for the
        reliability suites); stop is "fast": clients are disconnected at once."""
        done = self._cmd(*self._pg_ctl(action))
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"pg_ctl {action} a échoué / failed: {(done.stderr or done.stdout).strip()[-400:]}"
            )

    async def terminate(self, url: str) -> int:
        """pg_terminate_backend on every connection to that database; how many."""
        import asyncpg

        conn = await asyncpg.connect(self.url())
        try:
            return await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                url.rsplit("/", 1)[-1],
            )
        finally:
            await conn.close()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    async def create_database(self, prefix: str = "t", like: str | None = None) -> str:
        """A new database, empty or a copy of `like` (a URL of this server's); its URL."""
        import asyncpg

        self._made += 1
        name = f"{prefix}_{os.getpid()}_{self._made}"
        template = like.rsplit("/", 1)[-1] if like else "template0"
        conn = await asyncpg.connect(self.url())
        try:
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            await conn.close()
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
