-- 004: early warning: cases opened for a tutor, what the tutor did, and whether it helped.

ALTER TABLE cohorts ADD COLUMN tutors_channel_id INTEGER;

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    cohort_id     INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    tutor_id      INTEGER,
    form          TEXT NOT NULL
                  CHECK (form IN ('non-demarreur', 'decouragement', 'perte-de-sens', 'isolement')),
    signals       TEXT NOT NULL,          -- JSON list of codes
    reasons       TEXT NOT NULL,          -- JSON list of sentences
    opened_at     TEXT NOT NULL,
    acted_at      TEXT,                   -- last tutor action (reminder clock restarts)
    contacted_at  TEXT,
    snoozed_until TEXT,
    reminded_at   TEXT,
    escalated_at  TEXT,
    closed_at     TEXT,
    outcome       TEXT CHECK (outcome IN ('done', 'false_alarm', 'erased')),
    notes         TEXT,                   -- tutors only
    next_step     TEXT,
    FOREIGN KEY (cohort_id, user_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);
-- never two open cases of one form for one learner
CREATE UNIQUE INDEX cases_one_open ON cases (cohort_id, user_id, form) WHERE closed_at IS NULL;
CREATE INDEX cases_by_cohort ON cases (cohort_id, closed_at);

CREATE TABLE case_effects (
    case_id         INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    activity_before INTEGER NOT NULL,
    activity_after  INTEGER NOT NULL,
    pulse_before    REAL,
    pulse_after     REAL,
    computed_at     TEXT NOT NULL
);
