"""The coordinators' figures page over HTTP: its title, the comparison of contacted learners
with comparable learners not yet contacted (activity and questionnaire), decimals written
as the page's language writes them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.cohort_steps import configure, create_cohort, enrol
from tests.harness import eventually
from tests.test_kickoff import eventually_learner, start_with_goals
from tests.test_warning import paris
from tests.web_steps import act_on_case, client, dashboard_link, enter, signed_in

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
MAIN = re.compile(r"<main id=\"main\">(.*?)</main>", re.S)


async def test_the_figures_page_title_holds_its_title_and_the_tables_are_in_the_page(
    running, scene, sandbox
):
    await configure(scene)
    await create_cohort(scene)
    coordinator, base = await signed_in(scene, scene.owner_id)  # manages the server
    async with coordinator:
        async with coordinator.get(base + "/figures") as page:
            body = await page.text()
    assert TITLE.search(body).group(1) == "Chiffres de la coordination — tutorat"
    [head, rest] = body.split("</head>")
    assert "<table" not in head
    main = MAIN.search(rest).group(1)
    assert "Contacts et apprenant·es comparables pas encore contacté·es" in main
    assert main.count("<table") == 4


async def two_quiet_learners(running, scene, sandbox) -> tuple:
    """Léa and Noé start, write on 12 January, then go quiet: on 3 February each has a case
    of the same form with Camille."""
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    learners = [await enrol(scene, cohort, name) for name in ("lea", "noe")]
    for user in learners:
        await eventually_learner(bot, cohort.id, user)
    await bot.advance_to(paris("2027-01-11T09:05"))
    for user in learners:
        await start_with_goals(scene, sandbox, cohort, user)
    await bot.advance_to(paris("2027-01-12T10:00"))
    for user in learners:
        await scene.people.say(cohort.channel_id, user, "Bonjour !")
        await eventually(lambda user=user: bot.services.activity.buffer.pending_for(user))
    await bot.advance_to(paris("2027-02-03T08:05"))
    return cohort, *learners


def answers(k: int) -> tuple[int, ...]:
    """A questionnaire whose four dimensions are all k: its mean is k."""
    return (k, k, k, 8 - k, k, k)


async def contacted_and_comparable(running, scene, sandbox):
    """Léa's case closed after an interview on 3 February (course week 4), Noé's left
    unanswered; both answered the questionnaire before and after; on 22 February the 14 days
    after are over and week 6 is closed. Léa: weeks 2, 3 -> 3, 4 (before 3.5), weeks 5, 6 ->
    5, 6 (after 5.5), 2 messages after. Noé: weeks 2, 3 -> 4, 5 (before 4.5), week 4 (the
    contact's week, not counted) -> 1, week 5 -> 4 (after 4.0), 1 message after."""
    cohort, lea, noe = await two_quiet_learners(running, scene, sandbox)
    bot = running.bot
    [case] = await bot.services.cases.store.of_learner(cohort.id, lea)
    tutor, base = await signed_in(scene, scene.tutor_id)
    async with tutor:
        status, _ = await act_on_case(tutor, base, cohort.id, lea, case.id, action="done")
        assert status == 200
    # written straight to storage: answers given in weeks 2-3 would have kept the cases away
    now = bot.clock.now()
    for user, weeks in ((lea, {2: 3, 3: 4, 5: 5, 6: 6}), (noe, {2: 4, 3: 5, 4: 1, 5: 4})):
        for week, k in weeks.items():
            await bot.services.pulse.answers.save(cohort.id, user, week, answers(k), now)
    await bot.advance_to(paris("2027-02-05T10:00"))
    for _ in range(2):
        await scene.people.say(cohort.channel_id, lea, "Je reprends")
    await bot.advance_to(paris("2027-02-10T10:00"))
    await scene.people.say(cohort.channel_id, noe, "Coucou")
    await bot.advance_to(paris("2027-02-22T09:00"))
    [still] = await bot.services.cases.store.of_learner(cohort.id, noe)
    assert still.contacted_at is None and still.closed_at is None
    return cohort


async def figures_page(scene, locale: str) -> str:
    """The figures page, as the server's manager reads it with Discord in `locale`."""
    link = await dashboard_link(scene, scene.owner_id, locale=locale)
    async with client() as session:
        await enter(session, link)
        async with session.get(link.split("/enter/")[0] + "/figures") as page:
            assert page.status == 200
            return await page.text()


class Tables(HTMLParser):
    """Each table's rows, as the texts of their cells, by the table's caption."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found: dict[str, list[list[str]]] = {}
        self.caption = self.text = None
        self.rows: list[list[str]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows = []
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("caption", "th", "td"):
            self.text = ""

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self.caption = self.text.strip()
        elif tag in ("th", "td"):
            self.rows[-1].append(self.text.strip())
        elif tag == "table":
            self.found[self.caption] = self.rows
        if tag in ("caption", "th", "td"):
            self.text = None


def table(page: str, starts: str) -> list[list[str]]:
    """The rows of the table whose caption starts with `starts`, its header first."""
    tables = Tables(page).found
    [caption] = [c for c in tables if c.startswith(starts)]
    return tables[caption]


async def test_the_figures_decimals_are_written_in_the_page_s_language(running, scene, sandbox):
    await contacted_and_comparable(running, scene, sandbox)
    french = table(await figures_page(scene, "fr"), "Effet des contacts")
    assert french[1] == ["découragement", "1", "1", "0", "2", "3,5", "5,5"]
    english = table(await figures_page(scene, "en-US"), "What contacts changed")
    assert english[1] == ["discouragement", "1", "1", "0", "2", "3.5", "5.5"]


async def test_contacted_and_comparable_learners_show_activity_and_questionnaire(
    running, scene, sandbox
):
    await contacted_and_comparable(running, scene, sandbox)
    rows = table(await figures_page(scene, "fr"), "Contacts et apprenant·es comparables")
    assert rows[0][1:] == [
        "Groupe",
        "Nombre",
        "Actions avant",
        "Actions après",
        "Questionnaire avant",
        "Questionnaire après",
    ]
    assert rows[1] == ["découragement", "Contacté·es", "1", "0", "2", "3,5", "5,5"]
    assert rows[2] == ["Comparables", "1", "0", "1", "4,5", "4,0"]
