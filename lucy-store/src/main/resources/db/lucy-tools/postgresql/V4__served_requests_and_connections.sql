-- What tool retrieval learned from use: each request a tool served, kept so a restart or another replica recalls
-- it. Writers take the table's lock for their short append, so positions become visible in order and a reader that
-- has seen up to a position misses nothing stored later. Each tool keeps its latest rows only.
CREATE TABLE tool_served_requests (
    position BIGSERIAL PRIMARY KEY,
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
