"""Steps shared by the web view's tests: a link from /tableau, a signed-in HTTP client, a
learner with an open case."""

from __future__ import annotations

import re

import aiohttp

from tests.cohort_steps import reply_text
from tests.test_warning import paris, prompts_to, quiet_learner

LINK = re.compile(r"https?://\S+/enter/[\w-]+")


async def dashboard_link(scene, user_id: int, locale: str = "fr") -> str:
    """The link /tableau answers with, privately."""
    answer = await scene.people.command(user_id, scene.help_channel_id, "tableau", locale=locale)
    found = LINK.search(reply_text(answer))
    assert found, reply_text(answer)
    return found.group(0)


async def enter(session: aiohttp.ClientSession, link: str) -> aiohttp.ClientResponse:
    """What a tutor does with the link: open it, then press its one button."""
    async with session.get(link) as door:
        assert door.status == 200, await door.text()
    async with session.post(link, allow_redirects=False) as entered:
        await entered.read()
        return entered


def client() -> aiohttp.ClientSession:
    """A browser-like HTTP client: keeps the 127.0.0.1 cookie, does not follow redirects."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def signed_in(scene, user_id: int) -> tuple[aiohttp.ClientSession, str]:
    link = await dashboard_link(scene, user_id)
    session = client()
    entered = await enter(session, link)
    assert entered.status == 303, entered.status
    return session, link.split("/enter/")[0]


async def learner_with_a_case(running, scene, sandbox):
    """Léa goes quiet; on 3 February her tutor's prompt arrives in DMs."""
    cohort, lea, coordination = await quiet_learner(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))
    [prompt] = prompts_to(sandbox, scene.tutor_id)
    return cohort, lea, prompt


async def act_on_case(session, base: str, cohort_id: int, lea: int, case_id: int, **fields):
    """A button pressed on a case from the learner's page (its CSRF token taken from there):
    the answer's status and text."""
    async with session.get(f"{base}/cohort/{cohort_id}/learner/{lea}") as page:
        token = csrf_of(await page.text())
    async with session.post(
        f"{base}/cohort/{cohort_id}/case/{case_id}", data={"csrf": token, **fields}
    ) as answer:
        return answer.status, await answer.text()


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
