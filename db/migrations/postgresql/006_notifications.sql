-- 006 (PostgreSQL twin): who a direct message is for, and the weekly budget a learner chose.

ALTER TABLE outbox ADD COLUMN audience text;
CREATE INDEX outbox_by_user ON outbox (user_id, status, sent_at);

CREATE TABLE notify_prefs (
    guild_id     bigint NOT NULL,
    user_id      bigint NOT NULL,
    per_week     integer NOT NULL CHECK (per_week BETWEEN 0 AND 3),
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
