-- Facts remembered by Lucy, one row per statement version. Times are epoch milliseconds (UTC).
CREATE TABLE memory_facts (
    seq INTEGER PRIMARY KEY,
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

-- Full-text index for recall: the workspace is indexed too, so a search reads only that workspace's postings;
-- porter stemming lets "targets" find "target".
CREATE VIRTUAL TABLE memory_facts_fts USING fts5 (
    workspace_id, subject, text, content='memory_facts', content_rowid='seq', tokenize='porter unicode61');

CREATE TRIGGER memory_facts_fts_insert AFTER INSERT ON memory_facts BEGIN
    INSERT INTO memory_facts_fts (rowid, workspace_id, subject, text)
    VALUES (new.seq, new.workspace_id, new.subject, new.text);
END;

CREATE TRIGGER memory_facts_fts_delete AFTER DELETE ON memory_facts BEGIN
    INSERT INTO memory_facts_fts (memory_facts_fts, rowid, workspace_id, subject, text)
    VALUES ('delete', old.seq, old.workspace_id, old.subject, old.text);
END;
