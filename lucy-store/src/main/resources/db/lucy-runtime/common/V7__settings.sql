-- Settings people chose with /lucy config (lucy-core's SettingsStore): one row per workspace, channel and key, the
-- workspace's own settings under channel_id ''. A removed setting has no row. Every change is also a row of
-- runtime_settings_audit, numbered per workspace (seq, from 1): who changed it (changed_by, a user id), when
-- (changed_at, epoch milliseconds UTC), where, which key, and the values before and after (NULL: not set).
CREATE TABLE runtime_settings (
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    setting TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (workspace_id, channel_id, setting)
);
CREATE TABLE runtime_settings_audit (
    workspace_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    channel_id TEXT NOT NULL,
    setting TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_by TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);
