"""The tutors' view end to end: /cohorte etat with its chart, the learner's timeline chart,
the Monday digest in the tutors' channel (once, with the tutors' reply times), and what a
learner's erasure leaves (anonymous totals only)."""

from __future__ import annotations

import io
from datetime import timedelta

import matplotlib.image
import pytest

from sandbox.people import Mention
from sandbox.permissions import permissions_for
from sandbox.state import VIEW_CHANNEL
from tests.cohort_steps import is_ephemeral, plain, reply_text
from tests.harness import eventually
from tests.test_kickoff import eventually_learner
from tests.test_warning import paris, quiet_learner

PNG = b"\x89PNG\r\n\x1a\n"


def picture(sandbox, message: dict, filename: str):
    """The attachment decoded as an image: a valid PNG, not just a file that says so."""
    [attachment] = [a for a in message["attachments"] if a["filename"] == filename]
    data = sandbox.files[int(attachment["id"])]
    assert data.startswith(PNG)
    return matplotlib.image.imread(io.BytesIO(data), format="png")


# Léa's case in week 2 is her silence: told alone after a week here, as a cohort may set it
# (these tests are about what the reports show of cases, not when a silence opens one)
pytestmark = pytest.mark.config(signals={"alone_days": 7})


def fields_of(message: dict) -> dict[str, str]:
    return {f["name"]: plain(f["value"]) for f in message["embeds"][0]["fields"]}


async def cohort_with_a_week(running, scene, sandbox):
    """Léa (quiet, then a case), Noé (steady, answers the pulse twice), Hugo (never starts)."""
    cohort, lea, _ = await quiet_learner(running, scene, sandbox)
    bot, people = running.bot, scene.people
    noe = await people.join(scene.guild_id, "noe")
    hugo = await people.join(scene.guild_id, "hugo")
    for user in (noe, hugo):
        await people.set_roles(scene.guild_id, user, [cohort.role_id])
    for user in (noe, hugo):
        await eventually_learner(bot, cohort.id, user)
    await bot.services.cohorts.start(cohort.id, noe, bot.clock.now())
    for week, answers in ((1, (6, 6, 5, 3, 5, 6)), (2, (4, 4, 3, 5, 3, 5))):
        await bot.services.pulse.answers.save(cohort.id, noe, week, answers, bot.clock.now())
    await bot.services.pulse.answers.save(cohort.id, lea, 1, (6, 6, 6, 2, 6, 7), bot.clock.now())
    return cohort, lea, noe, hugo


async def test_the_cohort_state_is_a_private_embed_with_a_chart(running, scene, sandbox):
    cohort, lea, noe, hugo = await cohort_with_a_week(running, scene, sandbox)
    bot = running.bot
    await bot.advance_to(paris("2027-01-20T11:00"))  # week 2: Léa's and Hugo's cases are open
    for _ in range(3):
        await scene.people.say(cohort.channel_id, noe, "…")
    await eventually(lambda: bot.services.activity.buffer.pending_for(noe) == 3)
    await bot.get_cog("Activity").flush()
    state = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "cohorte", "etat", options={"nom": "Janvier 2027"}
    )
    assert state.responses[0]["type"] == 5 and is_ephemeral(state)
    body = state.original
    assert body["embeds"][0]["title"] == "Janvier 2027 — semaine 2"
    fields = fields_of(body)
    assert fields["Apprenants"] == "3 inscrit·es · 2 ont démarré · 1 actif·ve cette semaine"
    assert "découragement : 1" in fields["Cas ouverts"]
    assert "non-démarrage : 1" in fields["Cas ouverts"]
    open_cases = await bot.services.cases.store.of_cohort(cohort.id)
    shown = [int(line.split(" : ")[1]) for line in fields["Cas ouverts"].splitlines()]
    assert sum(shown) == len(open_cases) and len(shown) == 4  # the four dropout forms
    pulse = fields["Questionnaire (cette semaine / la précédente)"]
    assert "Sens : 4,0 / 6,0" in pulse  # week 2: Noé alone; week 1: Noé and Léa
    assert "Courage : 3,0 / 5,5" in pulse  # P3 and 8 - P4: (3+3)/2; ((5+5)/2 + (6+6)/2)/2
    assert fields["Prochain jalon"] == "—"
    image = picture(sandbox, body, "cohorte.png")
    assert image.shape[0] > 300 and image.shape[1] > 500
    assert body["embeds"][0]["image"]["url"].endswith("cohorte.png")


