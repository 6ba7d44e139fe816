-- 008 (PostgreSQL twin): course-platform sources. Counts go to `activity` (place 'platform');
-- here only links, statement ids seen, counts waiting for a link, CSV rows imported, each
-- cohort's source and poll state, assignments made checkpoints, and retention done.

CREATE TABLE platform_links (
    cohort_id    bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL,
    account      text NOT NULL,
    origin       text NOT NULL CHECK (origin IN ('roster', 'learner')),
    created_at   timestamptz NOT NULL,
    confirmed_by bigint,
    confirmed_at timestamptz,
    PRIMARY KEY (cohort_id, user_id),
    UNIQUE (cohort_id, account)
);

CREATE TABLE platform_seen (
    cohort_id    bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    statement_id text NOT NULL,
    PRIMARY KEY (cohort_id, statement_id)
);

CREATE TABLE platform_pending (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    account   text NOT NULL,
    day       date NOT NULL,
    kind      text NOT NULL,
    count     integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (cohort_id, account, day, kind)
);

CREATE TABLE platform_imported (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    account   text NOT NULL,
    day       date NOT NULL,
    kind      text NOT NULL,
    count     integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (cohort_id, account, day, kind)
);

CREATE TABLE platform_sources (
    cohort_id     bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    source        text NOT NULL CHECK (source IN ('xapi', 'moodle')),
    scope         text NOT NULL DEFAULT '',
    cursor        timestamptz,
    polled_at     timestamptz,
    failing_since timestamptz,
    failure       text,
    PRIMARY KEY (cohort_id, source)
);

CREATE TABLE platform_checkpoints (
    cohort_id     bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    fact          text NOT NULL,
    checkpoint_id bigint NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, fact)
);

CREATE TABLE retention_done (
    cohort_id bigint PRIMARY KEY REFERENCES cohorts (id) ON DELETE CASCADE,
    erased_at timestamptz NOT NULL,
    learners  integer NOT NULL
);
