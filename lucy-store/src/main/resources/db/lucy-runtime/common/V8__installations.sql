-- The Slack workspaces Lucy is installed in (one row per workspace, from Slack's OAuth v2 install flow or the single
-- SLACK_BOT_TOKEN): the bot's user id and its token, sealed with the secret key (key_id names the key), with the
-- refresh token and the expiry when the app rotates its tokens. Times are epoch milliseconds (UTC).
CREATE TABLE slack_installations (
    workspace_id TEXT PRIMARY KEY,
    bot_user_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    key_id TEXT NOT NULL,
    sealed_tokens TEXT NOT NULL,
    expires_at BIGINT,
    installed_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- Which workspace a channel or a person belongs to, learnt from the events Slack delivers, so an answer, a schedule
-- or a lookup uses that workspace's token, on any replica and after a restart.
CREATE TABLE slack_placements (
    slack_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL
);
CREATE INDEX slack_placements_workspace ON slack_placements (workspace_id);
-- The state of each install link Lucy handed out: unguessable, used once, expiring.
CREATE TABLE slack_install_states (
    state TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
