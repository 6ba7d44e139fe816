"""A stand-in for Moodle 4.5's REST web services, held to a real Moodle's answers
(tests/fixtures/moodle45, recorded from Moodle 4.5.5+; tests/test_moodle_standin.py checks
every recorded answer against this one, byte for byte).

POST (or GET) /webservice/rest/server.php with wstoken, wsfunction, moodlewsrestformat=json
(XML without it) and the function's parameters, PHP-style (`courseids[0]=2`). As Moodle does:
parameters validated (missing, unknown, a scalar for a list, `includenotenrolledcourses` only
0 or 1), errors as HTTP 200 with a namespaced exception class, refusals that are not errors
as `warnings` beside an empty answer, optional fields left out (`email` without
moodle/course:useremail), CLI maintenance as HTTP 503 and an HTML page. The site's set-up is
the stand-in's state: the web-service role's capabilities, the service's functions,
maintenance, a database down, a latency."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from aiohttp import web

from tests.moodle_course import Course, recorded

RECORDED = Path(__file__).resolve().parent / "fixtures" / "moodle45"
TOKEN = "0123456789abcdef0123456789abcdef"

SERVICE = (
    "core_enrol_get_enrolled_users",
    "core_completion_get_activities_completion_status",
    "mod_assign_get_assignments",
    "mod_assign_get_submissions",
)
NEEDED = {  # what the README asks of the web-service role
    "webservice/rest:use",
    "moodle/course:view",
    "moodle/course:viewparticipants",
    "moodle/user:viewdetails",
    "report/progress:view",
    "mod/assign:view",
    "mod/assign:viewgrades",
    "moodle/course:useremail",
}
# The capabilities of the recorded role ("tutoratws"): what the old README listed, with
# webservice/rest:use and the ones found necessary.
DOCUMENTED = {
    "moodle/user:viewdetails",
    "moodle/user:viewhiddendetails",
    "moodle/course:useremail",
    "moodle/user:update",
    "moodle/site:accessallgroups",
}
RECORDED_ROLE = DOCUMENTED | NEEDED
EXISTING = (
    *SERVICE,
    "core_webservice_get_site_info",
    "mod_assign_get_submission_status",
    "mod_assign_list_participants",
)
# (description Moodle prints in nopermissions, the capability)
CAPABILITY_TEXT = {
    "moodle/course:viewparticipants": "View participants",
    "report/progress:view": "View activity completion reports",
    "moodle/user:viewdetails": "View user profiles",
}
# Each function's parameters: name -> (kind, required): int, bool, list of int, options
PARAMETERS = {
    "core_enrol_get_enrolled_users": {"courseid": ("int", True), "options": ("options", False)},
    "core_completion_get_activities_completion_status": {
        "courseid": ("int", True),
        "userid": ("int", True),
    },
    "mod_assign_get_assignments": {
        "courseids": ("ints", False),
        "capabilities": ("strings", False),
        "includenotenrolledcourses": ("bool", False),
    },
    "mod_assign_get_submissions": {
        "assignmentids": ("ints", True),
        "status": ("alpha", False),
        "since": ("int", False),
        "before": ("int", False),
    },
}
# core_enrol_get_enrolled_users' declared fields, in order (XML shows the absent ones null)
USER_FIELDS = (
    "id username firstname lastname fullname email address phone1 phone2 department"
    " institution idnumber interests firstaccess lastaccess lastcourseaccess description"
    " descriptionformat city country profileimageurlsmall profileimageurl customfields groups"
    " roles preferences enrolledcourses"
).split()


class Refused(Exception):
    def __init__(self, exception: str, errorcode: str, message: str) -> None:
        super().__init__(errorcode)
        self.body = {"exception": exception, "errorcode": errorcode, "message": message}


def invalid_parameter() -> Refused:
    return Refused(
        "core\\exception\\invalid_parameter_exception",
        "invalidparameter",
        "Invalid parameter value detected",
    )


def php_json(value) -> str:
    """As Moodle's REST server writes it: PHP's json_encode (compact, `/` escaped, non-ASCII
    as \\u escapes), then a new line."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/") + "\n"


