-- 010: the tutors' web view. One-time links given by /tableau (only a keyed hash of each is
-- kept), the sessions they open (a keyed hash of the cookie), and the contact log: a
-- tutor's note, a contact the learner started, or a case action taken on the page.

CREATE TABLE web_links (
    token_hash  TEXT PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    locale      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX web_links_by_user ON web_links (guild_id, user_id, created_at);

CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    locale      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    ended_at    TEXT
);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    cohort_id   INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    tutor_id    INTEGER NOT NULL,
    case_id     INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'learner_contact', 'contacted', 'done',
                                              'false_alarm', 'snooze')),
    note        TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX contacts_by_learner ON contacts (cohort_id, user_id, at);

-- the web view reads the last weeks of questionnaires of a whole cohort
CREATE INDEX pulse_answers_by_week ON pulse_answers (cohort_id, week);
