"""Long lists in pages: a tutor with many deadlines, cases or accounts sees how many there
are and turns the pages; nothing is cut."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.cohort_steps import cohort_of, configure, create_cohort, is_ephemeral, reply_text
from tutorat.paging import pages


@given(st.lists(st.text(min_size=0, max_size=300), max_size=60), st.integers(50, 2000))
def test_pages_keep_every_line_in_order_within_the_limit(lines, limit):
    found = pages(lines, limit)
    assert all(len("\n".join(page)) <= limit for page in found)
    kept = [line for page in found for line in page]
    assert len(kept) == len(lines)
    for given_line, kept_line in zip(lines, kept, strict=True):
        assert kept_line == given_line or (len(given_line) > limit and kept_line.endswith("…"))


async def test_a_long_deadline_list_is_paged_with_its_count(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    cohort = await cohort_of(running.bot, scene)
    now = running.bot.clock.now()
    store = running.bot.services.presence.checkpoints
    names = [f"Devoir {i:02d} — synthèse de lecture et exercices du module" for i in range(60)]
    for i, name in enumerate(names):
        await store.add(cohort.id, name, now + timedelta(days=i + 1), now)

    listed = await scene.people.command(scene.tutor_id, scene.help_channel_id, "jalon", "liste")
    assert is_ephemeral(listed)
    first = reply_text(listed)
    assert first.startswith("60 éléments — page 1 sur ")
    total = int(first.split("\n")[0].rsplit(" ", 1)[1])
    assert total > 1
    buttons = listed.original["components"][0]["components"]
    assert [b["disabled"] for b in buttons] == [True, False]
    assert [b["label"] for b in buttons] == ["Page précédente", "Page suivante"]

    seen = [line for line in first.split("\n")[1:]]
    message = listed.original
    for page in range(2, total + 1):
        turned = await scene.people.click(
            scene.tutor_id, message, message["components"][0]["components"][1]["custom_id"]
        )
        assert turned.responses[0]["type"] == 7  # the same message, edited
        message = turned.payload["message"]
        content = message["content"]
        assert len(content) <= 2000
        assert content.startswith(f"60 éléments — page {page} sur {total}")
        seen += content.split("\n")[1:]
    assert message["components"][0]["components"][1]["disabled"] is True
    assert [name for name in names if not any(name in line for line in seen)] == []

    english = await scene.people.command(
        scene.tutor_id, scene.help_channel_id, "jalon", "liste", locale="en-US"
    )
    assert reply_text(english).startswith(f"60 items — page 1 of {total}")


async def test_a_short_list_is_one_message_without_buttons(running, scene):
    await configure(scene)
    await create_cohort(scene)
    cohort = await cohort_of(running.bot, scene)
    now = running.bot.clock.now()
    await running.bot.services.presence.checkpoints.add(
        cohort.id, "Devoir 1", now + timedelta(days=3), now
    )
    listed = await scene.people.command(scene.tutor_id, scene.help_channel_id, "jalon", "liste")
    assert "Devoir 1" in reply_text(listed) and "page" not in reply_text(listed)
    assert not listed.original.get("components")