def nested(form: dict[str, str]) -> dict:
    """PHP's reading of `a[0][name]=x`, `a[]=y` into nested dictionaries."""
    found: dict = {}
    for key, value in form.items():
        match = re.fullmatch(r"([^\[\]]+)((?:\[[^\[\]]*\])*)", key)
        if match is None:
            continue
        path = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        where = found
        for i, part in enumerate(path[:-1]):
            if not isinstance(where.get(part), dict):
                where[part] = {}
            where = where[part]
            if path[i + 1] == "":
                path[i + 1] = str(len(where))
        where[path[-1]] = value
    return found


def _int(value) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value.strip()):
        raise invalid_parameter()
    return int(value)


def validated(function: str, given: dict) -> dict:
    """Moodle's validate_parameters: unknown or missing ones, wrong kinds -> invalidparameter."""
    declared = PARAMETERS[function]
    if set(given) - set(declared):
        raise invalid_parameter()
    clean: dict = {}
    for name, (kind, required) in declared.items():
        if name not in given:
            if required:
                raise invalid_parameter()
            continue
        value = given[name]
        if kind == "int":
            clean[name] = _int(value)
        elif kind == "bool":
            if value not in ("0", "1"):
                raise invalid_parameter()
            clean[name] = value == "1"
        elif kind == "alpha":
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]*", value):
                raise invalid_parameter()
            clean[name] = value
        elif kind in ("ints", "strings", "options"):
            if not isinstance(value, dict):
                raise invalid_parameter()
            items = list(value.values())
            clean[name] = [_int(v) for v in items] if kind == "ints" else items
    return clean


