"""The web view's handlers: read the request, call one service method, render a template."""

from __future__ import annotations

from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web

from tutorat.desk import SESSION_LIFE
from tutorat.desk_rows import FLAGS, Query
from tutorat.warning.cases import FORM_KEYS, QUIET_WEEKS_MAX
from web.kept import KeptPages
from web.rows import RenderedRows
from web.wiring import COOKIE, WIRING, Wiring
from web.words import LANG, VISITOR

# a cohort's tables kept against what they are rendered from; their rows, rendered
RENDERED = web.AppKey("rendered", KeptPages)
ROWS = web.AppKey("rows", RenderedRows)


def _wiring(request: web.Request) -> Wiring:
    return request.app[WIRING]


def _context(request: web.Request):
    wiring = _wiring(request)
    visitor = request[VISITOR]
    return wiring, visitor, wiring.people.names(visitor.guild_id), wiring.clock.now()


async def door(request: web.Request) -> web.Response:
    """The link's page: one button opens the session. Opening the link alone does not use it
    (a link preview, a mail scanner only GET it)."""
    return aiohttp_jinja2.render_template(
        "enter.html", request, {"token": request.match_info["token"]}
    )


async def enter(request: web.Request) -> web.Response:
    """The one-time link, used: a session, then on to the overview."""
    wiring = _wiring(request)
    cookie = await wiring.desk.enter(
        request.match_info["token"], wiring.clock.now(), wiring.people.standing
    )
    response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(SESSION_LIFE.total_seconds()),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=wiring.secure,
    )
    return response


async def signed_out(request: web.Request) -> web.Response:
    return aiohttp_jinja2.render_template("signed_out.html", request, {})


async def logout(request: web.Request) -> web.Response:
    wiring = _wiring(request)
    await wiring.desk.leave(request.cookies.get(COOKIE), wiring.clock.now())
    response = web.Response(status=303, headers={"Location": "/signed-out"})
    response.del_cookie(COOKIE, path="/")
    return response


async def overview(request: web.Request) -> web.Response:
    wiring, visitor, names, now = _context(request)
    summaries = await wiring.pages.overview(visitor, names, now)
    return aiohttp_jinja2.render_template(
        "overview.html", request, {"summaries": summaries, "names": names, "now": now}
    )


async def cohort(request: web.Request) -> web.Response:
    wiring, visitor, names, now = _context(request)
    query = Query.read(dict(request.query))
    found, page, tutors = await wiring.pages.table(
        visitor, int(request.match_info["cohort"]), query, names, now
    )
    today = now.astimezone(found.zone).date()

    def now_days(since) -> int:
        return (now - since).days

    # what the page is rendered from, besides the visitor, the language and the address
    inputs = (found, page, tutors, today, [now_days(r.case_opened) for r in page.rows if r.case_id])
    key = (visitor, request[LANG], request.path_qs)
    response = request.app[RENDERED].get(key, inputs)
    if response is not None:
        return response
    rows_html = await request.app[ROWS].of(request, found, page.rows, now_days)
    response = aiohttp_jinja2.render_template(
        "cohort.html",
        request,
        {
            "cohort": found,
            "page": page,
            "rows_html": rows_html,
            "query": query,
            "tutors": tutors,
            "forms": list(FORM_KEYS),
            "flags": FLAGS,
            "today": today,
            "link": lambda **change: _link(request, change),
        },
    )
    request.app[RENDERED].keep(key, response, inputs)
    return response


def _link(request: web.Request, change: dict) -> str:
    """This page's address with some parameters changed (sorting, paging)."""
    params = {**request.query, **{k: str(v) for k, v in change.items()}}
    return str(request.rel_url.with_query({k: v for k, v in params.items() if v != ""}))


async def learner(request: web.Request) -> web.Response:
    wiring, visitor, names, now = _context(request)
    found = await wiring.pages.learner(
        visitor, int(request.match_info["cohort"]), int(request.match_info["user"]), names, now
    )
    refused = request.query.get("quiet_refused", "")[:20]  # a pause not set, said back
    return aiohttp_jinja2.render_template(
        "learner.html",
        request,
        {
            "p": found,
            "names": names,
            "now": now,
            "quiet_refused": refused,
            "quiet_most": QUIET_WEEKS_MAX,
        },
    )


async def timeline(request: web.Request) -> web.Response:
    """The chart in words, week by week (linked under the chart)."""
    wiring, visitor, names, now = _context(request)
    user_id = int(request.match_info["user"])
    cohort, weeks = await wiring.pages.timeline_text(
        visitor, int(request.match_info["cohort"]), user_id, now
    )
    return aiohttp_jinja2.render_template(
        "learner_timeline.html",
        request,
        {
            "cohort": cohort,
            "user_id": user_id,
            "who": names(user_id),
            "weeks": weeks,
            "platform": any(w.days_on_platform for w in weeks),
        },
    )


async def chart(request: web.Request) -> web.Response:
    wiring, visitor, names, now = _context(request)
    svg = await wiring.pages.chart(
        visitor, int(request.match_info["cohort"]), int(request.match_info["user"]), names, now
    )
    response = web.Response(text=svg, content_type="image/svg+xml")
    # an image document: its own inline styles, nothing else
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


async def act(request: web.Request) -> web.Response:
    wiring, visitor, _, now = _context(request)
    form = await request.post()
    cohort_id = int(request.match_info["cohort"])
    case, refused = await wiring.actions.act(
        visitor,
        cohort_id,
        int(request.match_info["case"]),
        str(form.get("action", "")),
        str(form.get("note", "")),
        now,
        str(form.get("quiet", "")),
        str(form.get("next_step", "")),
    )
    wiring.kick()  # the Discord prompt is edited now, not at the next flush
    query = {"done": case.id, **({"quiet_refused": refused} if refused else {})}
    address = f"/cohort/{cohort_id}/learner/{case.user_id}?{urlencode(query)}#case{case.id}"
    raise web.HTTPSeeOther(address)


async def note(request: web.Request) -> web.Response:
    wiring, visitor, _, now = _context(request)
    form = await request.post()
    cohort_id, user_id = int(request.match_info["cohort"]), int(request.match_info["user"])
    await wiring.actions.note(
        visitor, cohort_id, user_id, str(form.get("kind", "")), str(form.get("note", "")), now
    )
    raise web.HTTPSeeOther(f"/cohort/{cohort_id}/learner/{user_id}?noted=1#contacts")


def _csv(data: bytes, filename: str) -> web.Response:
    return web.Response(
        body=data,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def contacts_csv(request: web.Request) -> web.Response:
    wiring, visitor, names, _ = _context(request)
    cohort_id = int(request.match_info["cohort"])
    data = await wiring.actions.contacts_csv(visitor, cohort_id, names)
    return _csv(data, f"contacts-{cohort_id}.csv")


async def cases_csv(request: web.Request) -> web.Response:
    wiring, visitor, names, _ = _context(request)
    cohort_id = int(request.match_info["cohort"])
    data = await wiring.actions.cases_csv(visitor, cohort_id, names)
    return _csv(data, f"cas-{cohort_id}.csv")


async def figures(request: web.Request) -> web.Response:
    wiring, visitor, names, now = _context(request)
    tutors, effects, against = await wiring.actions.figures(visitor, list(FORM_KEYS), now)
    weeks = sorted({w for t in tutors for w in t.weekly})
    return aiohttp_jinja2.render_template(
        "figures.html",
        request,
        {
            "tutors": tutors,
            "effects": effects,
            "against": against,
            "weeks": weeks,
            "names": names,
        },
    )
