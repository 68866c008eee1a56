-- Several replicas on one database: at most one run per conversation at any moment, in the order its messages
-- arrived (ConversationLeases, and the runtime's queued runs).
--
-- A run triaged for an event is marked on its inbox row with what triage decided (priority, model tier, working
-- emoji), so the replica holding the conversation's lease can run it, whichever replica received it; it takes the row
-- for a new attempt first (owner and attempt, as a restart does). Rows without a run (quick replies) stay unmarked.
ALTER TABLE runtime_inbox ADD COLUMN run_priority TEXT;
ALTER TABLE runtime_inbox ADD COLUMN run_tier TEXT;
ALTER TABLE runtime_inbox ADD COLUMN run_emoji TEXT;
CREATE INDEX runtime_inbox_conversation ON runtime_inbox (conversation_id, received_at);

-- A conversation's lease: its holder (a replica's instance name), a fence that grows with every grant (never below
-- the grant's time in epoch milliseconds, so it keeps growing after an old row was purged), and when it runs out
-- unless renewed (epoch milliseconds, UTC; a release sets it to the release's time). A lease is granted by one
-- insert-or-update that succeeds only when the row is missing, ran out, or is the asker's own; renewed and released
-- only at its fence. Rows whose lease ended a day ago are purged.
CREATE TABLE runtime_leases (
    conversation_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    fence BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX runtime_leases_expiry ON runtime_leases (expires_at);
