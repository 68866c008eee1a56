-- Several replicas on one database. Each process beats in runtime_replicas (its instance name and when it last said
-- it was alive); the work of an owner that stopped beating (its unanswered inbox rows, its unfinished tasks) is taken
-- over by another, one taker per row through the attempt it was at. Rows older than this migration have the owner ''
-- and no beat, so the first replica to look takes them.
-- Times are epoch milliseconds (UTC).
CREATE TABLE runtime_replicas (
    owner TEXT PRIMARY KEY,
    beat_at BIGINT NOT NULL
);

ALTER TABLE runtime_tasks ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE runtime_tasks ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
CREATE INDEX runtime_tasks_owner ON runtime_tasks (owner, state);

-- The conversations Lucy takes part in (it was mentioned, written to directly, or posted there): a reply in one
-- reaches Lucy without a new mention, on every replica and after a restart. seen_at is the last activity; rows
-- quiet for longer than the participation period are deleted.
CREATE TABLE runtime_participation (
    conversation_id TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
CREATE INDEX runtime_participation_seen ON runtime_participation (seen_at);
