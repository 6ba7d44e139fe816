-- 007: the tutors' reports: help questions and when a tutor first answered them (times only,
-- never content), anonymous cohort totals kept when a learner erases their data, and the
-- weekly digest's bookkeeping lives in the outbox like every post.

CREATE TABLE help_waits (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    asked_at    TEXT NOT NULL,
    answered_at TEXT,
    tutor_id    INTEGER
);
-- one open question per learner and channel: later messages belong to it
CREATE UNIQUE INDEX help_waits_open ON help_waits (channel_id, user_id) WHERE answered_at IS NULL;
CREATE INDEX help_waits_by_cohort ON help_waits (cohort_id, asked_at);

-- What erased learners did, as cohort totals with no one's id: the charts keep their shape.
CREATE TABLE anonymous_activity (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    total     INTEGER NOT NULL,
    peer      INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, day)
);
