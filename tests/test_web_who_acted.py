"""Every contact on record under who made it: a tutor of the team who clicks a case's button
in Discord (here in its thread, the case's tutor having closed DMs) is the one the contact log
names, not the case's tutor."""

from __future__ import annotations

from tests.cohort_steps import reply_text
from tests.test_warning import paris, quiet_learner
from tests.web_steps import signed_in


async def test_the_contact_log_names_the_tutor_who_clicked(running, scene, sandbox):
    world = sandbox.world
    nadia = await scene.people.join(scene.guild_id, "tutrice-nadia")
    await scene.people.set_roles(scene.guild_id, nadia, [scene.tutor_role_id])
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    sandbox.dms_closed.add(scene.tutor_id)  # Camille's case goes to a thread of the team
    bot = running.bot
    await bot.advance_to(paris("2027-02-03T08:05"))
    cohort = await bot.services.cohorts.cohorts.get(cohort.id)
    [thread] = [
        c
        for c in world.channels.values()
        if c.get("parent_id") == str(cohort.tutors_channel_id) and c["type"] == 11
    ]
    [prompt] = sandbox.messages_in(int(thread["id"]))
    buttons = {b["label"]: b["custom_id"] for b in prompt["components"][0]["components"]}
    clicked = await scene.people.click(nadia, prompt, buttons["J'ai pris contact"])
    assert "contact pris" in reply_text(clicked)
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    assert case.tutor_id == scene.tutor_id and case.contacted_by == nadia

    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            log = (await page.text()).split('id="contacts"')[1]
    assert "tutrice-nadia" in log and "tuteur-camille" not in log
