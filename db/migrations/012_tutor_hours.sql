-- 012: the hours and days a tutor may be written to privately, when they chose
-- their own (otherwise [notifications] in config.toml).

CREATE TABLE tutor_hours (
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    quiet_from   TEXT NOT NULL,
    quiet_until  TEXT NOT NULL,
    days         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