class MoodleStandIn:
    def __init__(self, course: Course | None = None, *, latency: float = 0.0) -> None:
        self.course = course or recorded()
        self.latency = latency
        self.calls: list[dict] = []
        self.capabilities = set(RECORDED_ROLE)
        self.functions = set(SERVICE)
        self.site_users = {2, 7}  # the administrator and the web-service user
        self.maintenance = ""  # "setting" (the admin page) or "cli" (503 and HTML)
        self.database_down = False
        self.hidden_fields: set[str] = set()  # e.g. {"lastaccess"}
        self.site = ""  # the site address in answers; "" is the stand-in's own
        self.sitename = "Test Moodle"
        self.themerev = 1796524694
        self.in_flight = 0
        self.most_in_flight = 0
        self.runner: web.AppRunner | None = None
        self.url = ""

    # the HTTP side ------------------------------------------------------------------------

    async def _serve(self, request: web.Request) -> web.Response:
        form = dict(request.query) if request.method == "GET" else dict(await request.post())
        self.calls.append(form)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            return self.answer(form)
        finally:
            self.in_flight -= 1

    def answer(self, form: dict[str, str]) -> web.Response:
        """What Moodle answers to this form (also used without HTTP by the parity test)."""
        status, content_type, body = self.respond(form)
        return web.Response(status=status, body=body, headers={"Content-Type": content_type})

    def respond(self, form: dict[str, str]) -> tuple[int, str, bytes]:
        xml = form.get("moodlewsrestformat") != "json"
        if self.maintenance == "cli":
            page = (RECORDED / "errors" / "maintenance-mode.enrolled_users.html").read_text()
            page = page.replace("Test Moodle", self.sitename)
            return 503, "text/html; charset=utf-8", page.encode()
        try:
            result = self.run(form)
        except Refused as refused:
            if xml:
                return 200, "application/xml; charset=utf-8", xml_exception(refused.body)
            return 200, "application/json", php_json(refused.body).encode()
        if xml:
            return 200, "application/xml; charset=utf-8", xml_response(result)
        return 200, "application/json", php_json(result).encode()

    def run(self, form: dict[str, str]):
        if self.database_down:
            raise Refused(
                "dml_connection_exception",
                "dbconnectionfailed",
                "<p>Error: Database connection failed</p>\n<p>It is possible that the database"
                " is overloaded or otherwise not running properly.</p>\n<p>The site"
                " administrator should also check that the database details have been"
                " correctly specified in config.php</p>",
            )
        if form.get("wstoken") != TOKEN:
            raise Refused(
                "core\\exception\\moodle_exception",
                "invalidtoken",
                "Invalid token - token not found",
            )
        if self.maintenance == "setting":
            raise Refused(
                "core\\exception\\moodle_exception",
                "sitemaintenance",
                "The site is undergoing maintenance and is currently not available",
            )
        function = form.get("wsfunction", "")
        if function not in EXISTING:
            raise Refused(
                "dml_missing_record_exception",
                "invalidrecord",
                "Can't find data record in database table external_functions.",
            )
        if "webservice/rest:use" not in self.capabilities or function not in self.functions:
            raise Refused(
                "webservice_access_exception", "accessexception", "Access control exception"
            )
        given = nested(
            {
                k: v
                for k, v in form.items()
                if k not in ("wstoken", "wsfunction", "moodlewsrestformat")
            }
        )
        return getattr(self, function)(**validated(function, given))

    # the functions ------------------------------------------------------------------------

    def _course(self, course_id: int) -> Course:
        if course_id != self.course.id:
            raise Refused(
                "dml_missing_record_exception",
                "invalidrecord",
                "Can't find data record in database table course.",
            )
        return self.course

    def _require(self, capability: str) -> None:
        if capability not in self.capabilities:
            raise Refused(
                "core\\exception\\required_capability_exception",
                "nopermissions",
                "Sorry, but you do not currently have permissions to do that"
                f" ({CAPABILITY_TEXT.get(capability, capability)}).",
            )

    def core_enrol_get_enrolled_users(self, courseid: int, options=()) -> list:
        course = self._course(courseid)
        if "moodle/course:view" not in self.capabilities:
            raise Refused(
                "core\\exception\\moodle_exception",
                "errorcoursecontextnotvalid",
                "You cannot execute functions in the course context (course id:"
                f"{courseid}). The context error message was: Course or activity not accessible.",
            )
        self._require("moodle/course:viewparticipants")
        if "moodle/user:viewdetails" not in self.capabilities:
            return []
        site = self.site or self.url
        image = f"{site}/theme/image.php/boost/core/{self.themerev}/u/"
        hidden = "lastaccess" in self.hidden_fields and (
            "moodle/course:viewhiddenuserfields" not in self.capabilities
        )
        users = []
        for user in course.users:
            entry = {
                "id": user.id,
                "firstname": user.firstname,
                "lastname": user.lastname,
                "fullname": f"{user.firstname} {user.lastname}",
            }
            if "moodle/course:useremail" in self.capabilities:
                entry["email"] = user.email
            if not hidden:
                entry |= {
                    "firstaccess": user.firstaccess,
                    "lastaccess": user.lastaccess,
                    "lastcourseaccess": user.lastcourseaccess,
                }
            entry |= {
                "profileimageurlsmall": image + "f2",
                "profileimageurl": image + "f1",
                "roles": [
                    {"roleid": user.role[0], "name": "", "shortname": user.role[1], "sortorder": 0}
                ],
                "enrolledcourses": [
                    {"id": course.id, "fullname": course.fullname, "shortname": course.shortname}
                ],
            }
            users.append(entry)
        return users

    def core_completion_get_activities_completion_status(self, courseid: int, userid: int):
        course = self._course(courseid)
        if "moodle/course:view" not in self.capabilities:
            raise Refused(
                "core\\exception\\require_login_exception",
                "requireloginerror",
                "Course or activity not accessible.",
            )
        user = course.user(userid)
        if user is None and userid not in self.site_users:
            raise Refused("dml_missing_record_exception", "invaliduser", "Invalid user")
        self._require("report/progress:view")
        tracked = user is not None and user.role[1] == "student"
        statuses = []
        for activity in course.activities:
            state, completed = course.completions.get((userid, activity.cmid), (0, 0))
            if user is None:
                state, completed = 0, 0
            details = []
            if activity.rule:
                what = {"completionsubmit": "Make a submission", "completionview": "View"}
                details = [
                    {
                        "rulename": activity.rule,
                        "rulevalue": {
                            "status": 1 if state else 0,
                            "description": what[activity.rule],
                        },
                    }
                ]
            statuses.append(
                {
                    "cmid": activity.cmid,
                    "modname": activity.modname,
                    "instance": activity.instance,
                    "state": state,
                    "timecompleted": completed,
                    "tracking": 2 if activity.rule else 1,
                    "overrideby": None,
                    "valueused": False,
                    "hascompletion": True,
                    "isautomatic": bool(activity.rule),
                    "istrackeduser": tracked,
                    "uservisible": True,
                    "details": details,
                    "isoverallcomplete": state > 0,
                }
            )
        return {"statuses": statuses, "warnings": []}

    def mod_assign_get_assignments(
        self, courseids=(), capabilities=(), includenotenrolledcourses=False
    ):
        warnings, courses = [], []
        for course_id in courseids:
            if not includenotenrolledcourses or course_id != self.course.id:
                # the web-service user is enrolled in no course
                warnings.append(
                    {
                        "item": "course",
                        "itemid": course_id,
                        "warningcode": "2",
                        "message": "User is not enrolled or does not have requested capability",
                    }
                )
                continue
            if "moodle/course:view" not in self.capabilities:
                warnings.append(
                    {
                        "item": "course",
                        "itemid": course_id,
                        "warningcode": "1",
                        "message": "No access rights in course context Course or activity not"
                        " accessible.",
                    }
                )
                continue
            course = self.course
            shown = []
            for a in course.assignments:
                if "mod/assign:view" not in self.capabilities:
                    warnings.append(
                        {
                            "item": "module",
                            "itemid": a.cmid,
                            "warningcode": "1",
                            "message": "No access rights in module context",
                        }
                    )
                    continue
                shown.append(assignment_entry(course, a))
            courses.append(
                {
                    "id": course.id,
                    "fullname": course.fullname,
                    "shortname": course.shortname,
                    "timemodified": course.timemodified,
                    "assignments": shown,
                }
            )
        return {"courses": courses, "warnings": warnings}

    def mod_assign_get_submissions(self, assignmentids, status="", since=0, before=0):
        if not assignmentids:
            raise invalid_parameter()
        allowed = {"moodle/course:view", "mod/assign:view", "mod/assign:viewgrades"}
        found, warnings = [], []
        for assignment_id in assignmentids:
            assignment = next((a for a in self.course.assignments if a.id == assignment_id), None)
            if assignment is None:
                continue
            if not allowed <= self.capabilities:
                warnings.append(
                    {
                        "item": "assignment",
                        "itemid": assignment_id,
                        "warningcode": "1",
                        "message": "No access rights in module context",
                    }
                )
                continue
            subs = [
                submission_entry(s)
                for s in self.course.submissions
                if s.assignment == assignment_id
                and (not status or s.status == status)
                and s.timemodified >= since
                and (not before or s.timemodified <= before)
            ]
            found.append({"assignmentid": assignment_id, "submissions": subs})
        return {"assignments": found, "warnings": warnings}

    # the server -------------------------------------------------------------------------

    async def start(self, port: int) -> MoodleStandIn:
        app = web.Application()
        app.router.add_route("*", "/webservice/rest/server.php", self._serve)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        await self.runner.cleanup()


