"""Peer pairs end to end: a round opens private spaces with the right overwrites; the
check-back works after a restart; a partner left alone joins another pair the same day;
threads near the channel cap; a missing permission leaves no partial round."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sandbox.permissions import permissions_for
from sandbox.state import MANAGE_CHANNELS, VIEW_CHANNEL
from tests.cohort_steps import configure, create_cohort, is_ephemeral, plain, reply_text
from tests.harness import Running, eventually

PARIS = ZoneInfo("Europe/Paris")
ROUND_ONE = datetime(2027, 1, 12, 9, 10, tzinfo=PARIS)  # the day after the kick-off


async def cohort_with(running, scene, names: list[str]):
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    ids = []
    for name in names:
        user = await scene.people.join(scene.guild_id, name, [cohort.role_id])
        await bot.services.cohorts.join(cohort.id, user, bot.clock.now())
        ids.append(user)
    return cohort, ids


def spaces(sandbox, cohort_name: str = "Janvier 2027") -> list[dict]:
    categories = {
        c["id"]
        for c in sandbox.world.channels.values()
        if c["type"] == 4 and c["name"].startswith(f"Binômes {cohort_name}")
    }
    return [c for c in sandbox.world.channels.values() if c.get("parent_id") in categories]


def members_of(sandbox, space: dict, guild_id: int, people: list[int]) -> set[int]:
    """Who of `people`, still on the server, can see the space (Discord's permission rules)."""
    here = sandbox.world.guilds[guild_id].members
    return {
        p
        for p in people
        if p in here
        and permissions_for(sandbox.world, guild_id, p, int(space["id"])) & VIEW_CHANNEL
    }


async def test_a_round_opens_private_channels_with_the_right_overwrites(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, ["a", "b", "c", "d", "e"])
    opened = await scene.people.command(people[0], cohort.channel_id, "binome", "rejoindre")
    form = opened.responses[0]["data"]["custom_id"]
    joined = await scene.people.submit(
        people[0],
        cohort.channel_id,
        form,
        {
            "languages": "fr",
            "slots": "lun 18-21, mer 18-21, jeu 18-21",
            "hours": "5",
            "tutor_only": "non",
        },
    )
    assert "vous serez en binôme" in reply_text(joined)
    enrolled = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "binome",
        "inscrire-cohorte",
        options={"cohorte": "Janvier 2027"},
    )
    assert "4 apprenant·es inscrit·es" in reply_text(enrolled)
    await running.bot.advance_to(ROUND_ONE)
    rooms = spaces(sandbox)
    assert sorted(len(members_of(sandbox, r, scene.guild_id, people)) for r in rooms) == [2, 3]
    for room in rooms:
        overwrites = {int(o["id"]): o for o in room["permission_overwrites"]}
        assert int(overwrites[scene.guild_id]["deny"]) & VIEW_CHANNEL  # @everyone out
        assert int(overwrites[scene.tutor_role_id]["allow"]) & VIEW_CHANNEL  # tutors in
        inside = members_of(sandbox, room, scene.guild_id, people)
        [welcome] = sandbox.messages_in(int(room["id"]))
        assert all(f"<@{u}>" in welcome["content"] for u in inside)
        assert "Pour briser la glace" in welcome["content"]
    assert (
        permissions_for(sandbox.world, scene.guild_id, scene.tutor_id, int(rooms[0]["id"]))
        & VIEW_CHANNEL
    )


async def test_the_checkback_works_after_a_restart_and_tutors_see_it(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, ["a", "b"])
    await running.bot.services.pairs.enrol_cohort(cohort, running.bot.clock.now())
    await running.bot.advance_to(datetime(2027, 1, 15, 9, 10, tzinfo=PARIS))  # 3 days in
    [room] = spaces(sandbox)
    [welcome, checkback] = sandbox.messages_in(int(room["id"]))
    assert plain(checkback["content"]) == "Petit point : vous êtes-vous parlé ?"
    labels = [b["label"] for b in checkback["components"][0]["components"]]
    assert labels == ["Oui", "Pas encore", "Pas de réponse de mon binôme"]
    await running.restart()
    yes = checkback["components"][0]["components"][0]["custom_id"]
    answer = await scene.people.click(people[0], checkback, yes)
    assert is_ephemeral(answer) and "c'est noté" in reply_text(answer)
    outsider = await scene.people.join(scene.guild_id, "curieux")
    refused = await scene.people.click(outsider, checkback, yes)
    assert "Seuls les membres de ce binôme" in reply_text(refused)
    state = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "binome", "etat", options={"cohorte": "Janvier 2027"}
    )
    assert f"<@{people[0]}> : Oui" in reply_text(state)


