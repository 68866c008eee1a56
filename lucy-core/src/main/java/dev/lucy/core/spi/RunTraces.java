package dev.lucy.core.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the traces of finished agent runs are kept, for the web console. The default, {@link #inMemory()}, keeps them
 * in the process; lucy-store keeps them in SQLite or PostgreSQL. Implementations are thread safe and blocking; callers
 * write from a background thread, never from a run, and prune what is older than they keep.
 */
public interface RunTraces {

    /** Stores {@code trace} with its steps, replacing a trace of the same run id. */
    void save(RunTrace trace);

    /**
     * Stores {@code traces} as {@link #save} does each, in order. The default saves them one by one; a database store
     * writes them in one transaction, which is what the writer behind a busy bot calls.
     */
    default void saveAll(List<RunTrace> traces) {
        traces.forEach(this::save);
    }

    /** The runs {@code query} asks for, newest first, as {@link RunTrace#summary() summaries} (no steps). */
    List<RunTrace> find(TraceQuery query);

    /** The run {@code runId} with its steps, if it is kept. */
    Optional<RunTrace> get(String runId);

    /**
     * Runs and tokens per day (UTC) and workspace, of the runs in {@code workspaces} that started at or after
     * {@code since}: newest day first, workspaces in order within a day. The default adds up {@link #find} (at most
     * {@link #USAGE_SCAN} runs); stores with a query language do it there.
     */
    default List<DailyUsage> usage(Set<String> workspaces, Instant since) {
        Map<String, long[]> sums = new TreeMap<>(Comparator.reverseOrder());
        for (RunTrace run : find(TraceQuery.in(workspaces).withSince(since).withLimit(USAGE_SCAN))) {
            String key = LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC) + " " + run.workspaceId();
            long[] sum = sums.computeIfAbsent(key, k -> new long[3]);
            sum[0]++;
            sum[1] += run.promptTokens();
            sum[2] += run.completionTokens();
        }
        List<DailyUsage> usage = new ArrayList<>();
        sums.forEach((key, sum) -> {
            String[] dayAndWorkspace = key.split(" ", 2);
            usage.add(new DailyUsage(LocalDate.parse(dayAndWorkspace[0]), dayAndWorkspace[1], sum[0], sum[1], sum[2]));
        });
        usage.sort(Comparator.comparing(DailyUsage::day).reversed().thenComparing(DailyUsage::workspaceId));
        return List.copyOf(usage);
    }

    /**
     * Requests and tokens per day (UTC), workspace and model, of the runs in {@code workspaces} that started at or
     * after {@code since}: newest day first, then by workspace and model. The default reads each run {@link #find}
     * lists (at most {@link #USAGE_SCAN}) with {@link #get}; stores with a query language add them up there.
     */
    default List<ModelUsage> modelUsage(Set<String> workspaces, Instant since) {
        Map<String, long[]> sums = new TreeMap<>();
        for (RunTrace summary : find(TraceQuery.in(workspaces).withSince(since).withLimit(USAGE_SCAN))) {
            RunTrace run = get(summary.runId()).orElse(summary);
            for (RunTrace.ModelUse use : run.models()) {
                String key = LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC) + "\u0000" + run.workspaceId()
                        + "\u0000" + use.model();
                long[] sum = sums.computeIfAbsent(key, k -> new long[3]);
                sum[0] += use.requests();
                sum[1] += use.promptTokens();
                sum[2] += use.completionTokens();
            }
        }
        List<ModelUsage> usage = new ArrayList<>();
        sums.forEach((key, sum) -> {
            String[] parts = key.split("\u0000", 3);
            usage.add(new ModelUsage(LocalDate.parse(parts[0]), parts[1], parts[2], sum[0], sum[1], sum[2]));
        });
        usage.sort(Comparator.comparing(ModelUsage::day)
                .reversed()
                .thenComparing(ModelUsage::workspaceId)
                .thenComparing(ModelUsage::model));
        return List.copyOf(usage);
    }

    /** The most runs {@link #usage}'s default adds up. */
    int USAGE_SCAN = 100_000;

    /** Deletes the traces of runs that started before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff);

    /** Traces kept in this process only, lost at restart. */
    static RunTraces inMemory() {
        return new InMemoryRunTraces();
    }
}
