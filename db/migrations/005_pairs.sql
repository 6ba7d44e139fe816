-- 005: peer pairs: who opts in (and how), rounds, pairs and their private spaces, check-backs.

CREATE TABLE pair_prefs (
    cohort_id     INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    languages     TEXT NOT NULL,          -- comma-separated: fr,en
    utc_offset    REAL NOT NULL,
    slots         TEXT NOT NULL,          -- as typed: lun 18-20, mer 12-14
    planned_hours INTEGER NOT NULL,
    tutor_only    INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('in', 'paused', 'out')),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id),
    FOREIGN KEY (cohort_id, user_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);

CREATE TABLE pair_rounds (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    closed_at  TEXT,
    UNIQUE (cohort_id, number)
);

CREATE TABLE pairs (
    id        INTEGER PRIMARY KEY,
    round_id  INTEGER NOT NULL REFERENCES pair_rounds (id) ON DELETE CASCADE,
    space_id  INTEGER,                     -- the private channel or thread
    is_thread INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT
);

CREATE TABLE pair_members (
    pair_id INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    left_at TEXT,
    PRIMARY KEY (pair_id, user_id)
);
CREATE INDEX pair_members_by_user ON pair_members (user_id);

CREATE TABLE pair_checkbacks (
    pair_id     INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'not_yet', 'no_answer')),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (pair_id, user_id)
);
