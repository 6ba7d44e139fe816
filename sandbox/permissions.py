"""Discord's permission arithmetic: base permissions from roles, then channel overwrites."""

from __future__ import annotations

from sandbox.state import ADMINISTRATOR, World

ALL = (1 << 53) - 1


def permissions_for(world: World, guild_id: int, user_id: int, channel_id: int | None) -> int:
    guild = world.guilds[guild_id]
    if user_id == guild.owner_id:
        return ALL
    member = guild.members[user_id]
    role_ids = [int(r) for r in member["roles"]]
    base = int(guild.roles[guild_id]["permissions"])
    for role_id in role_ids:
        base |= int(guild.roles[role_id]["permissions"])
    if base & ADMINISTRATOR:
        return ALL
    if channel_id is None:
        return base
    channel = world.channels[channel_id]
    if channel["type"] in (10, 11, 12):  # a thread: its parent decides, and a private
        value = permissions_for(world, guild_id, user_id, int(channel["parent_id"]))
        if channel["type"] == 12 and str(user_id) not in channel.get("members", []):
            manage_threads = 1 << 34
            if not value & manage_threads:
                return value & ~(1 << 10)  # thread is seen only by its members
        return value
    overwrites = {int(o["id"]): o for o in world.channels[channel_id]["permission_overwrites"]}

    def apply(value: int, overwrite: dict | None) -> int:
        if overwrite is None:
            return value
        return (value & ~int(overwrite["deny"])) | int(overwrite["allow"])

    value = apply(base, overwrites.get(guild_id))
    allow = deny = 0
    for role_id in role_ids:
        if role_id in overwrites:
            allow |= int(overwrites[role_id]["allow"])
            deny |= int(overwrites[role_id]["deny"])
    value = (value & ~deny) | allow
    return apply(value, overwrites.get(user_id))
