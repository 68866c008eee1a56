-- Token buckets shared by every process using the database (RateBudget). One row per budget key, changed only
-- inside a transaction that holds the row. The level is in units of 1/period_nanos of a token (an exact integer,
-- written as decimal text because it can outgrow 64 bits); updated_at is epoch nanoseconds (UTC).
CREATE TABLE runtime_rate_budgets (
    budget_key TEXT PRIMARY KEY,
    limit_amount BIGINT NOT NULL,
    limit_period_nanos BIGINT NOT NULL,
    level TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
