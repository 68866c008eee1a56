-- The OAuth grants people got by connecting an MCP server themselves (/lucy connect NAME): one per workspace, person
-- and server. The grant (tokens, their expiry and the client they were issued to) is sealed with AES-GCM under
-- Lucy's secret key; key_id names that key (a digest of it, never the key), so a wrong key is told apart from a
-- damaged row.
CREATE TABLE mcp_connections (
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    server TEXT NOT NULL,
    key_id TEXT NOT NULL,
    sealed_grant TEXT NOT NULL,
    connected_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id, server)
);
