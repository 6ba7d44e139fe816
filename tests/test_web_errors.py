"""The web view's answers when something is wrong, each with the security headers: ids too big
for the database are a page not found, an unexpected error is a page in the reader's language
(its traceback logged, never shown), and aiohttp's own 404 and 405 keep their status."""

from __future__ import annotations

from tests.cohort_steps import configure, create_cohort
from tests.web_steps import (
    client,
    csrf_of,
    dashboard_link,
    enter,
    learner_with_a_case,
    signed_in,
)

TOO_BIG = ("99999999999999999999", str(2**63))  # 20 digits; one past a signed 64-bit integer


def assert_guarded(answer) -> None:
    headers = answer.headers
    assert "default-src 'none'" in headers.get("Content-Security-Policy", ""), answer.url
    assert headers.get("X-Content-Type-Options") == "nosniff", answer.url
    assert headers.get("Referrer-Policy") == "no-referrer", answer.url
    assert headers.get("Cache-Control") == "no-store", answer.url


async def test_ids_too_big_for_the_database_are_not_found(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{lea}") as page:
            token = csrf_of(await page.text())
        for big in TOO_BIG:
            for path in (
                f"/cohort/{cohort.id}/learner/{big}",
                f"/cohort/{cohort.id}/learner/{big}/chart.svg",
                f"/cohort/{big}",
                f"/cohort/{big}/contacts.csv",
                f"/cohort/{big}/cases.csv",
                f"/cohort/{big}/learner/{lea}",
            ):
                async with session.get(base + path) as page:
                    assert page.status == 404, path
                    assert_guarded(page)
                    assert "Cette page n&#39;existe pas" in await page.text(), path
            for path, form in (
                (f"/cohort/{cohort.id}/case/{big}", {"action": "contacted"}),
                (f"/cohort/{big}/case/{case.id}", {"action": "contacted"}),
                (f"/cohort/{cohort.id}/learner/{big}/note", {"kind": "note", "note": "x"}),
            ):
                async with session.post(base + path, data={"csrf": token, **form}) as answer:
                    assert answer.status == 404, path
                    assert_guarded(answer)
    [still] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    assert still.contacted_at is None


async def test_an_unexpected_error_is_a_page_in_the_readers_language(
    running, scene, sandbox, monkeypatch
):
    await configure(scene)
    await create_cohort(scene)

    async def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(running.bot.services.desk_pages, "overview", broken)
    french, base = await signed_in(scene, scene.tutor_id)
    english = client()
    await enter(english, await dashboard_link(scene, scene.tutor_id, locale="en-US"))
    for session, said in ((french, "Une erreur inattendue"), (english, "An unexpected error")):
        async with session, session.get(base + "/") as page:
            body = await page.text()
            assert page.status == 500
            assert_guarded(page)
            assert said in body and "Traceback" not in body
            assert "RuntimeError" not in body and "secret detail" not in body
    logged = running.errors.records
    assert [r.exc_info[0] for r in logged] == [RuntimeError, RuntimeError]
    assert all(r.name == "web.app" for r in logged)
    logged.clear()  # expected: the fixture fails a test on any error logged


async def test_aiohttps_own_not_found_and_method_not_allowed_keep_their_status(
    running, scene, sandbox
):
    await configure(scene)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(base + "/nowhere") as page:
            assert page.status == 404
            assert_guarded(page)
        async with session.put(base + "/") as page:
            assert page.status == 405
            assert_guarded(page)
        async with session.get(base + "/") as page:
            token = csrf_of(await page.text())
        async with session.post(base + "/logout", data={"csrf": token}) as out:
            assert out.history[0].status == 303  # a redirect, guarded too
            assert_guarded(out.history[0])
