-- 009 (PostgreSQL twin): the early warning's score. A checkpoint's weight (its share of the
-- course's mark; 0 = formative, NULL = not said, counted as graded); each learner's highest
-- score so far (the cohort's threshold reads those of its learners on track); the watch list:
-- learners over the threshold past their tutor's weekly cap, or just under it, ranked.

ALTER TABLE checkpoints ADD COLUMN weight double precision;

CREATE TABLE warning_peaks (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL,
    peak      double precision NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);

CREATE TABLE watch_list (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL,
    tutor_id  bigint,
    ranking   integer NOT NULL,
    score     double precision NOT NULL,
    threshold double precision NOT NULL,
    past_cap  integer NOT NULL,
    reasons   text NOT NULL,
    day       text NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
