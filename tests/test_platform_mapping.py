"""Platform activity read without I/O: statements and CSV reports -> counts per account, day, kind."""

from __future__ import annotations

import hashlib
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from tutorat.platform import (
    PlatformError,
    account_key,
    agent_key,
    aliases,
    parse_activity_csv,
    parse_roster_csv,
    read_statement,
    verb_kind,
)

PARIS = ZoneInfo("Europe/Paris")


def statement(verb: str = "http://adlnet.gov/expapi/verbs/completed", **extra) -> dict:
    base = {
        "id": "6fbd600f-d17c-4c74-801a-2ec2e53231c7",
        "actor": {"mbox": "mailto:Lea@Example.org"},
        "verb": {"id": verb, "display": {"fr": "a terminé"}},
        "object": {"id": "https://moodle.example.org/mod/quiz/view.php?id=4"},
        "timestamp": "2027-01-04T23:30:00Z",
    }
    return base | extra


@pytest.mark.parametrize(
    ("verb", "kind"),
    [
        ("http://id.tincanapi.com/verb/viewed", "viewed"),
        ("https://w3id.org/xapi/dod-isd/verbs/navigated", "viewed"),
        ("http://adlnet.gov/expapi/verbs/submitted", "submitted"),
        ("http://adlnet.gov/expapi/verbs/completed", "completed"),
        ("http://adlnet.gov/expapi/verbs/progressed", "completed"),
        ("http://adlnet.gov/expapi/verbs/answered", "answered"),
        ("http://adlnet.gov/expapi/verbs/attempted", "answered"),
        ("http://adlnet.gov/expapi/verbs/scored", "scored"),
        ("http://id.tincanapi.com/verb/earned", "scored"),
        ("https://w3id.org/xapi/adl/verbs/logged-in", "logged_in"),
        ("http://example.org/verbs/bookmarked", "other"),
    ],
)
def test_verbs_map_to_kinds_and_unknown_verbs_count_as_other(verb, kind):
    assert verb_kind(verb) == kind


def test_a_statement_becomes_an_account_a_local_day_and_a_kind_nothing_else():
    hit = read_statement(statement(), PARIS)
    # 23:30 UTC on the 4th is the 5th in Paris: the cohort's day counts
    assert (hit.account, hit.day, hit.kind) == (
        "mbox:lea@example.org",
        date(2027, 1, 5),
        "completed",
    )
    assert "moodle" not in repr(hit) and "terminé" not in repr(hit)


def test_agents_are_identified_by_mbox_sha1_account_or_openid():
    sha = hashlib.sha1(b"mailto:lea@example.org").hexdigest()
    assert agent_key({"mbox_sha1sum": sha}) == "sha1:" + sha
    assert sha1_alias_of("lea@example.org") == "sha1:" + sha
    account = {"account": {"homePage": "https://lms.example.org/", "name": "42"}}
    assert agent_key(account) == "account:https://lms.example.org|42"
    assert account_key("https://lms.example.org|42") == "account:https://lms.example.org|42"
    assert (
        agent_key({"openid": "https://id.example.org/lea"}) == "openid:https://id.example.org/lea"
    )
    assert agent_key({"name": "no identifier"}) is None


def sha1_alias_of(email: str) -> str:
    return aliases(account_key(email))[1]


@pytest.mark.parametrize(
    "broken",
    [
        statement(id=None),
        statement(actor={"name": "Léa"}),
        statement(verb="not-a-dict") | {"verb": "completed"},
        statement(timestamp="hier"),
        "not a statement",
    ],
)
def test_malformed_statements_are_refused(broken):
    if isinstance(broken, dict) and broken.get("timestamp") == "hier":
        broken.pop("stored", None)
    assert read_statement(broken, PARIS) is None


def test_the_stored_time_stands_in_for_a_missing_timestamp():
    s = statement()
    del s["timestamp"]
    s["stored"] = "2027-01-06T10:00:00+00:00"
    assert read_statement(s, PARIS).day == date(2027, 1, 6)


def test_a_csv_report_is_counted_per_account_day_and_kind():
    data = (
        b"email;date;count;kind\n"
        b"lea@example.org;2027-01-04;3;viewed\n"
        b"LEA@example.org;2027-01-04;2;viewed\n"
        b"42;2027-01-05;1;\n"
    )
    assert parse_activity_csv(data) == {
        ("mbox:lea@example.org", date(2027, 1, 4), "viewed"): 5,
        ("moodle:42", date(2027, 1, 5), "other"): 1,
    }


