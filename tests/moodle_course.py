"""A Moodle course as the stand-in holds it: a few facts per user, activity, assignment and
submission, from which it writes its answers in the shapes a real Moodle 4.5 sent.

`recorded()` is the course recorded in tests/fixtures/moodle45 (a copy of
../shared/data/moodle): the stand-in, holding it, must answer byte for byte what Moodle
answered (tests/test_moodle_standin.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

STUDENT, TEACHER = (5, "student"), (3, "editingteacher")


@dataclass
class User:
    id: int
    firstname: str
    lastname: str
    email: str
    firstaccess: int = 0
    lastaccess: int = 0
    lastcourseaccess: int = 0
    role: tuple[int, str] = STUDENT


@dataclass
class Activity:
    cmid: int
    modname: str
    instance: int
    rule: str = ""  # automatic completion: completionsubmit, completionview; "" manual


@dataclass
class Assignment:
    id: int
    cmid: int
    name: str
    duedate: int = 0
    allowsubmissionsfromdate: int = 0
    timemodified: int = 0
    completionsubmit: int = 0
    submissiondrafts: int = 0
    intro: str = ""


@dataclass
class Submission:
    id: int
    assignment: int
    userid: int
    timecreated: int
    timemodified: int
    status: str = "submitted"
    text: str = ""  # the learner's written work: the bot must never keep it


@dataclass
class Course:
    id: int
    fullname: str
    shortname: str
    timemodified: int = 0
    users: list[User] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)  # those tracking completion
    assignments: list[Assignment] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    # (user id, cmid) -> (state, timecompleted); (0, 0) when absent
    completions: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def user(self, user_id: int) -> User | None:
        return next((u for u in self.users if u.id == user_id), None)


def recorded() -> Course:
    """Course 2 "Intro to Testing" as Moodle 4.5 held it when it was recorded."""
    return Course(
        2,
        "Intro to Testing",
        "TEST101",
        1796524126,
        users=[
            User(3, "Tea", "Cher", "EMAIL_OF_USER_3@example.invalid", role=TEACHER),
            User(
                4,
                "Stu1",
                "Dent",
                "EMAIL_OF_USER_4@example.invalid",
                1795995432,
                1796513832,
                1796513832,
            ),
            User(
                5,
                "Stu2",
                "Dent",
                "EMAIL_OF_USER_5@example.invalid",
                1795995432,
                1796341032,
                1796341032,
            ),
            User(
                6,
                "Stu3",
                "Dent",
                "EMAIL_OF_USER_6@example.invalid",
                1796168232,
                1796168232,
                1796168232,
            ),
            User(8, "Stu4", "Dent", "EMAIL_OF_USER_8@example.invalid"),
            User(
                9,
                "Stu5",
                "Dent",
                "EMAIL_OF_USER_9@example.invalid",
                1796341032,
                1796427432,
                1796427432,
            ),
        ],
        activities=[
            Activity(1, "assign", 1),
            Activity(2, "assign", 2, "completionsubmit"),
            Activity(4, "page", 1, "completionview"),
            Activity(5, "page", 2),
        ],
        assignments=[
            Assignment(1, 1, "Essay 1", 1797128926, 0, 1796524126, 0, 0, "Test assign 1"),
            Assignment(2, 2, "Essay 0", 1796265432, 1795660632, 1796524632, 1, 0, "Test assign 1"),
            Assignment(3, 3, "Journal (no due date)", 0, 0, 1796524633, 0, 1, "Test assign 2"),
        ],
        submissions=[
            Submission(1, 1, 4, 1796524127, 1796524127, text="Essay by student1"),
            Submission(2, 1, 5, 1796524127, 1796524127, text="Essay by student2"),
            Submission(3, 2, 4, 1796178432, 1796179032, text="text by student1"),
            Submission(4, 2, 9, 1796437632, 1796438232, text="text by student5"),
            Submission(5, 2, 5, 1796351232, 1796351832, "draft", "text by student2"),
            Submission(6, 3, 6, 1796351232, 1796351832, text="text by student3"),
        ],
        completions={
            (4, 1): (1, 1796006232),
            (4, 2): (1, 1796179032),
            (4, 4): (1, 1796092632),
            (5, 4): (1, 1796265432),
            (5, 5): (1, 1796434632),
            (6, 5): (0, 1796351832),  # unticked by hand: Moodle keeps the time
            (9, 2): (1, 1796438232),
            (9, 4): (1, 1796351832),
        },
    )


def generated(learners: int, course_id: int = 7, now: int = 1796524632) -> Course:
    """A course of `learners` learners (ids from 100), each having come once and completed
    the first activity, and an assignment due a week ago that half of them submitted."""
    course = Course(course_id, "Generated", "GEN", now)
    course.activities = [Activity(1, "assign", 1, "completionsubmit"), Activity(2, "page", 1)]
    course.assignments = [Assignment(1, 1, "Devoir 1", now - 7 * 86400, 0, now, 1)]
    for n in range(learners):
        uid = 100 + n
        seen = now - 3600 * (n % 72)
        course.users.append(
            User(uid, f"L{n}", "Learner", f"learner{n}@example.org", seen, seen, seen)
        )
        course.completions[(uid, 2)] = (1, seen)
        if n % 2:
            course.submissions.append(Submission(n + 1, 1, uid, seen, seen, text="work"))
    return course
