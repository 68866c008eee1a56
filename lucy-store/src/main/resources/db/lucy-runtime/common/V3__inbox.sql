-- Events received and not yet answered (the runtime's Inbox). A row is written in the same transaction as the
-- event's deduplication claims (runtime_dedup), before the platform is told the event arrived, and deleted once the
-- person has their answer or a notice. A start takes its owner's rows for a new attempt: attempt counts the takes,
-- and every change names the attempt it expects, so two takers never hold the same attempt and an older one cannot
-- finish a newer one. owner is the instance name, the same across that instance's restarts.
-- Several replicas can later add a lease (a lease_until column the owner renews) so that another replica takes the
-- rows whose lease ran out, with the same attempt check; nothing here needs to change for that.
-- Times: sent_at in epoch nanoseconds (a Slack ts has microseconds), received_at and taken_at in epoch
-- milliseconds (UTC).
CREATE TABLE runtime_inbox (
    event_id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    text TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    owner TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    taken_at BIGINT NOT NULL
);
CREATE INDEX runtime_inbox_owner ON runtime_inbox (owner, received_at);
