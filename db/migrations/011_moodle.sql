-- 011: Moodle as it really answers. Who connected a source (told what the institution's
-- set-up lacks), where a poll cut short stopped (the source's own mark: a Moodle user id),
-- and the other keys of an account whose counts wait for a link (a Moodle account's email,
-- when the site shows it): a link typed either way takes them.

ALTER TABLE platform_sources ADD COLUMN connected_by INTEGER;
ALTER TABLE platform_sources ADD COLUMN progress TEXT;

CREATE TABLE platform_pending_aliases (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    account   TEXT NOT NULL,
    PRIMARY KEY (cohort_id, alias)
);
