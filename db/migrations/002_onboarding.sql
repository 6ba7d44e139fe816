-- 002: cohorts get their places on Discord, tutors, a presentation, personal goals.

ALTER TABLE cohorts ADD COLUMN category_id INTEGER;
ALTER TABLE cohorts ADD COLUMN event_id INTEGER;
ALTER TABLE cohorts ADD COLUMN event_channel_id INTEGER;
ALTER TABLE cohorts ADD COLUMN event_link TEXT;
ALTER TABLE cohorts ADD COLUMN presentation TEXT;
ALTER TABLE cohorts ADD COLUMN locale TEXT NOT NULL DEFAULT 'fr';

-- The tutors of a cohort, and which tutor follows which learner.
CREATE TABLE cohort_tutors (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    tutor_id  INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, tutor_id)
);

CREATE TABLE assignments (
    cohort_id  INTEGER NOT NULL,
    learner_id INTEGER NOT NULL,
    tutor_id   INTEGER NOT NULL,
    chosen     INTEGER NOT NULL DEFAULT 0,  -- 1: set by a tutor, 0: balanced by the bot
    PRIMARY KEY (cohort_id, learner_id),
    FOREIGN KEY (cohort_id, learner_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);

-- Personal goals as the learner wrote them: at the start, then reviewed later.
CREATE TABLE goals (
    cohort_id  INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    stage      TEXT NOT NULL CHECK (stage IN ('start', 'midpoint', 'end')),
    aim        TEXT NOT NULL,
    hours      INTEGER,
    obstacles  TEXT,
    still_holds INTEGER,
    written_at TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id, stage),
    FOREIGN KEY (cohort_id, user_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);
