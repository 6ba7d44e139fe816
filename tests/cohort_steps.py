"""Steps shared by the cohort tests: configure the server, create a cohort, enrol learners."""

from __future__ import annotations

from sandbox.people import Mention

EPHEMERAL = 1 << 6
KICKOFF = "2027-01-11 09:00"  # a Monday; the clock starts on 2027-01-04 08:00 Paris


async def configure(scene) -> None:
    await scene.people.command(
        scene.owner_id,
        scene.help_channel_id,
        "configurer",
        options={"role_tuteur": Mention("role", scene.tutor_role_id)},
    )


async def create_cohort(scene, name: str = "Janvier 2027", **extra):
    options = {
        "nom": name,
        "demarrage": KICKOFF,
        "fuseau": "Europe/Paris",
        "fin": "2027-03-26",
        **extra,
    }
    return await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "creer", options=options
    )


def plain(said: str) -> str:
    """French typography's no-break spaces (before : ; ! ? », after «, in 21 h) as plain
    spaces, for assertions on wording (test_typography checks the spaces themselves)."""
    return said.replace("\u202f", " ").replace("\u00a0", " ")


def reply_text(interaction) -> str:
    """The sentence the bot answered with (first response, or the follow-up after a defer),
    its no-break spaces plain."""
    first = interaction.responses[0]
    if first["type"] == 5:
        body = interaction.original
    else:
        body = first.get("data") or {}
    embeds = " ".join(
        (e.get("title") or "") + " " + (e.get("description") or "")
        for e in body.get("embeds") or []
    )
    return plain(((body.get("content") or "") + " " + embeds).strip())


def is_ephemeral(interaction) -> bool:
    first = interaction.responses[0]
    body = interaction.original if first["type"] == 5 else first.get("data") or {}
    return bool((body.get("flags") or 0) & EPHEMERAL)


async def cohort_of(bot, scene, name: str = "Janvier 2027"):
    return await bot.services.cohorts.cohorts.by_name(scene.guild_id, name)


async def enrol(scene, cohort, name: str) -> int:
    """A learner joins the server and a tutor gives them the cohort's role."""
    user_id = await scene.people.join(scene.guild_id, name)
    await scene.people.set_roles(scene.guild_id, user_id, [cohort.role_id])
    return user_id
