from __future__ import annotations

import os

import pytest

from sandbox.server import Sandbox
from tests.harness import START, Running, Scene
from tutorat.clock import VirtualClock


@pytest.fixture
async def sandbox():
    sb = Sandbox()
    await sb.start()
    yield sb
    await sb.stop()
    assert not sb.violations, "requests or responses outside Discord's spec:\n" + "\n".join(
        sb.violations
    )


@pytest.fixture
def scene(sandbox) -> Scene:
    return Scene.build(sandbox)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


async def _running(request, sandbox, clock, tmp_path, backend: str):
    if backend == "postgresql":
        db = await request.getfixturevalue("pg_server").create_database()
    else:
        db = tmp_path / "tutorat.db"
    # @pytest.mark.config(signals={...}): the bot's config sections for this test
    marker = request.node.get_closest_marker("config")
    run = Running(sandbox, db, clock, **(marker.kwargs if marker else {}))
    await run.start()
    yield run
    await run.stop()
    run.detach()
    assert not run.errors.records, "the bot logged errors:\n" + "\n".join(run.errors.lines())


@pytest.fixture
async def running(request, sandbox, scene, clock, tmp_path):
    # TUTORAT_TEST_BACKEND=postgresql runs the end-to-end tests on PostgreSQL instead
    backend = os.environ.get("TUTORAT_TEST_BACKEND", "sqlite")
    async for run in _running(request, sandbox, clock, tmp_path, backend):
        yield run


@pytest.fixture(params=["sqlite", "postgresql"])
async def running_on_both(request, sandbox, scene, clock, tmp_path):
    """The representative end-to-end path: the same test on SQLite, then on PostgreSQL."""
    async for run in _running(request, sandbox, clock, tmp_path, request.param):
        yield run


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole run; a server that cannot start fails it."""
    from sandbox.postgres import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
async def pg_url(pg_server) -> str:
    """A fresh, empty PostgreSQL database."""
    return await pg_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
async def store_url(request, tmp_path) -> str:
    """Storage tests run on both backends: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return await request.getfixturevalue("pg_server").create_database()


@pytest.fixture
async def store_services(store_url):
    """The bot's services on an empty, migrated database of each backend."""
    from bot import build_services
    from db.database import open_database
    from tutorat.config import Config

    async with open_database(store_url) as db:
        await db.migrate()
        yield build_services(db, Config())