ASSIGN_CONFIGS = [
    {"plugin": "onlinetext", "subtype": "assignsubmission", "name": "enabled", "value": "1"},
    {"plugin": "onlinetext", "subtype": "assignsubmission", "name": "wordlimit", "value": "0"},
    {
        "plugin": "onlinetext",
        "subtype": "assignsubmission",
        "name": "wordlimitenabled",
        "value": "0",
    },
    {"plugin": "comments", "subtype": "assignsubmission", "name": "enabled", "value": "0"},
]


def assignment_entry(course: Course, a) -> dict:
    return {
        "id": a.id,
        "cmid": a.cmid,
        "course": course.id,
        "name": a.name,
        "nosubmissions": 0,
        "submissiondrafts": a.submissiondrafts,
        "sendnotifications": 0,
        "sendlatenotifications": 0,
        "sendstudentnotifications": 1,
        "duedate": a.duedate,
        "allowsubmissionsfromdate": a.allowsubmissionsfromdate,
        "grade": 100,
        "timemodified": a.timemodified,
        "completionsubmit": a.completionsubmit,
        "cutoffdate": 0,
        "gradingduedate": 0,
        "teamsubmission": 0,
        "requireallteammemberssubmit": 0,
        "teamsubmissiongroupingid": 0,
        "blindmarking": 0,
        "hidegrader": 0,
        "revealidentities": 0,
        "attemptreopenmethod": "untilpass",
        "maxattempts": 1,
        "markingworkflow": 0,
        "markingallocation": 0,
        "markinganonymous": 0,
        "requiresubmissionstatement": 0,
        "preventsubmissionnotingroup": 0,
        "configs": ASSIGN_CONFIGS,
        "intro": a.intro,
        "introformat": 1,
        "introfiles": [],
        "introattachments": [],
        "timelimit": 0,
        "submissionattachments": 0,
    }


