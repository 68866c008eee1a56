package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.Embeddings;
import dev.lucy.memory.Candidate;
import dev.lucy.memory.Category;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SemanticRecall;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.Target;
import dev.lucy.memory.WriteOutcome;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.SqliteMemoryStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench memory-recall [--facts N] [--queries N] [--data DIR]}: recall latency (p50, p95, p99) with
 * N facts in one workspace on SQLite. With {@code --data}, the filled database is kept and reused by later runs.
 */
final class MemoryRecallBench extends OptionsBench<MemoryRecallBench.Options> {
    private static final String[] TEAMS = {
        "sales",
        "growth",
        "platform",
        "design",
        "support",
        "data",
        "payments",
        "mobile",
        "security",
        "marketing",
        "finance",
        "people",
        "legal",
        "infra",
        "search",
        "billing"
    };
    private static final String[] METRICS = {
        "revenue",
        "churn",
        "nps",
        "pipeline",
        "uptime",
        "conversion",
        "hiring",
        "retention",
        "activation",
        "latency",
        "margin",
        "bookings"
    };
    private static final String[] TOOLS = {
        "Jira",
        "Linear",
        "Notion",
        "Figma",
        "Datadog",
        "Sentry",
        "GitHub",
        "Snowflake",
        "Looker",
        "HubSpot",
        "Salesforce",
        "Zendesk",
        "Kubernetes",
        "Terraform",
        "Postgres",
        "Redis"
    };
    private static final String[] PERIODS = {"Q1", "Q2", "Q3", "Q4", "H1", "H2", "2026", "2027"};
    private static final String[] QUESTIONS = {
        "What's our %s target for %s?",
        "Which tool does the %s team use for tickets?",
        "When is the %s launch?",
        "Who leads the %s team?",
        "What did we decide about %s?",
        "remind me what the %s team prefers"
    };

    private final Logger flywayLog = Logger.getLogger("org.flywaydb");

    /** The options: facts to fill, queries to time, and where the database is kept ({@code --data}), if anywhere. */
    record Options(int facts, int queries, Optional<Path> data, boolean semantic) {}

