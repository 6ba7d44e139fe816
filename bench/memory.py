"""Resident memory of the bot in a guild of 50 000 members: the member cache filled by chunking
at start-up (discord.py's default with the GUILD_MEMBERS intent, what the bot runs with) against
no member cache (MemberCacheFlags.none(), chunk_guilds_at_startup=False). The sandbox serves
GUILD_CREATE without the offline members of a large guild and GUILD_MEMBERS_CHUNK answers to
REQUEST_GUILD_MEMBERS, as Discord does; each variant runs in a process of its own
(bench.client), so VmRSS is the bot's alone."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.child import Child
from sandbox.harness import Scene
from sandbox.server import Sandbox


def populate(sandbox: Sandbox, members: int) -> Scene:
    scene = Scene.build(sandbox)
    world = sandbox.world
    for n in range(members - len(world.guilds[scene.guild_id].members)):
        world.add_member(scene.guild_id, int(world.add_user(f"membre-{n}")["id"]))
    return scene


async def one_variant(sandbox: Sandbox, cache: str, db: Path) -> dict:
    async with Child(sandbox, client="bot", task="memory", cache=cache, db=str(db)) as child:
        figures = await child.report(timeout=300)
    if figures.get("errors"):
        raise RuntimeError(f"{cache}: " + "\n".join(figures["errors"]))
    figures.pop("errors", None)
    figures["chunks_received"] = sum(
        1 for frame in sandbox.gateway.log if frame["t"] == "GUILD_MEMBERS_CHUNK"
    )
    return figures


async def run(members: int = 50_000) -> dict:
    sandbox = Sandbox()
    await sandbox.start()
    try:
        populate(sandbox, members)
        with tempfile.TemporaryDirectory() as name:
            variants = {
                cache: await one_variant(sandbox, cache, Path(name) / f"{cache}.db")
                for cache in ("full", "none")
            }
    finally:
        await sandbox.stop()
    full, none = variants["full"], variants["none"]
    return {
        "members": members,
        "chunked_rss_mb": full["rss_mb"],
        "no_cache_rss_mb": none["rss_mb"],
        "chunked_cache": full,
        "no_cache": none,
        "ratio": round(full["rss_mb"] / none["rss_mb"], 2),
        "cache_mb": round(full["rss_mb"] - none["rss_mb"], 1),
        "kb_per_member": round((full["rss_mb"] - none["rss_mb"]) * 1024 / members, 2),
        "violations": len(sandbox.violations),
    }
