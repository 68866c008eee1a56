-- Deliveries already seen: a unique insert decides which of several concurrent deliveries runs.
-- Times are epoch milliseconds (UTC).
CREATE TABLE runtime_dedup (
    dedup_key TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX runtime_dedup_expiry ON runtime_dedup (expires_at);

-- Background tasks and their state machine; a restart finds the unfinished ones here.
CREATE TABLE runtime_tasks (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    request TEXT NOT NULL,
    state TEXT NOT NULL,
    progress TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX runtime_tasks_state ON runtime_tasks (state, created_at);
