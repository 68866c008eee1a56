package dev.lucy.bench;

import dev.lucy.app.cli.Values;
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
import java.util.Iterator;
import java.util.List;
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
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench memory-writes [--writes N] [--threads N] [--db sqlite|postgres|both]}: N fact writes from
 * many concurrent virtual threads; counts lost and duplicated facts and reports throughput.
 */
final class MemoryWriteBench extends OptionsBench<MemoryWriteBench.Options> {
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");

    record Result(String db, int writes, int threads, long millis, int stored, int lost, int duplicated, int failed) {
        double perSecond() {
            return writes * 1000.0 / Math.max(1, millis);
        }
    }

    /** The options: writes in all, threads writing, and which databases ({@code sqlite}, {@code postgres}, both). */
    record Options(int writes, int threads, String db) {}

    /** The options of {@code ./lucy bench memory-writes}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--writes",
                paramLabel = "N",
                defaultValue = "10000",
                converter = Values.Positive.class,
                description = "Fact writes in all.")
        int writes;

        @Option(
                names = "--threads",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "Virtual threads writing at once.")
        int threads;

        @Option(
                names = "--db",
                paramLabel = "DB",
                defaultValue = "both",
                completionCandidates = Databases.class,
                description = "sqlite, postgres (embedded, on loopback) or both.")
        String db;

        @Override
        public Options settings() {
            if (!DATABASES.contains(db)) {
                throw new IllegalArgumentException("--db must be sqlite, postgres or both, not '" + db + "'");
            }
            return new Options(writes, threads, db);
        }
    }

    private static final List<String> DATABASES = List.of("sqlite", "postgres", "both");

    /** What {@code --db} takes, for shell completion. */
    static final class Databases implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return DATABASES.iterator();
        }
    }

    MemoryWriteBench() {
        super(
                "memory-writes",
                Args::new,
                "Fact writes from concurrent virtual threads on SQLite and PostgreSQL: lost, duplicated, throughput.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        flywayLog.setLevel(Level.WARNING);
        int writes = options.writes();
        int threads = options.threads();
        String db = options.db();
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
