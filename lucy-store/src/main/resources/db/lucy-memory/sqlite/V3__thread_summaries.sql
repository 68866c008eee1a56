-- The running summary of each long conversation's older messages, extended as the conversation grows.
-- Times are epoch milliseconds (UTC).
CREATE TABLE thread_summaries (
    workspace_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    covered_until BIGINT NOT NULL,
    messages INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id)
);
