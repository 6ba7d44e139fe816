-- 001: the foundation. Times are ISO 8601 text in UTC; days are ISO dates in the cohort's zone.

CREATE TABLE guild_settings (
    guild_id            INTEGER PRIMARY KEY,
    tutor_role_id       INTEGER,
    coordinator_role_id INTEGER,
    updated_at          TEXT NOT NULL
);

CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    tz          TEXT NOT NULL,
    kickoff_at  TEXT NOT NULL,
    ends_at     TEXT,
    channel_id  INTEGER,
    role_id     INTEGER,
    created_at  TEXT NOT NULL,
    archived_at TEXT,
    UNIQUE (guild_id, name)
);

CREATE TABLE learners (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    joined_at  TEXT NOT NULL,
    started_at TEXT,
    left_at    TEXT,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX learners_by_user ON learners (user_id);

-- Which channel is what for the method (cohort channel, pair space, help channel).
CREATE TABLE places (
    channel_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    cohort_id  INTEGER REFERENCES cohorts (id) ON DELETE CASCADE,
    place      TEXT NOT NULL CHECK (place IN ('cohort', 'pair', 'help', 'other'))
);

-- Counts only: who, which day, where, what kind. Never a message's content.
CREATE TABLE activity (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    day      TEXT NOT NULL,
    place    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (guild_id, user_id, day, place, kind)
);
CREATE INDEX activity_by_day ON activity (guild_id, day);

-- Everything that reaches Discord is recorded here before it is sent.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    guild_id        INTEGER,
    channel_id      INTEGER,
    user_id         INTEGER,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    last_error      TEXT,
    error_code      INTEGER,
    message_id      INTEGER,
    sent_at         TEXT,
    CHECK (channel_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Small facts about this installation, e.g. the hash of the last synced command set.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
