"""The weekly pulse end to end: one post a week, six items in two private steps, editable
until the week closes, a reminder with a count and no names; goals reviewed at midpoint."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.cohort_steps import configure, is_ephemeral, plain, reply_text
from tests.test_kickoff import bot_posts, text_of
from tests.test_presence import new_cohort

PARIS = ZoneInfo("Europe/Paris")
MESSAGES = "/channels/{channel_id}/messages"


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


def pulse_posts(sandbox, cohort) -> list[dict]:
    return [m for m in bot_posts(sandbox, cohort.channel_id) if "Questionnaire" in text_of(m)]


async def answer_pulse(scene, user, post, first: dict, second: dict):
    """Click « Répondre », fill in step 1, click « Suite », fill in step 2."""
    people = scene.people
    button = post["components"][0]["components"][0]["custom_id"]
    opened = await people.click(user, post, button)
    step1 = opened.responses[0]
    assert step1["type"] == 9
    done1 = await people.submit(user, int(post["channel_id"]), step1["data"]["custom_id"], first)
    suite = done1.original
    opened2 = await people.click(user, suite, suite["components"][0]["components"][0]["custom_id"])
    step2 = opened2.responses[0]
    return step1, await people.submit(
        user, int(post["channel_id"]), step2["data"]["custom_id"], second
    )


def chosen(modal: dict) -> dict[str, str]:
    """The options pre-selected in a pulse form."""
    picked = {}
    for label in modal["data"]["components"]:
        group = label["component"]
        for option in group["options"]:
            if option.get("default"):
                picked[group["custom_id"]] = option["value"]
    return picked


async def test_a_learner_answers_edits_and_cannot_answer_a_closed_week(running, scene, sandbox):
    await configure(scene)
    bot = running.bot
    cohort = await new_cohort(scene, bot, "Paris", "Europe/Paris", ends="2027-03-26")
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    noe = await scene.people.join(scene.guild_id, "noe", [cohort.role_id])
    for user in (lea, noe):
        await bot.services.cohorts.join(cohort.id, user, bot.clock.now())
    await bot.advance_to(paris("2027-01-15T10:05"))  # Friday of week 1
    [post] = pulse_posts(sandbox, cohort)
    assert "Seuls vos tuteurs voient vos réponses" in text_of(post)
    assert post["components"][0]["components"][0]["label"] == "Répondre"

    step1, saved = await answer_pulse(
        scene, lea, post, {"P1": "6", "P2": "5", "P3": "6"}, {"P4": "2", "P5": "4", "P6": "7"}
    )
    labels = [c["label"] for c in step1["data"]["components"]]
    assert labels == [
        "La formation m'intéresse",
        "Elle me sert pour mes objectifs",
        "Je me sens capable de réussir",
    ]
    assert is_ephemeral(saved) and "semaine 1 sont enregistrées" in reply_text(saved)
    assert "Je me sens capable de réussir : **6**/7" in reply_text(saved)
    stored = await bot.services.pulse.mine(cohort.id, lea, 1)
    assert stored.answers == (6, 5, 6, 2, 4, 7)

    bot = await running.restart()  # the post and the answer still work
    edited_step1, _ = await answer_pulse(
        scene, lea, post, {"P1": "6", "P2": "5", "P3": "3"}, {"P4": "2", "P5": "4", "P6": "7"}
    )
    assert chosen(edited_step1) == {"P1": "6", "P2": "5", "P3": "6"}  # her answers, to edit
    assert (await bot.services.pulse.mine(cohort.id, lea, 1)).answers == (6, 5, 3, 2, 4, 7)
    assert len(await bot.services.pulse.answers.of_week(cohort.id, 1)) == 1

    await bot.advance_to(paris("2027-01-16T10:05"))  # Saturday: the reminder
    reminder = [m for m in bot_posts(sandbox, cohort.channel_id) if "se clôt demain" in text_of(m)]
    assert len(reminder) == 1
    assert "1 réponse sur 2" in reminder[0]["content"]
    assert "<@" not in reminder[0]["content"] and "lea" not in reminder[0]["content"]

    await bot.advance_to(paris("2027-01-18T09:30"))  # week 1 has closed
    late = await scene.people.click(noe, post, post["components"][0]["components"][0]["custom_id"])
    assert is_ephemeral(late) and "semaine 1 est clos" in reply_text(late)
    assert await bot.services.pulse.mine(cohort.id, noe, 1) is None
    await bot.advance_to(paris("2027-01-22T10:05"))
    assert len(pulse_posts(sandbox, cohort)) == 2  # one post a week


async def test_an_answer_out_of_range_is_refused_and_nothing_is_stored(running, scene, sandbox):
    await configure(scene)
    bot = running.bot
    cohort = await new_cohort(scene, bot, "Paris", "Europe/Paris", ends="2027-03-26")
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    await bot.services.cohorts.join(cohort.id, lea, bot.clock.now())
    await bot.advance_to(paris("2027-01-15T10:05"))
    forged = await scene.people.submit(
        lea,
        cohort.channel_id,
        f"tutorat:pulse2f:{cohort.id}:1:669",
        {"P4": "2", "P5": "12", "P6": "7"},
    )
    assert "n'est plus valable" in reply_text(forged)  # a 9 in the carried answers
    forged = await scene.people.submit(
        lea,
        cohort.channel_id,
        f"tutorat:pulse2f:{cohort.id}:1:661",
        {"P4": "2", "P5": "12", "P6": "7"},
    )
    assert "Chaque réponse doit être un nombre de 1 à 7" in reply_text(forged)
    outsider = await scene.people.join(scene.guild_id, "curieux")
    spy = await scene.people.submit(
        outsider,
        cohort.channel_id,
        f"tutorat:pulse2f:{cohort.id}:1:111",
        {"P4": "1", "P5": "1", "P6": "1"},
    )
    assert "ne faites pas partie de cette cohorte" in reply_text(spy)
    assert await bot.services.pulse.answers.of_week(cohort.id, 1) == []


async def test_presence_and_pulse_cost_the_same_requests_for_20_and_2000_learners(
    running, scene, sandbox
):
    await configure(scene)
    bot = running.bot
    small = await new_cohort(scene, bot, "Petite", "Europe/Paris", ends="2027-03-26")
    large = await new_cohort(scene, bot, "Grande", "Europe/Paris", ends="2027-03-26")
    for cohort, size in ((small, 20), (large, 2000)):
        for n in range(size):  # enrolled and started: no personal message is due
            user_id = 10_000_000 + cohort.id * 10_000 + n
            await bot.services.cohorts.join(cohort.id, user_id, bot.clock.now())
            await bot.services.cohorts.start(cohort.id, user_id, bot.clock.now())
    before = len(sandbox.requests)
    await bot.advance_to(paris("2027-01-24T12:00"))  # two course weeks
    week = sandbox.requests[before:]

    def cost(cohort) -> int:
        return sum(
            1
            for r in week
            if r.route == MESSAGES
            and r.method == "POST"
            and int(r.params["channel_id"]) == cohort.channel_id
        )

    # the day and the hour before, the kick-off, ten presence posts, two pulses and reminders
    assert cost(small) == cost(large) == 2 + 1 + 10 + 2 + 2

    def digests(cohort) -> int:
        return sum(
            1 for r in week if int(r.params.get("channel_id", 0)) == cohort.tutors_channel_id
        )

    assert digests(small) == digests(large) == 1  # Monday 18 January, to the tutors
    # nothing else went to Discord
    assert len(week) == cost(small) + cost(large) + digests(small) + digests(large)


async def test_goals_are_reviewed_at_midpoint_beside_the_start_and_shown_only_to_the_learner(
    running, scene, sandbox
):
    await configure(scene)
    bot = running.bot
    cohort = await new_cohort(scene, bot, "Paris", "Europe/Paris", ends="2027-02-21")
    lea = await scene.people.join(scene.guild_id, "lea", [cohort.role_id])
    await bot.services.cohorts.join(cohort.id, lea, bot.clock.now())
    await bot.services.onboarding.save_goals(
        cohort.id, lea, "Devenir développeuse", "6", "Les horaires", bot.clock.now()
    )
    await bot.advance_to(paris("2027-02-01T09:30"))  # the midpoint, a Monday
    [post] = [m for m in bot_posts(sandbox, cohort.channel_id) if "Mi-parcours" in text_of(m)]
    button = post["components"][0]["components"][0]["custom_id"]
    bot = await running.restart()
    opened = await scene.people.click(lea, post, button)
    form = opened.responses[0]["data"]
    assert form["components"][0]["type"] == 10
    assert plain(form["components"][0]["content"]) == (
        "Au démarrage, vous aviez écrit : « Devenir développeuse »"
    )
    saved = await scene.people.submit(
        lea,
        cohort.channel_id,
        form["custom_id"],
        {
            "now": "J'ai fini deux modules sur quatre",
            "holds": "non",
            "changed": "Je vise plutôt la data",
        },
    )
    assert is_ephemeral(saved) and "Vos objectifs d'aujourd'hui sont enregistrés" in reply_text(
        saved
    )
    goals = bot.services.onboarding.goals
    start = await goals.get(cohort.id, lea, "start")
    review = await goals.get(cohort.id, lea, "midpoint")
    assert start.aim == "Devenir développeuse"
    assert (review.aim, review.still_holds, review.changed) == (
        "J'ai fini deux modules sur quatre",
        False,
        "Je vise plutôt la data",
    )
    public = "".join(text_of(m) for m in sandbox.messages_in(cohort.channel_id))
    assert "Devenir développeuse" not in public and "data" not in public
