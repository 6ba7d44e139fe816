-- 002 (PostgreSQL twin): places on Discord, tutors, a presentation, personal goals.

ALTER TABLE cohorts ADD COLUMN category_id bigint;
ALTER TABLE cohorts ADD COLUMN event_id bigint;
ALTER TABLE cohorts ADD COLUMN event_channel_id bigint;
ALTER TABLE cohorts ADD COLUMN event_link text;
ALTER TABLE cohorts ADD COLUMN presentation text;
ALTER TABLE cohorts ADD COLUMN locale text NOT NULL DEFAULT 'fr';

CREATE TABLE cohort_tutors (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    tutor_id  bigint NOT NULL,
    PRIMARY KEY (cohort_id, tutor_id)
);

CREATE TABLE assignments (
    cohort_id  bigint NOT NULL,
    learner_id bigint NOT NULL,
    tutor_id   bigint NOT NULL,
    chosen     integer NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
    PRIMARY KEY (cohort_id, learner_id),
    FOREIGN KEY (cohort_id, learner_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);

CREATE TABLE goals (
    cohort_id   bigint NOT NULL,
    user_id     bigint NOT NULL,
    stage       text NOT NULL CHECK (stage IN ('start', 'midpoint', 'end')),
    aim         text NOT NULL,
    hours       integer,
    obstacles   text,
    still_holds integer CHECK (still_holds IN (0, 1)),
    written_at  timestamptz NOT NULL,
    PRIMARY KEY (cohort_id, user_id, stage),
    FOREIGN KEY (cohort_id, user_id) REFERENCES learners (cohort_id, user_id) ON DELETE CASCADE
);