async def test_the_state_is_posted_only_in_the_tutors_channel_and_never_to_learners(
    running, scene, sandbox
):
    cohort, lea, noe, _ = await cohort_with_a_week(running, scene, sandbox)
    options = {"nom": "Janvier 2027", "publier": True}
    refused = await scene.people.command(
        scene.tutor_id, cohort.channel_id, "cohorte", "etat", options=options
    )
    assert is_ephemeral(refused) and "ne se publie que dans le salon de suivi" in reply_text(
        refused
    )
    assert not [m for m in sandbox.messages_in(cohort.channel_id) if m.get("attachments")]
    posted = await scene.people.command(
        scene.tutor_id, cohort.tutors_channel_id, "cohorte", "etat", options=options
    )
    assert not is_ephemeral(posted) and posted.original["attachments"]
    learner = await scene.people.command(
        lea, cohort.channel_id, "cohorte", "etat", options={"nom": "Janvier 2027"}
    )
    assert is_ephemeral(learner) and "réservée à l'équipe tutorale" in reply_text(learner)


async def test_the_learner_view_carries_a_timeline_chart(running, scene, sandbox):
    cohort, lea, noe, _ = await cohort_with_a_week(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-01-20T09:00"))
    view = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "suivi",
        "apprenant",
        options={"apprenant": Mention("user", lea)},
    )
    assert is_ephemeral(view)
    image = picture(sandbox, view.original, "frise.png")
    assert image.shape[0] > 300
    assert "découragement" in str(view.original["embeds"])
    line = await running.bot.services.reports.learner(
        cohort, lea, await running.bot.services.cases.store.of_learner(cohort.id, lea),
        running.bot.clock.now(),
    )  # fmt: skip
    assert line.days[0].isoformat() == "2027-01-11" and line.days[-1].isoformat() == "2027-01-20"
    assert line.actions[1] == 1  # the one message of 12 January
    assert [form for _, form in line.cases] == ["decouragement"]
    assert line.pulses[1]["intention"] == 7.0


async def test_the_monday_digest_reaches_the_tutors_once_with_reply_times(running, scene, sandbox):
    cohort, lea, noe, _ = await cohort_with_a_week(running, scene, sandbox)
    bot, people = running.bot, scene.people
    set_help = await people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "modifier",
        options={"nom": "Janvier 2027", "entraide": Mention("channel", scene.help_channel_id)},
    )
    assert "Salon d'entraide" in reply_text(set_help)
    await bot.advance_to(paris("2027-01-13T10:00"))
    question = await people.say(scene.help_channel_id, noe, "…")
    await people.say(scene.help_channel_id, noe, "…")  # the same question, still waiting
    unanswered = await people.say(scene.help_channel_id, lea, "…")
    await eventually(lambda: bot.services.activity.buffer.pending_for(lea))
    await bot.advance_to(paris("2027-01-13T12:30"))
    await people.say(scene.help_channel_id, scene.tutor_id, "…", reply_to=question)
    await people.say(cohort.channel_id, scene.tutor_id, "…")
    await eventually(lambda: bot.services.activity.buffer.pending_for(scene.tutor_id) == 3)
    assert unanswered  # Léa's stays without a tutor's answer
    await bot.advance_to(paris("2027-01-18T08:29"))
    assert not sandbox.messages_in(cohort.tutors_channel_id)
    await bot.advance_to(paris("2027-01-18T08:31"))
    bot = await running.restart()
    await bot.advance_to(paris("2027-01-18T12:00"))
    [digest] = sandbox.messages_in(cohort.tutors_channel_id)
    embed = digest["embeds"][0]
    assert embed["title"] == "Bilan de la semaine 1 — Janvier 2027"
    lines = embed["description"].splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("📈 2 apprenant·es actif·ves sur 3")
    assert "2 réponses" in lines[1] and "Intention 6,5" in lines[1]
    assert lines[2].startswith("🚀 2 sur 3 ont démarré")
    fields = fields_of(digest)
    open_cases = await bot.services.cases.store.of_cohort(cohort.id)
    assert open_cases and {c.tutor_id for c in open_cases} == {scene.tutor_id}
    mine = f"<@{scene.tutor_id}> : {len(open_cases)} ("
    assert fields["Cas ouverts par tuteur"].startswith(mine)
    presence = fields["Présence des tuteurs"]
    assert f"<@{scene.tutor_id}> : 1 message dans le salon de la cohorte" in presence
    assert "première réponse en 2 h 30 min (sur 1 question)" in presence
    assert "Questions d'entraide : 2, dont 1 sans réponse d'un tuteur." in presence
    assert picture(sandbox, digest, "bilan.png").shape[0] > 300
    # the tutors' channel: learners cannot see it
    seen = permissions_for(sandbox.world, scene.guild_id, lea, cohort.tutors_channel_id)
    assert not seen & VIEW_CHANNEL
    await bot.advance_to(paris("2027-01-25T09:00"))
    titles = [m["embeds"][0]["title"] for m in sandbox.messages_in(cohort.tutors_channel_id)]
    assert titles.count("Bilan de la semaine 1 — Janvier 2027") == 1
    assert "Bilan de la semaine 2 — Janvier 2027" in titles


