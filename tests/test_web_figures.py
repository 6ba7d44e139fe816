"""The coordinators' figures page over HTTP: its title, the comparison of contacted learners
with comparable learners not yet contacted (activity and questionnaire), decimals written
as the page's language writes them."""

from __future__ import annotations

import re

from tests.cohort_steps import configure, create_cohort
from tests.web_steps import signed_in

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
    assert main.count("<table>") == 4
