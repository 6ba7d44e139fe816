-- 008: course-platform sources. Counts go to `activity` (place 'platform'); here only what is
-- needed to attribute them (links), to count each statement once (ids seen) and to resume
-- polling where it stopped (poll state). Never a statement's content.

-- Who is who: a Discord member and a platform account (an email, homePage|name, a Moodle id),
-- per cohort. A learner's own declaration waits for a tutor (confirmed_at NULL).
CREATE TABLE platform_links (
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    account      TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('roster', 'learner')),
    created_at   TEXT NOT NULL,
    confirmed_by INTEGER,
    confirmed_at TEXT,
    PRIMARY KEY (cohort_id, user_id),
    UNIQUE (cohort_id, account)
);

-- Statements already counted, per cohort: seen twice, counted once, across restarts.
CREATE TABLE platform_seen (
    cohort_id    INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    statement_id TEXT NOT NULL,
    PRIMARY KEY (cohort_id, statement_id)
) WITHOUT ROWID;

-- Counts of accounts no confirmed link names yet: attributed when the link is confirmed.
CREATE TABLE platform_pending (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    account   TEXT NOT NULL,
    day       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    count     INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (cohort_id, account, day, kind)
);

-- CSV reports imported: a row seen again adds only what it adds to what was imported.
CREATE TABLE platform_imported (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    account   TEXT NOT NULL,
    day       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    count     INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (cohort_id, account, day, kind)
);

-- Each cohort's source (an LRS, Moodle's web services) and where its polling stands.
CREATE TABLE platform_sources (
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    source        TEXT NOT NULL CHECK (source IN ('xapi', 'moodle')),
    scope         TEXT NOT NULL DEFAULT '',  -- xAPI activity IRI, or Moodle course id
    cursor        TEXT,                      -- the latest `stored` instant read
    polled_at     TEXT,
    failing_since TEXT,                      -- an outage: tutors told once, per outage
    failure       TEXT,
    PRIMARY KEY (cohort_id, source)
);

-- Platform assignments with a due date, made checkpoints: a submission there declares them done.
CREATE TABLE platform_checkpoints (
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    fact          TEXT NOT NULL,  -- the assignment as the source names it
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, fact)
);

-- Retention: cohorts whose learners' personal rows were erased ([privacy] retention_days after
-- the cohort ended); anonymous cohort totals stay.
CREATE TABLE retention_done (
    cohort_id INTEGER PRIMARY KEY REFERENCES cohorts (id) ON DELETE CASCADE,
    erased_at TEXT NOT NULL,
    learners  INTEGER NOT NULL
);
