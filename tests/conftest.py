from __future__ import annotations

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


@pytest.fixture
async def running(sandbox, scene, clock, tmp_path):
    run = Running(sandbox, tmp_path / "tutorat.db", clock)
    await run.start()
    yield run
    await run.stop()
    run.detach()
    assert not run.errors.records, "the bot logged errors:\n" + "\n".join(run.errors.lines())
