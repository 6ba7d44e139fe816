"""Course-platform activity, read without I/O: xAPI statements and CSV reports become counts
per platform account, local day and kind. Nothing of a statement's content is kept: its id
(to count it once), the account it is about, its day and the kind its verb maps to.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

# The last segment of a verb's IRI -> the kind it counts as. Unknown verbs are "other".
VERB_KINDS: dict[str, str] = {
    "viewed": "viewed",
    "navigated": "viewed",
    "experienced": "viewed",
    "accessed": "viewed",
    "read": "viewed",
    "submitted": "submitted",
    "completed": "completed",
    "progressed": "completed",
    "passed": "completed",
    "answered": "answered",
    "attempted": "answered",
    "responded": "answered",
    "scored": "scored",
    "earned": "scored",
    "logged-in": "logged_in",
    "loggedin": "logged_in",
    "logged_in": "logged_in",
}
KINDS = ("viewed", "submitted", "completed", "answered", "scored", "logged_in", "other")


class PlatformError(ValueError):
    """Input that cannot be read; `line` and `column` say where (CSV), `key` what is wrong."""

    def __init__(self, key: str, line: int = 0, column: str = "", value: str = "") -> None:
        super().__init__(f"{key} (line {line}, column {column!r}: {value!r})")
        self.key = key
        self.line = line
        self.column = column
        self.value = value


def verb_kind(verb_id: str) -> str:
    tail = verb_id.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower()
    return VERB_KINDS.get(tail, "other")


def email_key(email: str) -> str:
    return "mbox:" + email.strip().lower().removeprefix("mailto:")


def sha1_of_email(email: str) -> str:
    """The mbox_sha1sum an LRS would carry for this address (xAPI: SHA1 of "mailto:...")."""
    return "sha1:" + hashlib.sha1(("mailto:" + email.strip().lower()).encode()).hexdigest()


def account_key(text: str) -> str:
    """A platform identifier as people write it (an email, homePage|name, a Moodle user id
    bare or as moodle:42, or an already made key) -> the key statements and reports are
    matched on."""
    text = text.strip()
    if text.lower().startswith("moodle:") and text[7:].strip().isdigit():
        return f"moodle:{int(text[7:])}"
    if text.startswith(("mbox:", "sha1:", "account:", "moodle:")):
        return text if not text.startswith("mbox:") else email_key(text[5:])
    if text.startswith("mailto:") or ("@" in text and "|" not in text):
        return email_key(text)
    if "|" in text:
        home, name = text.split("|", 1)
        return f"account:{site_key(home)}|{name.strip()}"
    if text.isdigit():
        return f"moodle:{int(text)}"
    return f"account:|{text}"


def site_key(address: str) -> str:
    """A site's address as written in account keys: no trailing slash, host in lower case."""
    address = address.strip().rstrip("/")
    scheme, sep, rest = address.partition("://")
    if not sep:
        return address
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def aliases(key: str, moodle_url: str = "") -> list[str]:
    """Every key a statement about this account may carry: an email also as its SHA1; a
    Moodle user id (42, moodle:42) also as the account Moodle's site names it
    (homePage|42, what its web services and logstore_xapi send), and the other way round."""
    if key.startswith("mbox:"):
        return [key, sha1_of_email(key[5:])]
    if moodle_url:
        home = f"account:{site_key(moodle_url)}|"
        if key.startswith("moodle:"):
            return [key, home + key[7:]]
        if key.startswith(home) and key[len(home) :].isdigit():
            return [key, "moodle:" + str(int(key[len(home) :]))]
    return [key]


def agent_keys(actor: object) -> list[str]:
    """Every key an Agent carries, the first one its main key: an xAPI Agent has one of mbox,
    mbox_sha1sum, account{homePage,name}, openid; a record from Moodle's web services may
    carry both the account (always) and the email (when the site shows it)."""
    if not isinstance(actor, dict):
        return []
    keys = []
    if isinstance(actor.get("mbox"), str) and actor["mbox"].startswith("mailto:"):
        keys.append(email_key(actor["mbox"]))
    if isinstance(actor.get("mbox_sha1sum"), str) and len(actor["mbox_sha1sum"]) == 40:
        keys.append("sha1:" + actor["mbox_sha1sum"].lower())
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name") and account.get("homePage"):
        keys.append(f"account:{site_key(str(account['homePage']))}|{account['name']}")
    if isinstance(actor.get("openid"), str):
        keys.append("openid:" + actor["openid"])
    return keys


def agent_key(actor: object) -> str | None:
    """The main key of an xAPI Agent (mbox, mbox_sha1sum, account{homePage,name}, openid)."""
    keys = agent_keys(actor)
    return keys[0] if keys else None


