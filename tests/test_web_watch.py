"""The watch list on the web view's overview: the learners waiting past the weekly cap, ranked,
with their strongest reason, each a link to their page (as /suivi veille says it)."""

from __future__ import annotations

import html

import pytest

from tests.cohort_steps import plain
from tests.test_warning import paris
from tests.test_watch_list import three_quiet_learners
from tests.web_steps import signed_in

pytestmark = pytest.mark.config(cases={"weekly_cap": 1})


async def test_the_overview_lists_who_waits_on_the_watch_list(running, scene, sandbox):
    cohort, (lea, tom, zoe) = await three_quiet_learners(running, scene, sandbox)
    await running.bot.advance_to(paris("2027-02-03T08:05"))  # one case; two wait past the cap
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(base + "/") as page:
            body = plain(html.unescape(await page.text()))
    watch = body[body.index("<h3>Liste de veille</h3>") :]
    watch = watch[: watch.index("</ol>")]
    links = [f'href="/cohort/{cohort.id}/learner/{u}"' for u in (tom, zoe)]
    assert all(link in watch for link in links)
    assert watch.index(links[0]) < watch.index(links[1])  # ranked as /suivi veille
    assert f"/learner/{lea}" not in watch  # she has her case
    assert "au-dessus du seuil" in watch and "en attente d'une place cette semaine" in watch
    assert "aucune activité depuis 21 jours de formation" in watch