async def test_no_answer_from_a_partner_tells_the_tutor_the_next_working_morning(
    running, scene, sandbox
):
    cohort, people = await cohort_with(running, scene, ["a", "b"])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    await bot.advance_to(datetime(2027, 1, 15, 9, 10, tzinfo=PARIS))
    [room] = spaces(sandbox)
    [_, checkback] = sandbox.messages_in(int(room["id"]))
    silent = checkback["components"][0]["components"][2]["custom_id"]
    await scene.people.click(people[0], checkback, silent)
    await bot.advance_to(datetime(2027, 1, 16, 8, 30, tzinfo=PARIS))  # a Saturday
    cases = await bot.services.cases.store.of_learner(cohort.id, people[0])
    assert [c.form for c in cases] == ["isolement"]
    about = f"<@{people[0]}>"
    assert not [m for m in sandbox.dms_to(scene.tutor_id) if about in m["content"]]
    assert await bot.services.cases.store.of_learner(cohort.id, people[1]) == []
    await bot.advance_to(datetime(2027, 1, 18, 8, 30, tzinfo=PARIS))  # Monday, working hours
    prompt = [m for m in sandbox.dms_to(scene.tutor_id) if about in m["content"]]
    assert "son binôme ne lui répond pas (point de binôme du 15/01)" in str(prompt[-1]["embeds"])


async def test_a_partner_left_alone_joins_another_pair_the_same_day(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, ["a", "b", "c", "d"])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    await bot.advance_to(ROUND_ONE)
    rooms = spaces(sandbox)
    first = sorted(members_of(sandbox, rooms[0], scene.guild_id, people))
    leaving, partner = first
    await scene.people.leave(scene.guild_id, leaving)
    other = rooms[1]
    await eventually(lambda: partner in members_of(sandbox, other, scene.guild_id, people))
    # the move and its welcome are recorded before the overwrite is applied: once the partner
    # sees the space, one flush sends the welcome (no waiting on the machine's pace)
    await bot.get_cog("Delivery").flush_now()
    welcomes = [m for m in sandbox.messages_in(int(other["id"])) if "Bienvenue à" in m["content"]]
    assert [m["content"].split(",")[0] for m in welcomes] == [f"Bienvenue à <@{partner}>"]
    assert len(members_of(sandbox, other, scene.guild_id, people)) == 3


async def test_private_threads_are_used_when_the_channel_reserve_is_reached(
    sandbox, scene, clock, tmp_path
):
    run = Running(sandbox, tmp_path / "t.db", clock, pairs={"max_guild_channels_reserve": 495})
    await run.start()
    try:
        cohort, people = await cohort_with(run, scene, ["a", "b"])
        await run.bot.services.pairs.enrol_cohort(cohort, run.bot.clock.now())
        await run.bot.advance_to(ROUND_ONE)
        threads = [c for c in sandbox.world.channels.values() if c["type"] == 12]
        assert len(threads) == 1 and threads[0]["parent_id"] == str(cohort.channel_id)
        assert set(threads[0]["members"]) >= {str(p) for p in people}
        stranger = await scene.people.join(scene.guild_id, "c")
        await scene.people.set_roles(scene.guild_id, stranger, [cohort.role_id])
        assert (
            not permissions_for(sandbox.world, scene.guild_id, stranger, int(threads[0]["id"]))
            & VIEW_CHANNEL
        )
        told = sandbox.messages_in(cohort.tutors_channel_id)
        assert any("fils privés" in m["content"] for m in told)
        assert spaces(sandbox) == []
    finally:
        await run.stop()
        run.detach()


async def test_a_missing_permission_leaves_no_partial_round(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, ["a", "b", "c", "d"])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    guild = sandbox.world.guilds[scene.guild_id]
    role = next(r for r in guild.roles.values() if r["name"] == "tutorat")
    role["permissions"] = str(int(role["permissions"]) & ~MANAGE_CHANNELS)
    await bot.advance_to(ROUND_ONE)
    assert spaces(sandbox) == []
    assert await bot.services.pairs.store.current_round(cohort.id) is None
    told = sandbox.messages_in(cohort.tutors_channel_id)
    assert any("« Gérer les salons »" in plain(m["content"]) for m in told)


async def test_a_full_category_of_50_channels_opens_the_next_one(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, [f"p{n}" for n in range(102)])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    await bot.advance_to(ROUND_ONE)
    categories = sorted(
        c["name"]
        for c in sandbox.world.channels.values()
        if c["type"] == 4 and c["name"].startswith("Binômes")
    )
    assert categories == ["Binômes Janvier 2027 1", "Binômes Janvier 2027 2"]
    rooms = spaces(sandbox)
    assert len(rooms) == 51
    by_category: dict[str, int] = {}
    for room in rooms:
        by_category[room["parent_id"]] = by_category.get(room["parent_id"], 0) + 1
    assert sorted(by_category.values()) == [1, 50]


@pytest.mark.config(pairs={"round_weeks": 3})
async def test_the_welcome_says_how_long_the_round_lasts_as_configured(running, scene, sandbox):
    cohort, people = await cohort_with(running, scene, ["a", "b"])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    await bot.advance_to(ROUND_ONE)
    [room] = spaces(sandbox)
    welcome = sandbox.messages_in(int(room["id"]))[0]["content"]
    assert "vous voilà en binôme d'entraide pour les 3 prochaines semaines !" in plain(welcome)
