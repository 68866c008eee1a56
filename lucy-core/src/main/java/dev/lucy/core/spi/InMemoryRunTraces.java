package dev.lucy.core.spi;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link RunTraces#inMemory()}: a concurrent map of run id to trace. */
final class InMemoryRunTraces implements RunTraces {
    private static final Comparator<RunTrace> NEWEST_FIRST = Comparator.comparing(RunTrace::startedAt)
            .thenComparing(RunTrace::runId)
            .reversed();

    private final ConcurrentMap<String, RunTrace> traces = new ConcurrentHashMap<>();

    @Override
    public void save(RunTrace trace) {
        traces.put(trace.runId(), trace);
    }

    @Override
    public List<RunTrace> find(TraceQuery query) {
        return traces.values().stream()
                .filter(query::matches)
                .sorted(NEWEST_FIRST)
                .limit(query.limit())
                .map(RunTrace::summary)
                .toList();
    }

    @Override
    public Optional<RunTrace> get(String runId) {
        return Optional.ofNullable(traces.get(runId));
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        int[] deleted = {0};
        traces.values().removeIf(trace -> {
            boolean old = trace.startedAt().isBefore(cutoff);
            if (old) {
                deleted[0]++;
            }
            return old;
        });
        return deleted[0];
    }
}
