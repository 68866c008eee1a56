-- What tool retrieval learned from use: each request a tool served, kept so a restart recalls it. SQLite's
-- writers take turns, so positions become visible in order. Each tool keeps its latest rows only.
CREATE TABLE tool_served_requests (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,
    tool TEXT NOT NULL,
    request TEXT NOT NULL
);
CREATE INDEX tool_served_requests_by_tool ON tool_served_requests (tool, position);

-- The services each workspace (user_id '') or person has connected.
CREATE TABLE tool_connections (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    connected_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id, provider)
);
