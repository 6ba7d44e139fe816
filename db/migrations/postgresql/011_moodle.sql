-- 011 (PostgreSQL twin): who connected a source, where a poll cut short stopped, and the
-- other keys of an account whose counts wait for a link.

ALTER TABLE platform_sources ADD COLUMN connected_by bigint;
ALTER TABLE platform_sources ADD COLUMN progress text;

CREATE TABLE platform_pending_aliases (
    cohort_id bigint NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    alias     text NOT NULL,
    account   text NOT NULL,
    PRIMARY KEY (cohort_id, alias)
);
