"""Who is in a cohort is reconciled at start-up, both ways: a role given while the bot was down
enrols; a role taken, or the server left, while it was down ends participation. A partner
moved into another pair is recorded before the overwrite, and the overwrite is repaired at
start-up when it was lost."""

from __future__ import annotations

from sandbox.harness import START, is_enrolled
from sandbox.permissions import permissions_for
from sandbox.state import VIEW_CHANNEL
from tests.cohort_steps import cohort_of, configure, create_cohort, enrol
from tests.harness import eventually, reaches
from tests.test_pairs import ROUND_ONE, cohort_with, members_of, spaces
from tutorat.membership import Membership, RoleHolders
from tutorat.models import Cohort, Learner

OVERWRITE = "/channels/{channel_id}/permissions/{overwrite_id}"


async def active_learners(bot, cohort) -> set[int]:
    return {x.user_id for x in await bot.services.cohorts.learners.of_cohort(cohort.id) if x.active}


async def enrolled(bot, cohort, users) -> set[int]:
    """Who the bot has enrolled to the last step (welcome, learner, tutor)."""
    return {u for u in users if await is_enrolled(bot.services, cohort.id, u)}


async def test_start_up_reconciles_who_left_or_lost_the_role_while_the_bot_was_down(
    running, scene, sandbox
):
    await configure(scene)
    await create_cohort(scene)
    cohort = await cohort_of(running.bot, scene)
    stays, drops, leaves = [await enrol(scene, cohort, n) for n in ("ana", "ben", "cleo")]
    everyone = {stays, drops, leaves}
    await reaches(lambda: enrolled(running.bot, cohort, everyone), everyone)
    await running.stop()
    guild = sandbox.world.guilds[scene.guild_id]
    guild.members[drops]["roles"] = []  # the role taken while the bot is away
    guild.members.pop(leaves)  # and one learner leaves the server
    late = scene.people.world.add_user("dina")
    sandbox.world.add_member(scene.guild_id, int(late["id"]), [cohort.role_id])  # role given
    await running.start()
    await reaches(lambda: active_learners(running.bot, cohort), {stays, int(late["id"])})
    await reaches(lambda: enrolled(running.bot, cohort, {int(late["id"])}), {int(late["id"])})


async def test_a_lost_overwrite_of_a_partner_moved_to_another_pair_is_repaired_at_start_up(
    running, scene, sandbox
):
    cohort, people = await cohort_with(running, scene, ["a", "b", "c", "d"])
    bot = running.bot
    await bot.services.pairs.enrol_cohort(cohort, bot.clock.now())
    await bot.advance_to(ROUND_ONE)
    rooms = spaces(sandbox)
    leaving, partner = sorted(members_of(sandbox, rooms[0], scene.guild_id, people))
    other = rooms[1]
    refused = sandbox.fail("PUT", OVERWRITE, 403, code=50013, overwrite_id=partner)
    await scene.people.leave(scene.guild_id, leaving)
    await eventually(lambda: refused.served == 1)
    [home] = [
        p
        for p in await bot.services.pairs.store.pairs_of_round(
            (await bot.services.pairs.store.current_round(cohort.id))["id"]
        )
        if partner in p["members"]
    ]
    assert home["space_id"] == int(other["id"])  # recorded although Discord refused
    assert partner not in members_of(sandbox, other, scene.guild_id, people)

    await running.restart()
    await eventually(lambda: partner in members_of(sandbox, other, scene.guild_id, people))
    assert permissions_for(sandbox.world, scene.guild_id, partner, int(other["id"])) & VIEW_CHANNEL


class FakeCohorts:
    def __init__(self, learners: list[int]) -> None:
        self.active = set(learners)

    async def learners_of(self, cohort_id: int, *, active_only: bool = False):
        return [Learner(cohort_id, u, START) for u in sorted(self.active)]

    async def leave(self, cohort_id: int, user_id: int, now) -> bool:
        self.active.discard(user_id)
        return True


class FakePairs:
    async def member_left(self, cohort_id: int, user_id: int, now) -> None: ...
    async def repair(self, cohort) -> int:
        return 0


async def test_a_role_given_while_the_start_up_pass_runs_is_not_taken_back():
    """The pass compares a snapshot of role holders with the learners; one given the role
    after the snapshot is still a holder when asked again, and stays."""
    cohort = Cohort(1, 9, "Janvier", "Europe/Paris", START, None, role_id=5)
    cohorts = FakeCohorts([11, 12])
    membership = Membership(cohorts, None, FakePairs())
    snapshot = [RoleHolders(cohort, {})]  # nobody held the role when it was read
    await membership.reconcile(snapshot, START, holds=lambda c, user: user == 12)
    assert cohorts.active == {12}
