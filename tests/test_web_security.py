"""The web view's doors, each a test: the link (10 minutes, once, the tutor's own), the
session cookie (signed, HttpOnly, SameSite=Strict), the rights checked again at each page,
the cohort and learner ids in URLs, CSRF, escaping, and a burst of link requests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.harness import Scene, enrolment_done
from tests.cohort_steps import configure, create_cohort, enrol, reply_text
from tests.web_steps import (
    client,
    csrf_of,
    dashboard_link,
    enter,
    learner_with_a_case,
    signed_in,
)


async def test_a_tutor_opens_the_link_and_sees_the_overview(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(base + "/") as page:
            body = await page.text()
            assert page.status == 200, body
            assert "Janvier 2027" in body and "Vue d&#39;ensemble" in body
            assert "script" not in page.headers["Content-Security-Policy"]


async def test_a_link_used_twice_opens_nothing_the_second_time(running, scene, sandbox):
    await configure(scene)
    link = await dashboard_link(scene, scene.tutor_id)
    async with client() as first, client() as second:
        async with first.get(link) as preview:  # a link preview only looks: nothing used
            assert preview.status == 200 and "tutorat_session" not in preview.cookies
        entered = await enter(first, link)
        assert entered.status == 303 and entered.headers["Location"] == "/"
        cookie = entered.cookies["tutorat_session"]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert cookie["max-age"] == str(8 * 3600) and cookie["path"] == "/"
        assert not cookie["secure"]  # the public address is http here
        async with second.post(link, allow_redirects=False) as again:
            assert again.status == 403
            assert "déjà servi" in await again.text()
            assert "tutorat_session" not in again.cookies


async def test_an_expired_link_opens_nothing(running, scene, sandbox):
    await configure(scene)
    link = await dashboard_link(scene, scene.tutor_id)
    running.bot.clock.set(running.bot.clock.now() + timedelta(minutes=10, seconds=1))
    async with client() as session, session.post(link, allow_redirects=False) as entered:
        assert entered.status == 403
        assert "expiré" in await entered.text()
        assert "tutorat_session" not in entered.cookies


async def test_a_forged_or_altered_cookie_is_refused(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        real = next(c.value for c in session.cookie_jar if c.key == "tutorat_session")
    sid, _, signature = real.partition(".")
    forged = [
        "anything",
        f"{sid}.{'0' * len(signature)}",
        f"{sid[:-1]}{'A' if sid[-1] != 'A' else 'B'}.{signature}",
        "",
    ]
    for value in forged:
        async with client() as other:
            other.cookie_jar.update_cookies({"tutorat_session": value})
            async with other.get(base + "/") as page:
                assert page.status == 401, value
                assert "Janvier 2027" not in await page.text()


async def test_a_learner_gets_no_link(running, scene, sandbox):
    await configure(scene)
    cohort = await running.bot.services.cohorts.cohorts.by_name(scene.guild_id, "x")
    assert cohort is None
    learner = await scene.people.join(scene.guild_id, "noe")
    answer = await scene.people.command(learner, scene.help_channel_id, "tableau")
    said = reply_text(answer)
    assert "/enter/" not in said and "équipe tutorale" in said


async def test_a_tutor_whose_role_is_removed_loses_the_page_at_the_next_click(
    running, scene, sandbox
):
    await configure(scene)
    await create_cohort(scene)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(base + "/") as page:
            assert page.status == 200
        await scene.people.set_roles(scene.guild_id, scene.tutor_id, [])
        bot = running.bot

        def role_gone() -> bool:
            member = bot.get_guild(scene.guild_id).get_member(scene.tutor_id)
            return scene.tutor_role_id not in [r.id for r in member.roles]

        from tests.harness import eventually

        await eventually(role_gone)
        async with session.get(base + "/") as page:
            assert page.status == 403
            assert "Janvier 2027" not in await page.text()


async def test_a_burst_of_link_requests_is_limited(running, scene, sandbox):
    await configure(scene)
    for _ in range(5):
        await dashboard_link(scene, scene.tutor_id)
    sixth = await scene.people.command(scene.tutor_id, scene.help_channel_id, "tableau")
    said = reply_text(sixth)
    assert "/enter/" not in said and "Trop de liens" in said
    running.bot.clock.set(running.bot.clock.now() + timedelta(minutes=11))
    assert "/enter/" in await dashboard_link(scene, scene.tutor_id)


async def test_a_post_without_its_csrf_token_changes_nothing(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    [case] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        url = f"{base}/cohort/{cohort.id}/case/{case.id}"
        for form in ({"action": "contacted"}, {"action": "contacted", "csrf": "forged"}):
            async with session.post(url, data=form, allow_redirects=False) as answer:
                assert answer.status == 403
                assert "rien n&#39;a été enregistré" in await answer.text()
        [still] = await running.bot.services.cases.open_cases_of(cohort.id, lea)
        assert still.contacted_at is None


@pytest.fixture
def other(sandbox) -> Scene:
    """Another server, with its own tutor (built before the bot starts: the bot is on it)."""
    return Scene.build(sandbox)


async def test_a_learner_of_another_cohort_or_server_is_not_found(other, running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    await configure(other)
    made = await create_cohort(
        other, "Autre serveur", demarrage="2027-03-01 09:00", fin="2027-06-25"
    )
    assert "Autre serveur" in reply_text(made), reply_text(made)
    bot = running.bot
    theirs = await bot.services.cohorts.cohorts.by_name(other.guild_id, "Autre serveur")
    sam = await enrol(other, theirs, "sam")
    await enrolment_done(bot, theirs.id, sam)
    session, base = await signed_in(other, other.tutor_id)
    async with session:
        for path in (
            f"/cohort/{cohort.id}",
            f"/cohort/{cohort.id}/learner/{lea}",
            f"/cohort/{cohort.id}/learner/{lea}/chart.svg",
            f"/cohort/{cohort.id}/contacts.csv",
            f"/cohort/{theirs.id}/learner/{lea}",  # their cohort, our learner
        ):
            async with session.get(base + path) as page:
                assert page.status == 404, path
                assert "Léa" not in await page.text()
        async with session.get(f"{base}/cohort/{theirs.id}/learner/{sam}") as page:
            assert page.status == 200
            token = csrf_of(await page.text())
        [case] = await bot.services.cases.open_cases_of(cohort.id, lea)
        for target in (
            f"/cohort/{cohort.id}/case/{case.id}",
            f"/cohort/{theirs.id}/case/{case.id}",
        ):
            async with session.post(
                base + target, data={"csrf": token, "action": "false_alarm"}
            ) as answer:
                assert answer.status == 404, target
        async with session.post(
            f"{base}/cohort/{cohort.id}/learner/{lea}/note",
            data={"csrf": token, "kind": "note", "note": "x"},
        ) as answer:
            assert answer.status == 404
        [still] = await bot.services.cases.open_cases_of(cohort.id, lea)
        assert still.outcome is None


async def test_names_and_notes_are_escaped(running, scene, sandbox):
    await configure(scene)
    await create_cohort(scene)
    bot = running.bot
    cohort = await bot.services.cohorts.cohorts.by_name(scene.guild_id, "Janvier 2027")
    odd = await enrol(scene, cohort, "<script>alert(1)</script>")
    await enrolment_done(bot, cohort.id, odd)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(f"{base}/cohort/{cohort.id}/learner/{odd}") as page:
            token = csrf_of(await page.text())
        note = '<img src=x onerror="alert(2)">'
        async with session.post(
            f"{base}/cohort/{cohort.id}/learner/{odd}/note",
            data={"csrf": token, "kind": "note", "note": note},
        ) as answer:
            assert answer.status == 200
        for path in (f"/cohort/{cohort.id}", f"/cohort/{cohort.id}/learner/{odd}"):
            async with session.get(base + path) as page:
                body = await page.text()
            assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body, path
            assert "<img src=x" not in body
        assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in body


async def test_nothing_a_learner_wrote_on_discord_is_shown(running, scene, sandbox):
    cohort, lea, _ = await learner_with_a_case(running, scene, sandbox)
    await scene.people.say(cohort.channel_id, lea, "Mon code secret est 4242")
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        for path in ("/", f"/cohort/{cohort.id}", f"/cohort/{cohort.id}/learner/{lea}"):
            async with session.get(base + path) as page:
                body = await page.text()
            assert "4242" not in body and "Bonjour" not in body, path


async def test_a_port_already_taken_stops_start_up_with_a_sentence():
    import socket

    from tutorat.config import WebSettings
    from web.server import WebServer, WebUnavailable
    from web.wiring import Wiring

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = WebServer(
            WebSettings(port=port), Wiring(None, None, None, None, None, lambda: None, False)
        )
        with pytest.raises(WebUnavailable, match=f"ne peut pas écouter sur 127.0.0.1:{port}"):
            await server.start()


async def test_logging_out_ends_the_session(running, scene, sandbox):
    await configure(scene)
    session, base = await signed_in(scene, scene.tutor_id)
    async with session:
        async with session.get(base + "/") as page:
            token = csrf_of(await page.text())
        kept = next(c.value for c in session.cookie_jar if c.key == "tutorat_session")
        async with session.post(base + "/logout", data={"csrf": token}) as out:
            assert out.status == 200 and "déconnecté·e" in await out.text()
    async with client() as again:  # the old cookie, kept by someone: refused
        again.cookie_jar.update_cookies({"tutorat_session": kept})
        async with again.get(base + "/") as page:
            assert page.status == 401


@pytest.mark.parametrize(
    "secure",
    [
        pytest.param(True, marks=pytest.mark.config(web={"public_url": "https://t.example.org/"})),
        pytest.param(False, marks=pytest.mark.config(web={"public_url": "http://t.example.org"})),
    ],
)
async def test_the_session_cookie_is_secure_when_the_public_address_is_https(
    secure, running, scene, sandbox
):
    await configure(scene)
    link = await dashboard_link(scene, scene.tutor_id)
    scheme = "https" if secure else "http"
    assert link.startswith(f"{scheme}://t.example.org/enter/")
    here = f"http://127.0.0.1:{running.bot.web.port}"  # what the proxy would forward to
    async with client() as session:
        entered = await enter(session, here + "/enter/" + link.split("/enter/")[1])
    assert entered.status == 303
    cookie = entered.cookies["tutorat_session"]
    assert bool(cookie["secure"]) is secure
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
