"""French typography: no line of the bot's breaks before a colon or inside guillemets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_kickoff import kickoff_post, ready_cohort
from tutorat import catalogues
from tutorat.typography import NBSP, NNBSP, loose_spaces, typeset


def test_every_french_sentence_has_its_no_break_spaces():
    loose = [p for p in catalogues.problems() if "ordinary space" in p]
    assert loose == []


def test_the_check_names_a_sentence_written_with_ordinary_spaces():
    assert loose_spaces("Noté : contact pris ! « Entretien fait »") == [":", "!", "»", "«"]
    assert loose_spaces(f"Noté{NBSP}: contact pris{NNBSP}!") == []
    assert loose_spaces("Bravo :tada: https://exemple.fr/a?b=1") == []  # emoji code, URL


def test_typeset_places_each_space_as_french_does():
    said = typeset("Noté : contact pris ; merci ! Et « Entretien fait » ?")
    assert said == (
        f"Noté{NBSP}: contact pris{NNBSP}; merci{NNBSP}! Et «{NNBSP}Entretien fait{NNBSP}»{NNBSP}?"
    )
    assert typeset("Bravo :tada:") == "Bravo :tada:"


@given(st.text(alphabet=" :;!?«»ab", max_size=30))
def test_typeset_leaves_nothing_loose_and_changes_only_spaces(sentence):
    said = typeset(sentence)
    assert loose_spaces(said) == []
    assert said.replace(NBSP, " ").replace(NNBSP, " ").replace(" ", "") == sentence.replace(" ", "")


async def test_the_kickoff_post_reaches_discord_with_no_break_spaces(running, scene, sandbox):
    cohort = await ready_cohort(running, scene)
    await running.bot.advance_to(cohort.kickoff_at)
    post = kickoff_post(sandbox, cohort)
    body = (post.get("content") or "") + "".join(
        (e.get("title") or "") + (e.get("description") or "") for e in post.get("embeds") or []
    )
    assert NBSP in body or NNBSP in body
    assert loose_spaces(body) == []
