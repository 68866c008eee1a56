package dev.lucy.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the traces of finished agent runs are kept, for the web console. The default, {@link #inMemory()}, keeps them
 * in the process; lucy-store keeps them in SQLite or PostgreSQL. Implementations are thread safe and blocking; callers
 * write from a background thread, never from a run, and prune what is older than they keep.
 */
public interface RunTraces {

    /** Stores {@code trace} with its steps, replacing a trace of the same run id. */
    void save(RunTrace trace);

    /** The runs {@code query} asks for, newest first, as {@link RunTrace#summary() summaries} (no steps). */
    List<RunTrace> find(TraceQuery query);

    /** The run {@code runId} with its steps, if it is kept. */
    Optional<RunTrace> get(String runId);

    /** Deletes the traces of runs that started before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff);

    /** Traces kept in this process only, lost at restart. */
    static RunTraces inMemory() {
        return new InMemoryRunTraces();
    }
}
