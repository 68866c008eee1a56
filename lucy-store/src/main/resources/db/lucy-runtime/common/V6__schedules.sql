-- Schedules people made (lucy-tools' ScheduleStore): at each time Lucy runs the instruction as the creator and posts in
-- the conversation. A schedule fires on a cron expression (cron) or once (once_at), read in an IANA zone. Every change
-- is a compare-and-set on version, so of several replicas reading one due schedule exactly one claims each time, by
-- moving next_run_at past it. The claim stays open (claimed_due, claimed_by: the time and the replica's instance name)
-- until the run is in that replica's inbox; a claim whose replica went silent (runtime_replicas) is taken over by
-- another. Times are epoch milliseconds (UTC); next_run_at is NULL once a one-off schedule ran.
CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    instruction TEXT NOT NULL,
    cron TEXT,
    once_at BIGINT,
    zone TEXT NOT NULL,
    state TEXT NOT NULL,
    missed_runs TEXT NOT NULL,
    failures INTEGER NOT NULL,
    next_run_at BIGINT,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    claimed_due BIGINT,
    claimed_by TEXT
);
CREATE INDEX schedules_due ON schedules (state, next_run_at);
CREATE INDEX schedules_workspace ON schedules (workspace_id, created_at);
CREATE INDEX schedules_claims ON schedules (claimed_by, claimed_due);
