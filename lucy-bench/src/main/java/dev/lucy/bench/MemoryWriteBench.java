package dev.lucy.bench;

import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.PostgresMemoryStore;
import dev.lucy.store.SqliteMemoryStore;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code ./lucy bench memory-writes [--writes N] [--threads N] [--db sqlite|postgres|both]}: N fact writes from
 * many concurrent virtual threads; counts lost and duplicated facts and reports throughput.
 */
final class MemoryWriteBench implements BenchMain.Bench {
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");

    record Result(String db, int writes, int threads, long millis, int stored, int lost, int duplicated, int failed) {
        double perSecond() {
            return writes * 1000.0 / Math.max(1, millis);
        }
    }

    @Override
    public String summary() {
        return "fact writes from concurrent virtual threads on SQLite and PostgreSQL (--writes, --threads, --db)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        flywayLog.setLevel(Level.WARNING);
        int writes;
        int threads;
        String db;
        try {
            Map<String, String> options = BenchOptions.parse(args, Set.of("writes", "threads", "db"));
            writes = BenchOptions.positive(options, "writes", 10_000);
            threads = BenchOptions.positive(options, "threads", 1_000);
            db = options.getOrDefault("db", "both");
            if (!Set.of("sqlite", "postgres", "both").contains(db)) {
                throw new IllegalArgumentException("--db must be sqlite, postgres or both, not '" + db + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("lucy bench memory-writes: " + e.getMessage());
            return BenchMain.USAGE;
        }
        List<Result> results = new ArrayList<>();
        try {
            if (db.equals("sqlite") || db.equals("both")) {
                Path dir = Files.createTempDirectory("lucy-bench-sqlite");
                try (Database database = Database.open(DatabaseConfig.sqlite(dir))) {
                    results.add(measure("sqlite", SqliteMemoryStore.open(database), writes, threads));
                }
            }
            if (db.equals("postgres") || db.equals("both")) {
                try (EmbeddedPostgres pg = EmbeddedPostgres.start(true);
                        Database database = Database.open(DatabaseConfig.builder(pg.createDatabase())
                                .maxPoolSize(20)
                                .build())) {
                    results.add(measure("postgresql", PostgresMemoryStore.open(database), writes, threads));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            err.println("lucy bench memory-writes: failed: " + e);
            return BenchMain.FAILED;
        }
        out.printf(
                "%-11s %7s %7s %9s %10s %6s %11s %7s%n",
                "database", "writes", "threads", "millis", "writes/s", "lost", "duplicated", "failed");
        for (Result r : results) {
            out.printf(
                    "%-11s %7d %7d %9d %10.0f %6d %11d %7d%n",
                    r.db(), r.writes(), r.threads(), r.millis(), r.perSecond(), r.lost(), r.duplicated(), r.failed());
        }
        out.println(results.stream()
                .map(r -> String.format(
                        "{\"db\":\"%s\",\"writes\":%d,\"threads\":%d,\"millis\":%d,\"writesPerSecond\":%.0f,"
                                + "\"lost\":%d,\"duplicated\":%d,\"failed\":%d}",
                        r.db(),
                        r.writes(),
                        r.threads(),
                        r.millis(),
                        r.perSecond(),
                        r.lost(),
                        r.duplicated(),
                        r.failed()))
                .collect(Collectors.joining(",", "{\"bench\":\"memory-writes\",\"results\":[", "]}")));
        return results.stream().allMatch(r -> r.lost() == 0 && r.duplicated() == 0 && r.failed() == 0)
                ? BenchMain.OK
                : BenchMain.FAILED;
    }

    static Result measure(String name, MemoryStore store, int writes, int threads) throws InterruptedException {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        int failed = 0;
        long began;
        long ended;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                int share = writes / threads + (t < writes % threads ? 1 : 0);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < share; i++) {
                        String id = "w" + thread + "-" + i;
                        store.write(Fact.create(
                                id,
                                "bench",
                                Optional.empty(),
                                "user " + thread + " fact " + i,
                                "User " + thread + " stated fact number " + i + " about the roadmap.",
                                Category.FACT,
                                Target.COMPANY,
                                new Source("U" + thread, "C" + thread, Instant.now())));
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            began = System.nanoTime();
            start.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            ended = System.nanoTime();
        }
        List<Fact> stored =
                store.list(FactQuery.workspace("bench").withHistory().limit(Integer.MAX_VALUE));
        Set<String> ids = stored.stream().map(Fact::id).collect(Collectors.toSet());
        Set<String> texts = stored.stream().map(Fact::text).collect(Collectors.toSet());
        int lost = (int) acknowledged.stream().filter(id -> !ids.contains(id)).count();
        int duplicated = stored.size() - texts.size();
        return new Result(name, writes, threads, (ended - began) / 1_000_000, stored.size(), lost, duplicated, failed);
    }
}
