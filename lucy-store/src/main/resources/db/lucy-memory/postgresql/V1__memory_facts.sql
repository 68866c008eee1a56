-- Facts remembered by Lucy, one row per statement version. Times are epoch milliseconds (UTC).
CREATE TABLE memory_facts (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL,
    scope_user TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    category TEXT NOT NULL,
    target TEXT NOT NULL,
    source_user TEXT NOT NULL,
    source_conversation TEXT NOT NULL,
    source_at BIGINT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to BIGINT,
    superseded_by TEXT,
    occurrences INTEGER NOT NULL DEFAULT 1,
    last_seen_at BIGINT NOT NULL,
    promoted_at BIGINT
);

-- At most one active fact per owner and text, and per owner and subject: concurrent writers cannot duplicate.
CREATE UNIQUE INDEX memory_facts_active_dedup ON memory_facts (workspace_id, scope_user, dedup_key)
    WHERE valid_to IS NULL;
CREATE UNIQUE INDEX memory_facts_active_subject ON memory_facts (workspace_id, scope_user, subject)
    WHERE valid_to IS NULL;
CREATE INDEX memory_facts_recent ON memory_facts (workspace_id, last_seen_at);
CREATE INDEX memory_facts_source_user ON memory_facts (workspace_id, source_user);

-- Full-text index over subject and text for recall ('simple': no language-specific stemming).
CREATE INDEX memory_facts_search ON memory_facts
    USING GIN (to_tsvector('simple', subject || ' ' || text));
