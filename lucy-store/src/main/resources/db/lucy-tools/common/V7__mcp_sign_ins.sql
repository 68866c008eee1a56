-- Sign-ins in progress (/lucy connect NAME made a link; the person has not come back yet), so that whichever replica
-- the browser reaches completes them. state_hash is a SHA-256 of the link's state (the state itself is not kept);
-- sealed_sign_in holds the PKCE verifier, the client and the authorization server's endpoints, sealed with AES-GCM
-- under Lucy's secret key (key_id names that key). A row is deleted when its callback uses it, or once expired.
CREATE TABLE mcp_sign_ins (
    state_hash TEXT NOT NULL PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    server TEXT NOT NULL,
    key_id TEXT NOT NULL,
    sealed_sign_in TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX mcp_sign_ins_expiry ON mcp_sign_ins (expires_at);