@pytest.mark.parametrize(
    ("body", "key", "line", "column"),
    [
        ("email,date,count\nlea@x.org,04/01/2027,3\n", "platform.csv.bad_date", 2, "date"),
        (
            "email,date,count\nlea@x.org,2027-01-04,3\nnoe@x.org,2027-01-04,-1\n",
            "platform.csv.bad_count",
            3,
            "count",
        ),
        ("email,date,count,kind\nlea@x.org,2027-01-04,3,lu\n", "platform.csv.bad_kind", 2, "kind"),
        ("email,date,count\n,2027-01-04,3\n", "platform.csv.bad_account", 2, "email"),
        ("email,date,count\nlea@x.org,2027-01-04\n", "platform.csv.short_row", 2, "count"),
        ("email,jour\nlea@x.org,2027-01-04\n", "platform.csv.missing_column", 1, "count"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_column(body, key, line, column):
    with pytest.raises(PlatformError) as caught:
        parse_activity_csv(body.encode())
    assert (caught.value.key, caught.value.line, caught.value.column) == (key, line, column)


def test_a_roster_pairs_members_with_accounts():
    data = b"discord,email\n123456789,lea@example.org\nnoe,https://lms.example.org|7\n"
    assert parse_roster_csv(data) == [
        ("123456789", "mbox:lea@example.org"),
        ("noe", "account:https://lms.example.org|7"),
    ]


def test_the_poll_interval_is_a_divisor_of_the_hour_or_of_the_day():
    from tutorat.config import ConfigError, parse_config

    assert parse_config("[platform]\ninterval_minutes = 360\n").platform.interval_minutes == 360
    for wrong in (7, 90, 420):
        with pytest.raises(ConfigError, match="platform.interval_minutes"):
            parse_config(f"[platform]\ninterval_minutes = {wrong}\n")


def test_polls_fire_every_interval_in_the_cohorts_zone():
    from datetime import datetime

    from tutorat.platform_service import PlatformService
    from tutorat.schedule import fire_times

    cohort = type("C", (), {"id": 1, "zone": PARIS})()
    for minutes, per_day in ((30, 48), (360, 4)):
        service = PlatformService(
            None, None, None, None, interval_minutes=minutes, sources={"x": 1}
        )
        [job] = service.jobs_for(cohort)
        day = datetime(2027, 1, 12, tzinfo=PARIS)
        assert len(fire_times(job.trigger, day, day.replace(hour=23, minute=59))) == per_day - 1


def test_the_learner_timeline_keeps_the_platforms_share_of_each_day():
    from datetime import datetime

    from tutorat.models import Cohort
    from tutorat.reports import timeline

    cohort = Cohort(1, 1, "Janvier", "Europe/Paris", datetime(2027, 1, 11, 9, tzinfo=PARIS), None)
    line = timeline(
        cohort, [(date(2027, 1, 12), 7, 5), (date(2027, 1, 13), 2)], [], [], [], date(2027, 1, 13)
    )
    assert line.actions == [0, 7, 2] and line.platform == [0, 5, 0]


@pytest.mark.parametrize(
    "typed",
    [
        "4",
        " 4 ",
        "moodle:4",
        "Moodle:04",
        "https://Moodle.Example.org|4",
        "https://moodle.example.org/|4",
    ],
)
def test_a_moodle_account_typed_any_way_names_what_the_site_sends(typed):
    site = "https://moodle.example.org"
    sent = agent_key({"account": {"homePage": site + "/", "name": "4"}})  # web services, xAPI
    assert sent == "account:https://moodle.example.org|4"
    assert sent in aliases(account_key(typed), site)
    assert "moodle:4" in aliases(sent, site)
    assert aliases(account_key(typed)) == [account_key(typed)]  # no Moodle site: as typed
    if "|" not in typed:  # a bare id names an account of the configured Moodle only
        assert sent not in aliases(account_key(typed), "https://lms.example.org")


def test_a_moodle_record_carries_the_account_and_the_email_when_the_site_shows_it():
    record = statement(
        actor={
            "account": {"homePage": "https://moodle.example.org", "name": "4"},
            "mbox": "mailto:Lea@Example.org",
        }
    )
    hit = read_statement(record, PARIS)
    assert hit.account == "mbox:lea@example.org"
    assert hit.others == ("account:https://moodle.example.org|4",)
