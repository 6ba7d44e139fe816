"""The web view end to end, in a real browser: a tutor runs /tableau in the sandbox, opens
the link, finds a learner, marks their case contacted with a note; the Discord prompt is
edited (the sandbox records it). The README's screenshots come from here."""

from __future__ import annotations

from pathlib import Path

from sandbox.harness import enrolment_done
from tests.browser import chromium
from tests.cohort_steps import enrol, plain
from tests.harness import eventually
from tests.web_steps import dashboard_link, learner_with_a_case

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
EDIT = "/channels/{channel_id}/messages/{message_id}"
# what a screen reader needs, checked in the page the browser built: every field labelled,
# every image described, every table header scoped, one h1, headings without a gap
AUDIT = r"""() => {
  const problems = [];
  for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!field.labels || field.labels.length === 0) problems.push("unlabelled " + field.name);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.getAttribute("alt")) problems.push("image without alt " + img.src);
  }
  for (const th of document.querySelectorAll("th")) {
    if (!th.getAttribute("scope")) problems.push("th without scope: " + th.textContent.trim());
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("not one h1");
  let last = 1;
  for (const h of document.querySelectorAll("h1, h2, h3, h4")) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push("heading jumps to " + h.tagName);
    last = level;
  }
  if (!document.documentElement.lang) problems.push("no lang");
  // text contrast, WCAG AA (4.5:1), against the first opaque background behind it
  const rgb = (text) => text.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll("a, p, td, th, dt, dd, span, button, label, h1, h2, h3, caption, legend, li, strong")) {
    if (!el.textContent.trim()) continue;
    const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3)), bg = lum(behind(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) problems.push("contrast " + ratio.toFixed(1) + ": " + el.textContent.trim().slice(0, 30));
  }
  return problems;
}"""


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
        assert await page.evaluate(AUDIT) == []
        await page.screenshot(path=IMAGES / "web-overview.png", full_page=True)

        await page.get_by_role("link", name="Janvier 2027").click()
        await page.get_by_label("Chercher").fill("lea")
        await page.get_by_role("button", name="Appliquer").click()
        rows = page.locator("table.learners tbody tr")
        assert await rows.count() == 1
        await page.goto(page.url.split("?")[0])  # the whole cohort for the screenshot
        assert await page.evaluate(AUDIT) == []
        await page.screenshot(path=IMAGES / "web-cohort.png", full_page=True)
        await page.get_by_label("Chercher").fill("lea")
        await page.get_by_role("button", name="Appliquer").click()
        await page.locator("table.learners tbody tr th a").first.click()

        assert await page.evaluate(AUDIT) == []
        case = page.locator("section.case").first
        assert "en attente" in (await case.inner_text()) or "ouvert" in await case.inner_text()
        await case.get_by_label("Note").fill("Appel : surcharge au travail, rappel lundi")
        await case.get_by_role("button", name="J'ai pris contact").click()
        await page.wait_for_url("**/learner/**")
        assert "contact pris" in await page.locator("section.case").first.inner_text()
        assert "surcharge au travail" in await page.locator("#contacts ~ table").inner_text()
        # the Discord id, new at each run, written as one for the picture: the same bytes
        discord_id = page.locator("dl.figures div").first.locator("dd")
        await discord_id.evaluate("shown => { shown.textContent = '1187654321098765432' }")
        await page.screenshot(path=IMAGES / "web-learner.png", full_page=True)

        await page.get_by_role("link", name="La frise en texte, semaine par semaine").click()
        assert await page.evaluate(AUDIT) == []
        weeks = page.locator("table tbody tr")
        assert await weeks.count() >= 4  # from the kick-off's week to this one
        assert "Cas ouvert" in await page.locator("table").inner_text()

    def edited() -> list:
        return [
            r
            for r in sandbox.requests_to("PATCH", EDIT)
            if r.params["message_id"] == str(prompt["id"]) and r.status == 200
        ]

    [edit] = await eventually(edited)
    footer = edit.body["embeds"][0]["footer"]["text"]
    assert plain(footer) == "État : contact pris"
    [case] = await bot.services.cases.open_cases_of(cohort.id, lea)
    assert case.contacted_at is not None


async def test_a_coordinator_reads_the_overview_and_the_figures_in_english(running, scene, sandbox):
    cohort, _, _ = await learner_with_a_case(running, scene, sandbox)
    link = await dashboard_link(scene, scene.owner_id, locale="en-US")
    async with chromium() as browser:
        page = await browser.new_page(locale="en-US")
        await page.goto(link)
        await page.get_by_role("button", name="Open the dashboard").click()
        await page.wait_for_url(link.split("/enter/")[0] + "/")
        assert await page.locator("h1").inner_text() == "Overview"
        assert "Each tutor's load" in await page.locator("main").inner_text()
        assert await page.evaluate(AUDIT) == []
        await page.get_by_role("link", name="Coordination figures").click()
        assert await page.locator("h1").inner_text() == "Coordination figures"
        assert await page.evaluate(AUDIT) == []
        await page.goto(f"{link.split('/enter/')[0]}/cohort/{cohort.id}?flag=open_case")
        assert await page.locator("table.learners tbody tr").count() == 1
        assert await page.evaluate(AUDIT) == []
        await page.get_by_role("button", name="Log out").click()
        assert await page.locator("h1").inner_text() == "Signed out"