async def test_the_help_channel_cannot_be_the_cohort_channel(running, scene, sandbox):
    cohort, *_ = await cohort_with_a_week(running, scene, sandbox)
    refused = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "modifier",
        options={"nom": "Janvier 2027", "entraide": Mention("channel", cohort.channel_id)},
    )
    assert is_ephemeral(refused) and "un autre salon" in reply_text(refused)


async def test_an_erased_learner_leaves_only_anonymous_totals(running, scene, sandbox):
    cohort, lea, noe, _ = await cohort_with_a_week(running, scene, sandbox)
    bot = running.bot
    await bot.get_cog("Activity").flush()
    before = await bot.services.reports.state(cohort, bot.clock.now() + timedelta(days=1))
    ask = await scene.people.command(lea, cohort.channel_id, "mesdonnees", "effacer")
    button = ask.original["components"][0]["components"][0]["custom_id"]
    await scene.people.click(lea, ask.original, button)
    rows = await bot.services.reports.store.cohort_rows(cohort)
    assert lea not in {user for user, *_ in rows.activity}
    assert sum(total for _, total, _ in rows.anonymous) >= 1  # Léa's message, no id kept
    after = await bot.services.reports.state(cohort, bot.clock.now() + timedelta(days=1))
    assert after.weeks[0].actions == before.weeks[0].actions
    assert after.enrolled == before.enrolled - 1
    anonymous = await bot.db.fetchall("SELECT * FROM anonymous_activity")
    assert all(set(row.keys()) == {"cohort_id", "day", "total", "peer"} for row in anonymous)


async def test_a_digest_missed_while_down_on_monday_goes_out_when_the_bot_is_back(
    running, scene, sandbox, clock
):
    cohort, *_ = await cohort_with_a_week(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-01-18T08:00"))
    await running.stop()
    clock.set(paris("2027-01-19T14:00"))  # down from Monday 08:00 to Tuesday 14:00
    bot = await running.start()
    await bot.get_cog("Delivery").flush_now()
    titles = [m["embeds"][0]["title"] for m in sandbox.messages_in(cohort.tutors_channel_id)]
    assert titles == ["Bilan de la semaine 1 — Janvier 2027"]


async def test_an_english_speaking_tutor_reads_the_state_in_english(running, scene, sandbox):
    await cohort_with_a_week(running, scene, sandbox)
    state = await scene.people.command(
        scene.tutor_id,
        scene.help_channel_id,
        "cohorte",
        "etat",
        options={"nom": "Janvier 2027"},
        locale="en-GB",
    )
    body = state.original
    assert body["embeds"][0]["title"] == "Janvier 2027 — week 1"
    fields = fields_of(body)
    assert fields["Learners"].startswith("3 enrolled · 2 started")
    assert "never started: 0" in fields["Open cases"] and "isolation: " in fields["Open cases"]
    assert "Meaning: " in fields["Questionnaire (this week / last week)"]
