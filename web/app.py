"""The web view's application: routes, the session and CSRF checks, templates, security
headers. Each handler (web/pages.py) calls one service method and renders its answer."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from tutorat.errors import Refusal
from web import pages
from web.kept import KeptPages
from web.rows import RenderedRows
from web.wiring import COOKIE, WIRING, Wiring
from web.words import LANG, VISITOR, language_for, render_globals

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
OPEN_PATHS = ("/enter/", "/static/", "/signed-out")
KEPT = web.AppKey("kept", KeptPages)
STATUS = {
    "web.signed_out": 401,
    "web.link_unknown": 403,
    "web.link_used": 403,
    "web.link_expired": 403,
    "cohort.not_tutor": 403,
    "web.coordinators_only": 403,
    "web.not_found": 404,
    "web.bad_form": 403,
    "web.note_empty": 400,
    "error.database_unavailable": 503,  # the database is away: try again in a few minutes
}
# No script, no outside resource; the chart's SVG (an image) styles itself
POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
    " frame-ancestors 'none'; base-uri 'none'"
)
# the ids in addresses: a Discord snowflake or a row id fits a signed 64-bit integer (SQLite's
# INTEGER, PostgreSQL's BIGINT); a larger one names nothing
IDS = ("cohort", "user", "case")
LARGEST_ID = 2**63 - 1


@web.middleware
async def guarded(request: web.Request, handler):
    """Every page: the session, the tutor's rights again, the CSRF token on a POST; errors
    as a page in the reader's language (an unexpected one logged, its traceback never
    shown); security headers on every answer, aiohttp's own (404, 405, redirects) too."""
    wiring = request.app[WIRING]
    request[LANG] = language_for(None, request.headers.get("Accept-Language"))
    try:
        if not request.path.startswith(OPEN_PATHS):
            visitor = await wiring.desk.visitor(
                request.cookies.get(COOKIE), wiring.clock.now(), wiring.people.standing
            )
            request[VISITOR] = visitor
            request[LANG] = language_for(visitor.locale, request.headers.get("Accept-Language"))
            if request.method == "POST":
                form = await request.post()
                if not wiring.desk.csrf_holds(visitor, form.get("csrf")):
                    raise Refusal("web.bad_form")
            if any(int(request.match_info.get(name, 0)) > LARGEST_ID for name in IDS):
                raise Refusal("web.not_found")
        response = await _page(request, handler)
    except Refusal as refusal:
        response = aiohttp_jinja2.render_template(
            "refused.html",
            request,
            {**await render_globals(request), "refusal": refusal},
            status=STATUS.get(refusal.key, 403),
        )
        if refusal.key == "web.signed_out":
            response.del_cookie(COOKIE, path="/")
    except web.HTTPException as exc:  # aiohttp's answer (no such route or method, a redirect)
        _secured(request, exc.headers)
        raise
    except Exception:
        log.exception("web view: %s %s failed", request.method, request.path)
        response = await _failed(request)
    _secured(request, response.headers)
    return response


def _secured(request: web.Request, headers) -> None:
    """The security headers, on a response or on aiohttp's HTTPException."""
    if not request.path.startswith("/static/") and "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("Cache-Control", "no-store")


async def _failed(request: web.Request) -> web.Response:
    """An unexpected error, said in the reader's language; plain text if even that fails."""
    try:
        return aiohttp_jinja2.render_template(
            "failed.html", request, await render_globals(request), status=500
        )
    except Exception:
        log.exception("web view: the error page could not be rendered")
        return web.Response(status=500, text="500")


async def _page(request: web.Request, handler) -> web.StreamResponse:
    """A tutor's page, rendered again only once its data moved on (web/kept.py)."""
    visitor = request.get(VISITOR)
    if request.method != "GET" or visitor is None:
        return await handler(request)
    wiring = request.app[WIRING]
    user = request.match_info.get("user")  # a learner's page: kept until they are written about
    version = wiring.pages.version(wiring.clock.now(), int(user) if user else None)
    key = (visitor, request[LANG], request.path_qs, version)
    kept = request.app[KEPT]
    response = kept.get(key)
    if response is None:
        response = await handler(request)
        kept.keep(key, response)
    return response


def make_app(wiring: Wiring) -> web.Application:
    app = web.Application(middlewares=[guarded], client_max_size=64 * 1024)
    app[WIRING] = wiring
    app[KEPT] = KeptPages()
    app[pages.RENDERED] = KeptPages()
    app[pages.ROWS] = RenderedRows()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        context_processors=[render_globals],
        undefined=jinja2.StrictUndefined,
    )
    app.add_routes(
        [
            web.get(r"/enter/{token:[\w-]{20,100}}", pages.door),
            web.post(r"/enter/{token:[\w-]{20,100}}", pages.enter),
            web.get("/signed-out", pages.signed_out),
            web.post("/logout", pages.logout),
            web.get("/", pages.overview),
            web.get("/figures", pages.figures),
            web.get(r"/cohort/{cohort:\d{1,20}}", pages.cohort),
            web.get(r"/cohort/{cohort:\d{1,20}}/contacts.csv", pages.contacts_csv),
            web.get(r"/cohort/{cohort:\d{1,20}}/cases.csv", pages.cases_csv),
            web.get(r"/cohort/{cohort:\d{1,20}}/learner/{user:\d{1,20}}", pages.learner),
            web.get(r"/cohort/{cohort:\d{1,20}}/learner/{user:\d{1,20}}/chart.svg", pages.chart),
            web.get(r"/cohort/{cohort:\d{1,20}}/learner/{user:\d{1,20}}/timeline", pages.timeline),
            web.post(r"/cohort/{cohort:\d{1,20}}/learner/{user:\d{1,20}}/note", pages.note),
            web.post(r"/cohort/{cohort:\d{1,20}}/case/{case:\d{1,20}}", pages.act),
            web.static("/static", HERE / "static"),
        ]
    )
    return app