def submission_entry(s) -> dict:
    return {
        "id": s.id,
        "userid": s.userid,
        "attemptnumber": 0,
        "timecreated": s.timecreated,
        "timemodified": s.timemodified,
        "timestarted": None,
        "status": s.status,
        "groupid": 0,
        "plugins": [
            {
                "type": "onlinetext",
                "name": "Online text",
                "fileareas": [{"area": "submissions_onlinetext", "files": []}],
                "editorfields": [
                    {
                        "name": "onlinetext",
                        "description": "Online text submissions",
                        "text": s.text,
                        "format": 1,
                    }
                ],
            },
            {"type": "comments", "name": "Submission comments"},
        ],
        "gradingstatus": "notgraded",
    }


# XML (Moodle's REST default format) ---------------------------------------------------------


def _xml_value(value) -> str:
    if value is None:
        return '<VALUE null="null"/>\n'
    if isinstance(value, list):
        return "<MULTIPLE>\n" + "".join(_xml_single(v) for v in value) + "</MULTIPLE>\n"
    if isinstance(value, dict):
        return _xml_single(value)
    if isinstance(value, bool):
        value = int(value)
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<VALUE>{text}</VALUE>\n"


def _xml_single(entry: dict, fields: tuple | list = ()) -> str:
    keys = list(fields) or list(entry)
    inner = "".join(
        f'<KEY name="{k}">' + _xml_value(entry.get(k, [] if k in LISTS else None)) + "</KEY>\n"
        for k in keys
    )
    return "<SINGLE>\n" + inner + "</SINGLE>\n"


LISTS = {"customfields", "groups", "preferences", "roles", "enrolledcourses"}


def xml_response(result) -> bytes:
    if isinstance(result, list):  # core_enrol_get_enrolled_users: every declared field
        body = "<MULTIPLE>\n" + "".join(_xml_single(u, USER_FIELDS) for u in result)
        body += "</MULTIPLE>\n"
    else:
        body = _xml_value(result)
    return f'<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n{body}</RESPONSE>\n'.encode()


def xml_exception(body: dict) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f'<EXCEPTION class="{body["exception"]}">\n'
        f"<ERRORCODE>{body['errorcode']}</ERRORCODE>\n"
        f"<MESSAGE>{body['message']}</MESSAGE>\n"
        "</EXCEPTION>\n"
    ).encode()
