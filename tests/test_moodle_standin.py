"""The stand-in held to the real Moodle: every response recorded from Moodle 4.5
(tests/fixtures/moodle45, a copy of ../shared/data/moodle) is what the stand-in answers, byte
for byte, to the same request on the same set-up; over HTTP too (status, Content-Type)."""

from __future__ import annotations

import json

import aiohttp
import pytest

from sandbox import lrs
from tests.moodle_standin import DOCUMENTED, RECORDED, SERVICE, TOKEN, MoodleStandIn

SITE = "http://127.0.0.1:8791"  # the recorded Moodle's address, in its image links


def recorded_requests() -> list[tuple[str, dict, str, int, str]]:
    """(name, form, file, status, content type) for every recorded request."""
    cases = []
    for n, entry in enumerate(json.loads((RECORDED / "_requests.json").read_text())):
        params, function = entry["params"], entry["function"]
        if function == "core_completion_get_activities_completion_status":
            file = f"{function}.{params['userid']}.json"
        elif function == "mod_assign_get_assignments" and "includenotenrolledcourses" in params:
            file = f"{function}.includenotenrolledcourses.json"
        else:
            file = f"{function}.json"
        name = f"{n:02d}-{entry['variant']}-{function}"
        cases.append((name, params, file, entry["http_status"], entry["content_type"]))
    for entry in json.loads((RECORDED / "errors" / "_index.json").read_text()):
        params = dict(entry["params"]) | {"_method": entry["method"]}
        cases.append(
            (
                entry["name"],
                params,
                f"errors/{entry['file']}",
                entry["http_status"],
                entry["content_type"],
            )
        )
    return cases


def set_up(standin: MoodleStandIn, name: str, form: dict) -> dict:
    """The recorded site's set-up for this case; the form with the real token (or a wrong
    one, where the recording was of a token refused)."""
    standin.site = SITE
    rest = {"webservice/rest:use"}
    if name.startswith("readme-caps-no-rest-use"):
        standin.capabilities = set(DOCUMENTED)
    elif name.startswith("readme-caps+course-view"):
        standin.capabilities = DOCUMENTED | rest | {"moodle/course:view"}
    elif name.startswith("readme-caps"):
        standin.capabilities = DOCUMENTED | rest
    elif name.startswith("function-not-in-service"):
        standin.functions = set(SERVICE) - {"core_completion_get_activities_completion_status"}
    elif name.startswith("maintenance-mode"):
        standin.maintenance = "cli"
    elif name.startswith("site-maintenance-setting"):
        standin.maintenance = "setting"
    elif name.startswith("database-down"):
        standin.database_down = True
    form = {k: v for k, v in form.items() if k != "_method"}
    if "wstoken" in form:
        form["wstoken"] = "not-a-token" if "invalidtoken" in name else TOKEN
    return form


CASES = recorded_requests()


def test_every_recorded_file_is_checked():
    files = {case[2] for case in CASES}
    on_disk = {p.name for p in RECORDED.glob("*.json") if not p.name.startswith("_")}
    on_disk |= {
        f"errors/{p.name}" for p in (RECORDED / "errors").iterdir() if not p.name.startswith("_")
    }
    # the completion file without a user is the copy of student1's (.4)
    assert on_disk - files == {"core_completion_get_activities_completion_status.json"}
    assert len([c for c in CASES if c[2].startswith("errors/")]) == 30
    copy = RECORDED / "core_completion_get_activities_completion_status.json"
    assert copy.read_bytes() == (copy.with_name(copy.stem + ".4.json")).read_bytes()


@pytest.mark.parametrize(("name", "form", "file", "status", "content_type"), CASES)
def test_the_standin_answers_what_moodle_answered(name, form, file, status, content_type):
    standin = MoodleStandIn()
    form = set_up(standin, name, form)
    got_status, got_type, body = standin.respond(form)
    expected = (RECORDED / file).read_bytes()
    assert (got_status, got_type) == (status, content_type)
    assert body.decode() == expected.decode()


async def test_over_http_get_and_post_answer_alike_with_the_recorded_status_and_type():
    standin = await MoodleStandIn().start(lrs.free_port())
    standin.site = SITE
    try:
        form = {
            "wstoken": TOKEN,
            "wsfunction": "core_enrol_get_enrolled_users",
            "moodlewsrestformat": "json",
            "courseid": "2",
        }
        url = standin.url + "/webservice/rest/server.php"
        expected = (RECORDED / "core_enrol_get_enrolled_users.json").read_bytes()
        async with aiohttp.ClientSession() as session:
            async with session.post(url, data=form) as posted:
                assert (posted.status, posted.content_type) == (200, "application/json")
                assert await posted.read() == expected
            async with session.get(url, params=form) as got:
                assert await got.read() == expected
            standin.maintenance = "cli"
            async with session.post(url, data=form) as down:
                assert (down.status, down.content_type) == (503, "text/html")
    finally:
        await standin.stop()
