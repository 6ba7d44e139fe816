"""Moodle's web services (REST, JSON), for institutions without an LRS.

Every call is a POST to {moodle}/webservice/rest/server.php with the token in the body (never
in a URL that could be logged). Moodle answers errors with HTTP 200 and a body such as
{"exception": "moodle_exception", "errorcode": "invalidtoken", "message": "..."}.

What it reads becomes statement-shaped records (an id that names the fact, an actor, a verb,
a time) so that the same service counts them once, whatever the source:
- core_enrol_get_enrolled_users: each learner's last access to the course (logged in);
- core_completion_get_activities_completion_status: activities completed;
- mod_assign_get_assignments / mod_assign_get_submissions: submissions, and the assignments'
  due dates (checkpoints).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp

from sources.http import json_of
from tutorat.platform import SourceError

VERBS = {
    "access": "https://w3id.org/xapi/adl/verbs/logged-in",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "submitted": "http://adlnet.gov/expapi/verbs/submitted",
}
AUTH_CODES = {"invalidtoken", "accessexception", "nopermissions", "requireloginerror"}


def _when(seconds: object) -> str | None:
    if not isinstance(seconds, int) or seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat()


class MoodleSource:
    name = "moodle"

    def __init__(self, url: str, token: str, *, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self._token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout)

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
        body = await json_of(session, "POST", url, function, data=form)
        if isinstance(body, dict) and "exception" in body:
            code = str(body.get("errorcode", ""))
            reason = "auth" if code in AUTH_CODES else "refused"
            raise SourceError(reason, f"{function}: {code}")
        return body

    def _record(self, fact: str, user: dict, verb: str, when: str | None) -> dict | None:
        if when is None:
            return None
        email = user.get("email")
        actor = (
            {"mbox": f"mailto:{email}"}
            if email
            else {"account": {"homePage": self.url, "name": str(user["id"])}}
        )
        return {
            "id": f"moodle:{fact}",
            "actor": actor,
            "verb": {"id": VERBS[verb]},
            "timestamp": when,
        }

    async def statements(self, since: datetime | None, scope: str) -> AsyncIterator[list]:
        """What the course `scope` (its id) reports, as records; `since` is not a filter
        Moodle offers on these functions: each fact's id keeps it from counting twice."""
        if not scope.isdigit():
            raise SourceError("refused", "no course id")
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            users = await self.call(session, "core_enrol_get_enrolled_users", courseid=scope)
            if not isinstance(users, list):
                raise SourceError("malformed", "core_enrol_get_enrolled_users")
            by_id = {u["id"]: u for u in users if isinstance(u, dict) and "id" in u}
            yield [
                r
                for u in by_id.values()
                if (r := self._record(
                    f"{scope}:access:{u['id']}:{u.get('lastcourseaccess')}",
                    u,
                    "access",
                    _when(u.get("lastcourseaccess")),
                ))
            ]  # fmt: skip
            for user in by_id.values():
                yield await self._completions(session, scope, user)
            yield await self._submissions(session, scope, by_id)

    async def _completions(self, session, scope: str, user: dict) -> list:
        body = await self.call(
            session,
            "core_completion_get_activities_completion_status",
            courseid=scope,
            userid=user["id"],
        )
        if not isinstance(body, dict) or not isinstance(body.get("statuses"), list):
            raise SourceError("malformed", "core_completion_get_activities_completion_status")
        records = []
        for status in body["statuses"]:
            if status.get("state") in (1, 2):  # complete, complete and passed
                fact = f"{scope}:completed:{user['id']}:{status.get('cmid')}"
                record = self._record(fact, user, "completed", _when(status.get("timecompleted")))
                if record:
                    records.append(record)
        return records

    async def assignments(self, session, scope: str) -> list[dict]:
        body = await self.call(session, "mod_assign_get_assignments", courseids=[scope])
        if not isinstance(body, dict) or not isinstance(body.get("courses"), list):
            raise SourceError("malformed", "mod_assign_get_assignments")
        return [a for course in body["courses"] for a in course.get("assignments", [])]

    async def checkpoints(self, scope: str) -> list[tuple[str, str, datetime]]:
        """The course's assignments with a due date: (fact id, name, due)."""
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            found = await self.assignments(session, scope)
        return [
            (
                f"moodle:{scope}:assign:{a['id']}",
                a["name"],
                datetime.fromtimestamp(a["duedate"], UTC),
            )
            for a in found
            if isinstance(a.get("duedate"), int) and a["duedate"] > 0
        ]

    async def _submissions(self, session, scope: str, users: dict) -> list:
        ids = [a["id"] for a in await self.assignments(session, scope)]
        if not ids:
            return []
        body = await self.call(session, "mod_assign_get_submissions", assignmentids=ids)
        if not isinstance(body, dict) or not isinstance(body.get("assignments"), list):
            raise SourceError("malformed", "mod_assign_get_submissions")
        records = []
        for assignment in body["assignments"]:
            for sub in assignment.get("submissions", []):
                user = users.get(sub.get("userid"))
                if user is None or sub.get("status") != "submitted":
                    continue
                fact = f"{scope}:submitted:{assignment['assignmentid']}:{user['id']}"
                record = self._record(fact, user, "submitted", _when(sub.get("timemodified")))
                if record:
                    record["object"] = {"id": f"moodle:{scope}:assign:{assignment['assignmentid']}"}
                    records.append(record)
        return records
