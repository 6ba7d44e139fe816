"""Moodle's web services (REST, JSON), for institutions without an LRS, as a real Moodle 4.5
answers them (recorded in ../shared/data/moodle, replayed by tests/moodle_standin.py).

Every call is a POST to {moodle}/webservice/rest/server.php with the token in the body (never
in a URL that could be logged). Moodle answers most errors with HTTP 200 and a body such as
{"exception": "core\\exception\\moodle_exception", "errorcode": "invalidtoken", "message":
"..."}; CLI maintenance answers HTTP 503 with an HTML page. A refusal that names no error
comes as `warnings` beside an empty answer: they are read, never taken for "nothing there".

What it reads becomes statement-shaped records (an id that names the fact, an actor, a verb,
a time) so that the same service counts them once, whatever the source:
- core_enrol_get_enrolled_users: each learner's last access to the course (only the last one:
  no core web service reads the log; daily activity comes from logstore_xapi to an LRS);
- core_completion_get_activities_completion_status: activities completed, one call a learner,
  a few at once;
- mod_assign_get_assignments (includenotenrolledcourses=1: the web-service user is not
  enrolled) / mod_assign_get_submissions: the assignments' due dates (checkpoints) and who
  submitted when. Moodle 4.5 has no core function giving a submission's status and time
  without its content: the content is dropped as soon as the answer is read.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp

from sources.http import answer_of, parsed
from tutorat.platform import Check, SourceError

VERBS = {
    "access": "https://w3id.org/xapi/adl/verbs/logged-in",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "submitted": "http://adlnet.gov/expapi/verbs/submitted",
}
ENROLLED = "core_enrol_get_enrolled_users"
COMPLETION = "core_completion_get_activities_completion_status"
ASSIGNMENTS = "mod_assign_get_assignments"
SUBMISSIONS = "mod_assign_get_submissions"
FUNCTIONS = (ENROLLED, COMPLETION, ASSIGNMENTS, SUBMISSIONS)

# The capabilities the web-service role needs (found on a real Moodle 4.5, see the README).
CAPABILITIES = (
    "webservice/rest:use",
    "moodle/course:view",
    "moodle/course:viewparticipants",
    "moodle/user:viewdetails",
    "report/progress:view",
    "mod/assign:view",
    "mod/assign:viewgrades",
)
# Moodle's nopermissions message names a capability by its English description.
CAPABILITY_NAMES = {
    "Use REST protocol": "webservice/rest:use",
    "View courses without participation": "moodle/course:view",
    "View participants": "moodle/course:viewparticipants",
    "View user profiles": "moodle/user:viewdetails",
    "View activity completion reports": "report/progress:view",
    "View assignment": "mod/assign:view",
    "View grades": "mod/assign:viewgrades",
    "View hidden user fields": "moodle/course:viewhiddenuserfields",
}
# What a warning means, by function and item: the capability that was missing.
WARNING_CAPABILITY = {
    (ASSIGNMENTS, "course"): "moodle/course:view",
    (ASSIGNMENTS, "module"): "mod/assign:view",
    (SUBMISSIONS, "assignment"): "mod/assign:viewgrades",
    (SUBMISSIONS, "module"): "mod/assign:viewgrades",
}
CHUNK = 25  # learners whose completions make one page (and one mark to resume from)


class Page(list):
    """A page of records, and where a poll cut short may resume (`mark`)."""

    mark: str | None = None


def _when(seconds: object) -> str | None:
    if not isinstance(seconds, int) or seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat()


def plain(message: str, limit: int = 300) -> str:
    """Moodle's own message as one line of text (its HTML tags and page head dropped)."""
    message = re.sub(r"(?is)<(head|style|script)\b.*?</\1>", " ", message)
    message = re.sub(r"<[^>]*>", " ", message)
    message = " ".join(message.replace("&nbsp;", " ").split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def error_of(function: str, body: dict) -> SourceError:
    """A Moodle exception body -> what went wrong, said so that a tutor can act on it."""
    kind = str(body.get("exception", "")).rsplit("\\", 1)[-1]
    code = str(body.get("errorcode", ""))
    message = plain(str(body.get("message", "")))
    facts = {"function": function, "message": message}
    detail = f"{function}: {kind}/{code}"
    if code in ("dbconnectionfailed", "sitemaintenance") or kind == "dml_connection_exception":
        return SourceError("unavailable", detail, "platform.moodle.unavailable", **facts)
    if code == "invalidtoken":
        return SourceError("auth", detail, "platform.moodle.token", **facts)
    if kind == "webservice_access_exception" or code == "accessexception":
        return SourceError("setup", detail, "platform.moodle.function", **facts)
    if code == "nopermissions" or kind == "required_capability_exception":
        named = re.search(r"\(([^()]*)\)\.?\s*$", message)
        described = named.group(1) if named else ""
        capability = CAPABILITY_NAMES.get(described, described)
        return SourceError(
            "setup", detail, "platform.moodle.capability", capability=capability, **facts
        )
    if code in ("requireloginerror", "errorcoursecontextnotvalid"):
        return SourceError("setup", detail, "platform.moodle.course_access", **facts)
    if code == "invalidrecord" and "external_functions" in message:
        return SourceError("setup", detail, "platform.moodle.no_function", **facts)
    if code == "invalidrecord" and "table course" in message:
        return SourceError("refused", detail, "platform.moodle.no_course", **facts)
    return SourceError("refused", detail, "platform.moodle.refused", **facts)


def warning_error(function: str, warnings: list) -> SourceError:
    """Warnings beside an answer: Moodle left something out (a capability is missing)."""
    first = warnings[0] if isinstance(warnings[0], dict) else {}
    capability = WARNING_CAPABILITY.get((function, str(first.get("item", ""))), "")
    return SourceError(
        "setup",
        f"{function}: warning {first.get('warningcode')}",
        "platform.moodle.warning",
        function=function,
        capability=capability or ", ".join(CAPABILITIES[1:]),
        message=plain(str(first.get("message", ""))),
    )


def submission_facts(body: object) -> list[tuple[int, int, str, int]]:
    """mod_assign_get_submissions' answer -> (assignment, user, status, time modified) only:
    the learners' written work (`plugins`) is dropped here, never passed on."""
    if not isinstance(body, dict) or not isinstance(body.get("assignments"), list):
        raise SourceError("malformed", SUBMISSIONS)
    facts = []
    for assignment in body["assignments"]:
        for sub in assignment.get("submissions", []):
            facts.append(
                (
                    assignment.get("assignmentid"),
                    sub.get("userid"),
                    str(sub.get("status", "")),
                    sub.get("timemodified"),
                )
            )
        assignment.pop("submissions", None)
    return facts


class MoodleSource:
    name = "moodle"
    resumable = True

    def __init__(
        self, url: str, token: str, *, timeout: float = 30.0, concurrency: int = 4
    ) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.concurrency = max(1, concurrency)

    def __repr__(self) -> str:  # never the token
        return f"MoodleSource({self.url!r})"

    async def call(self, session: aiohttp.ClientSession, function: str, **params) -> object:
        form = {"wstoken": self._token, "wsfunction": function, "moodlewsrestformat": "json"}
        for name, value in params.items():
            if isinstance(value, list):
                form |= {f"{name}[{i}]": str(v) for i, v in enumerate(value)}
            else:
                form[name] = str(value)
        url = self.url + "/webservice/rest/server.php"
        status, raw = await answer_of(session, "POST", url, data=form)
        if status == 503:  # CLI maintenance: an HTML page
            text = raw.decode("utf-8", errors="replace")
            return self._raise(
                SourceError(
                    "unavailable",
                    f"{function}: HTTP 503",
                    "platform.moodle.unavailable",
                    function=function,
                    message=plain(text),
                )
            )
        if status != 200:
            reason = "server" if status >= 500 else "refused"
            return self._raise(SourceError(reason, f"{function}: HTTP {status}"))
        body = parsed(raw, function)
        if isinstance(body, dict) and "exception" in body:
            return self._raise(error_of(function, body))
        if isinstance(body, dict) and body.get("warnings"):
            return self._raise(warning_error(function, body["warnings"]))
        return body

    @staticmethod
    def _raise(error: SourceError):
        raise error

    def _record(self, fact: str, user: dict, verb: str, when: str | None) -> dict | None:
        if when is None:
            return None
        actor: dict = {"account": {"homePage": self.url, "name": str(user["id"])}}
        if user.get("email"):  # shown when the role has moodle/course:useremail
            actor["mbox"] = f"mailto:{user['email']}"
        return {
            "id": f"moodle:{fact}",
            "actor": actor,
            "verb": {"id": VERBS[verb]},
            "timestamp": when,
        }

    async def enrolled(self, session, scope: str) -> dict[int, dict]:
        users = await self.call(session, ENROLLED, courseid=scope)
        if not isinstance(users, list):
            raise SourceError("malformed", ENROLLED)
        return {
            u["id"]: {"id": u["id"], "email": u.get("email"), "last": u.get("lastcourseaccess")}
            for u in users
            if isinstance(u, dict) and isinstance(u.get("id"), int)
        }

    async def statements(
        self, since: datetime | None, scope: str, resume: str | None = None
    ) -> AsyncIterator[list]:
        """What the course `scope` (its id) reports, as records; `since` is not a filter
        Moodle offers on these functions: each fact's id keeps it from counting twice.
        `resume` (a page's mark) skips the learners whose completions were already read."""
        if not scope.isdigit():
            raise SourceError("refused", "no course id", "platform.moodle.no_course_id")
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            by_id = await self.enrolled(session, scope)
            yield Page(
                r
                for u in by_id.values()
                if (r := self._record(
                    f"{scope}:access:{u['id']}:{u['last']}", u, "access", _when(u["last"])
                ))
            )  # fmt: skip
            after = int(resume) if resume and resume.isdigit() else -1
            waiting = [u for uid, u in sorted(by_id.items()) if uid > after]
            gate = asyncio.Semaphore(self.concurrency)

            async def one(user: dict) -> list:
                async with gate:
                    return await self._completions(session, scope, user)

            for start in range(0, len(waiting), CHUNK):
                chunk = waiting[start : start + CHUNK]
                page = Page(r for found in await asyncio.gather(*map(one, chunk)) for r in found)
                page.mark = str(chunk[-1]["id"])
                yield page
            yield await self._submissions(session, scope, by_id)

    async def _completions(self, session, scope: str, user: dict) -> list:
        body = await self.call(session, COMPLETION, courseid=scope, userid=user["id"])
        if not isinstance(body, dict) or not isinstance(body.get("statuses"), list):
            raise SourceError("malformed", COMPLETION)
        records = []
        for status in body["statuses"]:
            if status.get("istrackeduser") is False:
                continue
            if status.get("state") in (1, 2):  # complete, complete and passed
                fact = f"{scope}:completed:{user['id']}:{status.get('cmid')}"
                record = self._record(fact, user, "completed", _when(status.get("timecompleted")))
                if record:
                    records.append(record)
        return records

    async def assignments(self, session, scope: str) -> list[dict]:
        body = await self.call(session, ASSIGNMENTS, courseids=[scope], includenotenrolledcourses=1)
        if not isinstance(body, dict) or not isinstance(body.get("courses"), list):
            raise SourceError("malformed", ASSIGNMENTS)
        return [
            {
                "id": a["id"],
                "name": str(a.get("name", "")),
                "duedate": a.get("duedate"),
                "grade": a.get("grade"),
            }
            for course in body["courses"]
            for a in course.get("assignments", [])
            if isinstance(a, dict) and isinstance(a.get("id"), int)
        ]

    async def checkpoints(self, scope: str) -> list[tuple[str, str, datetime, float | None]]:
        """The course's assignments with a due date: (fact id, name, due, weight)."""
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            found = await self.assignments(session, scope)
        return [
            (
                f"moodle:{scope}:assign:{a['id']}",
                a["name"],
                datetime.fromtimestamp(a["duedate"], UTC),
                assignment_weight(a),
            )
            for a in found
            if isinstance(a.get("duedate"), int) and a["duedate"] > 0
        ]

    async def _submissions(self, session, scope: str, users: dict) -> list:
        ids = [a["id"] for a in await self.assignments(session, scope)]
        if not ids:
            return []
        facts = await self._submitted_facts(session, ids)
        records = []
        for assignment_id, user_id, status, modified in facts:
            user = users.get(user_id)
            if user is None or status != "submitted":
                continue
            fact = f"{scope}:submitted:{assignment_id}:{user_id}"
            record = self._record(fact, user, "submitted", _when(modified))
            if record:
                record["object"] = {"id": f"moodle:{scope}:assign:{assignment_id}"}
                records.append(record)
        return records

    async def check(self, scope: str) -> Check:
        """The connection tried at once: the site and the course, then one call of each
        function. What is missing is gathered, not raised; a token refused or a site down
        stops the check (every call would say the same)."""
        found = Check()
        if not scope.isdigit():
            found.problems.append(
                SourceError("refused", "no course id", "platform.moodle.no_course_id")
            )
            return found
        async with aiohttp.ClientSession(timeout=self.timeout) as session:

            async def attempt(call):
                try:
                    return await call
                except SourceError as exc:
                    found.problems.append(exc)
                    return None

            users = await attempt(self.enrolled(session, scope))
            if found.problems and found.problems[0].reason in ("auth", "unavailable", "down"):
                return found
            if found.problems and found.problems[0].says == "platform.moodle.no_course":
                return found
            if users is not None:
                found.learners = len(users)
                found.emails = any(u.get("email") for u in users.values())
                if users and all(u["last"] is None for u in users.values()):
                    found.problems.append(  # the site hides last access from this role
                        SourceError(
                            "setup",
                            f"{ENROLLED}: no lastcourseaccess",
                            "platform.moodle.hidden_access",
                            capability="moodle/course:viewhiddenuserfields",
                        )
                    )
            someone = next(iter(sorted(users or {})), None)
            if someone is not None:
                await attempt(self._completions(session, scope, users[someone]))
            assignments = await attempt(self.assignments(session, scope))
            if assignments is not None:
                found.assignments = len(assignments)
            if assignments:
                first = [assignments[0]["id"]]
                await attempt(self._submitted_facts(session, first))
        return found

    async def _submitted_facts(self, session, ids: list[int]) -> list:
        return submission_facts(await self.call(session, SUBMISSIONS, assignmentids=ids))


def assignment_weight(assignment: dict) -> float | None:
    """What Moodle's grade settings say of an assignment's weight: none (grade type « None »,
    `grade` 0) makes it formative, 0; otherwise not said here (the course total's weights are
    the gradebook's), None."""
    return 0.0 if assignment.get("grade") == 0 else None
