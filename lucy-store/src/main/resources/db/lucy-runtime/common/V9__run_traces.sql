-- What each agent run did, for the web console (lucy-core's RunTraces): one row per run, one per step. Written after
-- the run from a background queue, deleted when older than the configured retention. Times are epoch milliseconds
-- (UTC), durations milliseconds; tool arguments and results in detail are redacted before they are written.
CREATE TABLE run_traces (
    run_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    triage TEXT NOT NULL,
    queue_wait_ms BIGINT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL
);
CREATE INDEX run_traces_workspace ON run_traces (workspace_id, started_at);
CREATE INDEX run_traces_started ON run_traces (started_at);
CREATE TABLE run_trace_steps (
    run_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    detail TEXT NOT NULL,
    took_ms BIGINT NOT NULL,
    PRIMARY KEY (run_id, position)
);
