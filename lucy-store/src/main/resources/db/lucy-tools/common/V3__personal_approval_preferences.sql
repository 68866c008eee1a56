-- "Always allow this tool for me": a person who is not an admin of the workspace allows a tool for their own calls
-- only. Workspace-wide choices stay in tool_approval_preferences.
CREATE TABLE tool_approval_person_preferences (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    allowed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id, tool)
);