    /** The options of {@code ./lucy bench memory-recall}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--facts",
                paramLabel = "N",
                defaultValue = "100000",
                converter = Values.Positive.class,
                description = "Facts in the one workspace.")
        int facts;

        @Option(
                names = "--queries",
                paramLabel = "N",
                defaultValue = "2000",
                converter = Values.Positive.class,
                description = "Recalls timed, after a warm-up.")
        int queries;

        @Option(
                names = "--data",
                paramLabel = "DIR",
                description =
                        "Keep the filled database in DIR and reuse it in later runs (default: a temporary" + " one).")
        Path data;

        @Option(
                names = "--semantic",
                description = "Hybrid recall: every fact's vector stored and searched (HNSW) beside the keyword"
                        + " search, fused. Vectors come from the free hashing embeddings with the model's 384"
                        + " dimensions, so the figure is recall's own cost; embedding the message with the model"
                        + " adds its time (./lucy bench retrieval reports it).")
        boolean semantic;

        @Override
        public Options settings() {
            return new Options(facts, queries, Optional.ofNullable(data), semantic);
        }
    }

    MemoryRecallBench() {
        super("memory-recall", Args::new, "Recall latency (p50, p95, p99) with many facts in one workspace on SQLite.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        flywayLog.setLevel(Level.WARNING);
        int facts = options.facts();
        int queries = options.queries();
        try {
            Path dir =
                    options.data().isPresent() ? options.data().get() : Files.createTempDirectory("lucy-bench-recall");
            try (Database db = Database.open(DatabaseConfig.sqlite(dir))) {
                SqliteMemoryStore store = SqliteMemoryStore.open(db);
                Optional<SemanticRecall> semantic = options.semantic()
                        ? Optional.of(SemanticRecall.builder(Embeddings.hashing(384), store.vectors())
                                // every vector hit is fused, the most work recall can do
                                .minSimilarity(-1)
                                .build())
                        : Optional.empty();
                SessionMemory.Builder builder = SessionMemory.builder(store);
                semantic.ifPresent(builder::semanticRecall);
                SessionMemory memory = builder.build();
                long loadMillis = fill(memory, store, facts, semantic);
                Random random = new Random(42);
                for (int i = 0; i < Math.min(200, queries); i++) {
                    memory.recall(caller(random), question(random), 1_000); // warm-up
                }
                long[] nanos = new long[queries];
                long[] cpu = new long[queries];
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                int recalled = 0;
                for (int i = 0; i < queries; i++) {
                    Caller caller = caller(random);
                    String q = question(random);
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    recalled += memory.recall(caller, q, 1_000).size();
                    nanos[i] = System.nanoTime() - t0;
                    cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                }
                Arrays.sort(nanos);
                Arrays.sort(cpu);
                double p50 = nanos[queries / 2] / 1e6;
                double p95 = nanos[(int) Math.ceil(queries * 0.95) - 1] / 1e6;
                double p99 = nanos[(int) Math.ceil(queries * 0.99) - 1] / 1e6;
                double cpu50 = cpu[queries / 2] / 1e6;
                double cpu95 = cpu[(int) Math.ceil(queries * 0.95) - 1] / 1e6;
                double avgRecalled = (double) recalled / queries;
                out.printf(
                        "%-8s %-8s %-12s %8s %8s %8s %9s %9s %13s%n",
                        "facts",
                        "queries",
                        "fill (ms)",
                        "p50 ms",
                        "p95 ms",
                        "p99 ms",
                        "cpu p50",
                        "cpu p95",
                        "facts/recall");
                if (options.semantic()) {
                    out.println("hybrid recall (keyword + HNSW over 384-dimension vectors, fused); the first recall"
                            + " read every vector into the graph, before the timed ones");
                }
                out.printf(
                        "%-8d %-8d %-12d %8.2f %8.2f %8.2f %9.2f %9.2f %13.1f%n",
                        facts, queries, loadMillis, p50, p95, p99, cpu50, cpu95, avgRecalled);
                out.printf(
                        "wall clock, then CPU time of the recalling thread (SQLite included); load average %.1f on %d"
                                + " cores%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
                out.printf(
                        "{\"bench\":\"memory-recall\",\"facts\":%d,\"queries\":%d,\"p50Ms\":%.3f,\"p95Ms\":%.3f,"
                                + "\"p99Ms\":%.3f,\"cpuP50Ms\":%.3f,\"cpuP95Ms\":%.3f,\"avgFactsRecalled\":%.1f,"
                                + "\"semantic\":%b}%n",
                        facts, queries, p50, p95, p99, cpu50, cpu95, avgRecalled, options.semantic());
                return BenchMain.OK;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            err.println("lucy bench memory-recall: failed: " + e);
            return BenchMain.FAILED;
        }
    }

    private static Caller caller(Random random) {
        return new Caller("bench", "U" + random.nextInt(500), "C" + random.nextInt(5_000));
    }

    private static String question(Random random) {
        String q = QUESTIONS[random.nextInt(QUESTIONS.length)];
        return String.format(
                q, pick(random, METRICS.length > 0 && q.contains("target") ? METRICS : TEAMS), pick(random, PERIODS));
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    /** Fills the workspace up to {@code facts} facts through the store, from 16 writers; returns the millis taken. */
    private static long fill(
            SessionMemory memory, SqliteMemoryStore store, int facts, Optional<SemanticRecall> semantic)
            throws InterruptedException {
        int present = store.list(FactQuery.workspace("bench").withHistory().limit(Integer.MAX_VALUE))
                .size();
        if (present >= facts) {
            return 0;
        }
        long t0 = System.nanoTime();
        int writers = 16;
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    for (int i = present + writer; i < facts; i += writers) {
                        WriteOutcome outcome = store.write(memory.toFact(
                                new Caller("bench", "U" + random.nextInt(500), "C" + random.nextInt(5_000)),
                                candidate(i, random)));
                        if (semantic.isPresent() && !(outcome instanceof WriteOutcome.Duplicate)) {
                            Embeddings e = semantic.get().embeddings();
                            store.vectors()
                                    .put(
                                            outcome.fact(),
                                            e.name(),
                                            e.embed(outcome.fact().text()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("filling the store failed", e.getCause());
                }
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Candidate candidate(int i, Random random) {
        String team = pick(random, TEAMS);
        String subject = "bench " + i;
        return switch (i % 6) {
            case 0 ->
                new Candidate(
                        subject,
                        "The " + team + " team's " + pick(random, METRICS) + " target for " + pick(random, PERIODS)
                                + " is $" + (100 + random.nextInt(900)) + "K (item " + i + ").",
                        Category.FACT,
                        Target.TEAM,
                        false,
                        false);
            case 1 ->
                new Candidate(
                        subject,
                        "The " + team + " team uses " + pick(random, TOOLS) + " for project " + i + ".",
                        Category.FACT,
                        Target.TEAM,
                        false,
                        false);
            case 2 ->
                new Candidate(
                        subject,
                        "Project " + i + " for " + team + " launches in " + pick(random, PERIODS) + ".",
                        Category.PROJECT,
                        Target.COMPANY,
                        false,
                        false);
            case 3 ->
                new Candidate(
                        subject,
                        "Person " + i + " leads the " + team + " work on " + pick(random, METRICS) + ".",
                        Category.FACT,
                        Target.TEAM,
                        false,
                        false);
            case 4 ->
                new Candidate(
                        subject,
                        "We decided that " + team + " owns " + pick(random, METRICS) + " reporting, decision " + i
                                + ".",
                        Category.DECISION,
                        Target.COMPANY,
                        false,
                        false);
            default ->
                new Candidate(
                        subject,
                        "The " + team + " team prefers async updates in thread " + i + ".",
                        Category.PREFERENCE,
                        Target.TEAM,
                        false,
                        false);
        };
    }
}
