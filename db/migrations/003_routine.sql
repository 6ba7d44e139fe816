-- 003: the daily routine: presence posts, breaks, checkpoints, the weekly pulse, goal reviews.

ALTER TABLE cohorts ADD COLUMN presence_time TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE cohorts ADD COLUMN presence_days TEXT NOT NULL DEFAULT 'mon-fri';
ALTER TABLE cohorts ADD COLUMN pulse_day INTEGER NOT NULL DEFAULT 4;
ALTER TABLE cohorts ADD COLUMN pulse_time TEXT NOT NULL DEFAULT '10:00';

CREATE TABLE breaks (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (first_day <= last_day)
);

-- What tutors queue for a day's presence post, and who is on duty that day.
CREATE TABLE presence_items (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    body       TEXT NOT NULL,
    author_id  INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX presence_items_by_day ON presence_items (cohort_id, day);

CREATE TABLE duty (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    tutor_id  INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, day, tutor_id)
);

CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (cohort_id, name)
);

CREATE TABLE checkpoint_done (
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    done_at       TEXT NOT NULL,
    late          INTEGER NOT NULL,
    PRIMARY KEY (checkpoint_id, user_id)
);

-- One answer per learner per course week, editable until the week closes.
CREATE TABLE pulse_answers (
    cohort_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    week        INTEGER NOT NULL,
    p1 INTEGER NOT NULL CHECK (p1 BETWEEN 1 AND 7),
    p2 INTEGER NOT NULL CHECK (p2 BETWEEN 1 AND 7),
    p3 INTEGER NOT NULL CHECK (p3 BETWEEN 1 AND 7),
    p4 INTEGER NOT NULL CHECK (p4 BETWEEN 1 AND 7),
    p5 INTEGER NOT NULL CHECK (p5 BETWEEN 1 AND 7),
    p6 INTEGER NOT NULL CHECK (p6 BETWEEN 1 AND 7),
    answered_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id, week),
    FOREIGN KEY (cohort_id, user_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);

ALTER TABLE goals ADD COLUMN changed TEXT;
