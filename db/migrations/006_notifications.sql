-- 006: who a direct message is for (learners' DMs have a weekly budget), and the budget a
-- learner chose.

ALTER TABLE outbox ADD COLUMN audience TEXT;
CREATE INDEX outbox_by_user ON outbox (user_id, status, sent_at);

CREATE TABLE notify_prefs (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    per_week     INTEGER NOT NULL CHECK (per_week BETWEEN 0 AND 3),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
