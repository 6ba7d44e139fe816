"""/plateforme connecter with Moodle, end to end through discord.py and the sandbox: the
connection is tried at once (the site and the course, one call of each function) and the
tutor is told in one sentence what is missing, in their language."""

from __future__ import annotations

import pytest

from sandbox import lrs
from sources.moodle import MoodleSource
from tests.cohort_steps import cohort_of, configure, create_cohort, is_ephemeral, reply_text
from tests.moodle_standin import NEEDED, SERVICE, TOKEN, MoodleStandIn


@pytest.fixture
async def moodle():
    server = await MoodleStandIn().start(lrs.free_port())
    yield server
    await server.stop()


@pytest.fixture
async def cohort(running, scene, moodle):
    await configure(scene)
    await create_cohort(scene)
    running.bot.services.platform.sources = {"moodle": MoodleSource(moodle.url, TOKEN)}
    return await cohort_of(running.bot, scene)


async def connect(scene, cohort, course="2", locale=None):
    options = {"cohorte": cohort.name, "source": "moodle", "cours": course}
    extra = {"locale": locale} if locale else {}
    answer = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "plateforme", "connecter", options=options, **extra
    )
    assert is_ephemeral(answer)
    return reply_text(answer)


async def test_a_complete_set_up_is_checked_and_said_in_one_sentence(
    running, scene, cohort, moodle
):
    moodle.capabilities = set(NEEDED)  # exactly what the README asks for
    said = await connect(scene, cohort)
    assert said == (
        "Source moodle connectée et vérifiée : le cours répond (6 inscrits, 3 devoirs) et sera"
        " relevé régulièrement."
    )
    called = [c["wsfunction"] for c in moodle.calls]
    assert sorted(set(called)) == sorted(SERVICE)  # one call of each function
    (state,) = await running.bot.services.platform.state(cohort)
    assert state.scope == "2" and state.connected_by == scene.tutor_id


async def test_what_is_missing_is_named_in_french_and_in_english(running, scene, cohort, moodle):
    moodle.capabilities.discard("report/progress:view")
    moodle.functions.discard("mod_assign_get_submissions")
    said = await connect(scene, cohort)
    assert said == (
        "Source moodle enregistrée, mais il manque encore : la capacité report/progress:view au"
        " rôle du service web (pour core_completion_get_activities_completion_status) ; la"
        " fonction mod_assign_get_submissions au service externe du bot (ou"
        " webservice/rest:use à son rôle) (le bot réessaiera à chaque relevé)."
    )
    english = await connect(scene, cohort, locale="en-US")
    assert english.startswith("Source moodle saved, but still missing: the capability")
    assert "the function mod_assign_get_submissions in the bot's external service" in english


async def test_no_course_access_no_emails_or_moodle_down_are_said_too(
    running, scene, cohort, moodle
):
    moodle.capabilities.discard("moodle/course:useremail")
    said = await connect(scene, cohort)
    assert "Moodle ne montre pas les courriels (moodle/course:useremail)" in said
    assert "liez les comptes par identifiant Moodle" in said

    moodle.capabilities.discard("moodle/course:view")
    said = await connect(scene, cohort)
    assert said.startswith("Source moodle enregistrée, mais il manque encore : la capacité")
    assert "moodle/course:view au rôle du service web, qui n'est inscrit à aucun cours" in said

    moodle.maintenance = "cli"  # HTTP 503 and an HTML page
    said = await connect(scene, cohort)
    assert "Moodle est indisponible pour l'instant, ce n'est pas un refus" in said
    assert "The site is undergoing maintenance" in said and "<" not in said

    moodle.maintenance = ""
    said = await connect(scene, cohort, course="TEST101")
    assert "l'identifiant du cours, un nombre (le id= de l'adresse du cours)" in said


def test_the_readme_asks_for_exactly_the_capabilities_and_functions_the_bot_uses():
    import re
    from pathlib import Path

    from sources.moodle import CAPABILITIES, FUNCTIONS

    readme = Path(__file__).resolve().parents[1] / "README.md"
    section = readme.read_text().split("### Moodle par ses services web")[1].split("\n### ")[0]
    ticked = set(re.findall(r"- \[ \] `([a-z/:]+)`", section))
    optional = {"moodle/course:useremail", "moodle/course:viewhiddenuserfields"}
    assert ticked == set(CAPABILITIES) | optional == NEEDED | optional
    assert "user:update" not in readme.read_text()
    assert set(FUNCTIONS) == set(SERVICE)
    service_item = section.split("Un service externe")[1].split("4. ")[0]
    assert set(re.findall(r"`((?:core|mod)_[a-z_]+)`", service_item)) == set(FUNCTIONS)


async def test_a_site_hiding_last_access_is_told_which_capability_shows_it(
    running, scene, cohort, moodle
):
    moodle.hidden_fields = {"lastaccess"}
    moodle.capabilities.discard("moodle/course:viewhiddenuserfields")
    said = await connect(scene, cohort)
    assert "moodle/course:viewhiddenuserfields au rôle du service web" in said
    moodle.capabilities.add("moodle/course:viewhiddenuserfields")
    said = await connect(scene, cohort)
    assert said.startswith("Source moodle connectée et vérifiée")