def parse_instant(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


@dataclass(frozen=True)
class Hit:
    """One statement, reduced to what is counted."""

    statement_id: str
    account: str
    day: date
    kind: str
    at: datetime | None = None  # when (for a submission: late or not), not stored
    target: str | None = None  # a submission's object id (an assignment), not stored
    others: tuple[str, ...] = ()  # other keys naming the same account (Moodle: the email)


def read_statement(statement: object, zone: tzinfo) -> Hit | None:
    """A statement -> a hit, or None when it is malformed (no id, actor, verb or time)."""
    if not isinstance(statement, dict):
        return None
    sid, verb = statement.get("id"), statement.get("verb")
    keys = agent_keys(statement.get("actor"))
    account = keys[0] if keys else None
    when = parse_instant(statement.get("timestamp")) or parse_instant(statement.get("stored"))
    if not isinstance(sid, str) or not isinstance(verb, dict) or account is None or when is None:
        return None
    if not isinstance(verb.get("id"), str):
        return None
    kind = verb_kind(verb["id"])
    target = None
    if kind == "submitted" and isinstance(statement.get("object"), dict):
        target = (
            statement["object"].get("id")
            if isinstance(statement["object"].get("id"), str)
            else None
        )
    return Hit(sid, account, when.astimezone(zone).date(), kind, when, target, tuple(keys[1:]))


def tally(hits: list[Hit]) -> Counter[tuple[str, date, str]]:
    """Counts per (account, day, kind)."""
    return Counter((h.account, h.day, h.kind) for h in hits)


# CSV reports ------------------------------------------------------------------------------

ACCOUNT_COLUMNS = ("account", "compte", "email", "courriel")
DATE_COLUMNS = ("date", "day", "jour")
COUNT_COLUMNS = ("count", "nombre", "n")
KIND_COLUMNS = ("kind", "type")
MAX_COUNT = 100_000


def _column(header: list[str], names: tuple[str, ...], required: bool) -> int | None:
    for i, name in enumerate(header):
        if name.strip().lower() in names:
            return i
    if required:
        raise PlatformError("platform.csv.missing_column", 1, names[0])
    return None


def _sniff(text: str) -> csv.Dialect | type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _rows(data: bytes) -> list[list[str]]:
    """A CSV upload's rows (UTF-8, with or without BOM; `,` `;` or tab), at least a header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlatformError("platform.csv.encoding") from None
    rows = list(csv.reader(io.StringIO(text), _sniff(text)))
    if not rows:
        raise PlatformError("platform.csv.empty", 1)
    return rows


def parse_activity_csv(data: bytes) -> Counter[tuple[str, date, str]]:
    """A platform report (account or email, date, count, optional kind) -> counts per
    (account key, day, kind). The first bad row stops everything, naming line and column."""
    header, *rows = _rows(data)
    who = _column(header, ACCOUNT_COLUMNS, True)
    when = _column(header, DATE_COLUMNS, True)
    many = _column(header, COUNT_COLUMNS, True)
    what = _column(header, KIND_COLUMNS, False)
    counts: Counter[tuple[str, date, str]] = Counter()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise PlatformError("platform.csv.short_row", line, header[len(row)], "")

        cell = [c.strip() for c in row].__getitem__
        if not cell(who):
            raise PlatformError("platform.csv.bad_account", line, header[who], "")
        try:
            day = date.fromisoformat(cell(when))
        except ValueError:
            raise PlatformError("platform.csv.bad_date", line, header[when], cell(when)) from None
        if not cell(many).isdigit() or int(cell(many)) > MAX_COUNT:
            raise PlatformError("platform.csv.bad_count", line, header[many], cell(many))
        kind = cell(what).lower() if what is not None and cell(what) else "other"
        if kind not in KINDS:
            raise PlatformError("platform.csv.bad_kind", line, header[what], cell(what))
        counts[(account_key(cell(who)), day, kind)] += int(cell(many))
    return counts


def parse_roster_csv(data: bytes) -> list[tuple[str, str]]:
    """A roster (discord, account): which Discord member (id or name) is which account."""
    header, *rows = _rows(data)
    member = _column(header, ("discord", "membre", "member"), True)
    who = _column(header, ACCOUNT_COLUMNS, True)
    pairs: list[tuple[str, str]] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise PlatformError("platform.csv.short_row", line, header[len(row)], "")
        if not row[member].strip():
            raise PlatformError("platform.csv.bad_member", line, header[member], "")
        if not row[who].strip():
            raise PlatformError("platform.csv.bad_account", line, header[who], "")
        pairs.append((row[member].strip(), account_key(row[who])))
    return pairs


def is_roster(data: bytes) -> bool:
    """A roster has a Discord column; an activity report does not."""
    first = data.decode("utf-8-sig", errors="replace").split("\n", 1)[0].lower()
    return any(name in first for name in ("discord", "membre", "member"))


# Records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    cohort_id: int
    user_id: int
    account: str
    origin: str  # roster (a tutor imported it) or learner (declared, waits for a tutor)
    created_at: datetime
    confirmed_by: int | None = None
    confirmed_at: datetime | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass(frozen=True)
class SourceState:
    cohort_id: int
    source: str  # xapi or moodle
    scope: str = ""  # the course: an xAPI activity IRI or a Moodle course id
    cursor: datetime | None = None  # the latest `stored` instant read
    polled_at: datetime | None = None
    failing_since: datetime | None = None
    failure: str | None = None
    progress: str | None = None  # where a poll cut short stopped (the source's own mark)
    connected_by: int | None = None  # the tutor who connected it: told what set-up lacks


class SourceError(Exception):
    """A platform source that could not be read this time: `reason` is one of auth (401/403,
    a token refused), server (5xx), down (unreachable, timed out), unavailable (the platform
    says it is in maintenance or its database is down: retried, not a refusal), setup (the
    institution's set-up lacks a function or a capability), malformed (not what the protocol
    says), refused (anything else). `says` is the text key of what the tutor is told, `facts`
    its values (the function, the capability, the platform's own message). The text never
    carries credentials."""

    REASONS = ("auth", "server", "down", "unavailable", "setup", "malformed", "refused")

    def __init__(self, reason: str, detail: str = "", says: str = "", **facts: str) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.says = says or f"platform.failure_{reason}"
        self.facts = facts


@dataclass
class Check:
    """A source's connection tried at once: what is missing, and what it could see."""

    problems: list[SourceError] = field(default_factory=list)
    learners: int = 0
    assignments: int = 0
    emails: bool = False
