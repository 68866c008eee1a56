-- The tokens each traced run used of each model, for the web console's cost per day and workspace (prices per model
-- are configuration, never stored): one row per run and model, written and deleted with the run's trace.
CREATE TABLE run_trace_models (
    run_id TEXT NOT NULL,
    model TEXT NOT NULL,
    requests BIGINT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    PRIMARY KEY (run_id, model)
);
-- Changes an operator made to what Lucy remembers (a fact forgotten from the web console): who, when, which fact and
-- from where. The forgotten fact's words are not kept here, only its id, tier and subject. Times are epoch
-- milliseconds (UTC).
CREATE TABLE memory_audit (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    workspace_id TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    fact_tier TEXT NOT NULL,
    fact_subject TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE INDEX memory_audit_workspace ON memory_audit (workspace_id, at);
