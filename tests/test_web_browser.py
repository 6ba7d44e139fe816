"""The web view end to end, in a real browser: a tutor runs /tableau in the sandbox, opens
the link, finds a learner, marks their case contacted with a note; the Discord prompt is
edited (the sandbox records it). The README's screenshots come from here."""

from __future__ import annotations

from pathlib import Path

from sandbox.harness import enrolment_done
from tests.browser import chromium
from tests.cohort_steps import enrol
from tests.harness import eventually
from tests.web_steps import dashboard_link, learner_with_a_case

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
EDIT = "/channels/{channel_id}/messages/{message_id}"


async def test_a_tutor_finds_a_learner_and_marks_the_case_contacted(running, scene, sandbox):
    cohort, lea, prompt = await learner_with_a_case(running, scene, sandbox)
    bot = running.bot
    for name in ("noe", "ines", "hugo", "sacha"):
        enrolment = await enrol(scene, cohort, name)
        await enrolment_done(bot, cohort.id, enrolment)
    link = await dashboard_link(scene, scene.tutor_id)
    IMAGES.mkdir(parents=True, exist_ok=True)
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        await page.goto(link)
        await page.get_by_role("button", name="Ouvrir le tableau de bord").click()
        await page.wait_for_url(link.split("/enter/")[0] + "/")
        assert await page.locator("h1").inner_text() == "Vue d'ensemble"
        await page.screenshot(path=IMAGES / "web-overview.png", full_page=True)

        await page.get_by_role("link", name="Janvier 2027").click()
        await page.get_by_label("Chercher").fill("lea")
        await page.get_by_role("button", name="Appliquer").click()
        rows = page.locator("table.learners tbody tr")
        assert await rows.count() == 1
        await page.goto(page.url.split("?")[0])  # the whole cohort for the screenshot
        await page.screenshot(path=IMAGES / "web-cohort.png", full_page=True)
        await page.get_by_label("Chercher").fill("lea")
        await page.get_by_role("button", name="Appliquer").click()
        await page.locator("table.learners tbody tr th a").first.click()

        case = page.locator("section.case").first
        assert "en attente" in (await case.inner_text()) or "ouvert" in await case.inner_text()
        await case.get_by_label("Note").fill("Appel : surcharge au travail, rappel lundi")
        await case.get_by_role("button", name="J'ai pris contact").click()
        await page.wait_for_url("**/learner/**")
        assert "contact pris" in await page.locator("section.case").first.inner_text()
        assert "surcharge au travail" in await page.locator("#contacts ~ table").inner_text()
        await page.screenshot(path=IMAGES / "web-learner.png", full_page=True)

    def edited() -> list:
        return [
            r
            for r in sandbox.requests_to("PATCH", EDIT)
            if r.params["message_id"] == str(prompt["id"]) and r.status == 200
        ]

    [edit] = await eventually(edited)
    footer = edit.body["embeds"][0]["footer"]["text"]
    assert footer == "État : contact pris"
    [case] = await bot.services.cases.open_cases_of(cohort.id, lea)
    assert case.contacted_at is not None
