-- The vector of each fact, computed once when the fact was written, for recall by meaning (lucy-embeddings).
-- model names the embedding model that made it: vectors of different models are never compared. The vector is
-- little-endian float32s. seq orders the rows, so a process catches up with vectors other processes stored.
CREATE TABLE memory_fact_vectors (
    seq INTEGER PRIMARY KEY,
    fact_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    UNIQUE (fact_id, model)
);
CREATE INDEX memory_fact_vectors_model ON memory_fact_vectors (model, seq);

-- A forgotten fact's vector goes with it.
CREATE TRIGGER memory_fact_vectors_forget AFTER DELETE ON memory_facts BEGIN
    DELETE FROM memory_fact_vectors WHERE fact_id = old.id;
END;
