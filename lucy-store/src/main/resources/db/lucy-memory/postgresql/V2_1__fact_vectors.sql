-- The vector of each fact, computed once when the fact was written, for recall by meaning (lucy-embeddings).
-- model names the embedding model that made it: vectors of different models are never compared. The vector is
-- little-endian float32s. seq orders the rows, so a replica catches up with vectors other replicas stored.
CREATE TABLE memory_fact_vectors (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- a forgotten fact's vector goes with it
    fact_id TEXT NOT NULL REFERENCES memory_facts (id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BYTEA NOT NULL,
    UNIQUE (fact_id, model)
);
CREATE INDEX memory_fact_vectors_model ON memory_fact_vectors (model, seq);
