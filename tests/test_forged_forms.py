"""Found by the fuzz suite: a forged pairs form naming no cohort gets a sentence, no error."""

from __future__ import annotations

from tests.cohort_steps import configure, is_ephemeral, reply_text


async def test_a_pairs_form_for_a_cohort_that_does_not_exist_is_refused(running, scene):
    await configure(scene)
    lea = await scene.people.join(scene.guild_id, "lea")
    answer = await scene.people.submit(
        lea,
        scene.help_channel_id,
        "tutorat:pairs:117400961",
        {"languages": "fr", "slots": "lun 18-21", "hours": "3", "tutor_only": "non"},
    )
    assert is_ephemeral(answer) and "ne faites pas partie de cette cohorte" in reply_text(answer)
