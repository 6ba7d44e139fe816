-- 012 (PostgreSQL twin): the hours and days a tutor may be written to privately, when they chose
-- their own (otherwise [notifications] in config.toml).

CREATE TABLE tutor_hours (
    guild_id     bigint NOT NULL,
    user_id      bigint NOT NULL,
    quiet_from   text NOT NULL,
    quiet_until  text NOT NULL,
    days         text NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
