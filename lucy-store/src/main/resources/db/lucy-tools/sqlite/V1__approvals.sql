-- Every approval asked for: a row is written when the request is shown (outcome NULL while it waits) and
-- completed once when it ends. A restart finds the requests its process left waiting by owner.
-- Times are epoch nanoseconds (UTC).
CREATE TABLE tool_approvals (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    description TEXT NOT NULL,
    arguments TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    outcome TEXT,
    decided_by TEXT,
    decided_at BIGINT
);
CREATE INDEX tool_approvals_waiting ON tool_approvals (owner, outcome);
CREATE INDEX tool_approvals_ended ON tool_approvals (decided_at, position);

-- "Always allow this tool here", per workspace and tool.
CREATE TABLE tool_approval_preferences (
    workspace_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    allowed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, tool)
);
