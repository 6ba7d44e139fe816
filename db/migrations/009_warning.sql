-- 009: the early warning's score. A checkpoint's weight (its share of the course's mark;
-- 0 = formative, NULL = not said, counted as graded); each learner's highest score so far
-- (the cohort's threshold reads those of its learners on track); the watch list: learners
-- over the threshold past their tutor's weekly cap, or just under it, ranked.

ALTER TABLE checkpoints ADD COLUMN weight REAL;

CREATE TABLE warning_peaks (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    peak      REAL NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);

CREATE TABLE watch_list (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    tutor_id  INTEGER,
    ranking   INTEGER NOT NULL,
    score     REAL NOT NULL,
    threshold REAL NOT NULL,
    past_cap  INTEGER NOT NULL,
    reasons   TEXT NOT NULL,
    day       TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
