package dev.lucy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.cli.Values;
import dev.lucy.core.Caller;
import dev.lucy.tools.Connections;
import dev.lucy.tools.Tool;
import dev.lucy.tools.ToolCatalogue;
import dev.lucy.tools.ToolRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench catalogue-cache}: the hit ratio of {@link ToolCatalogue} (what each workspace and user has
 * connected, cached in Caffeine) under a simulated working day, against its SLO of 80%.
 *
 * <p>Every message is one catalogue lookup, as {@code PipelineToolExecutor.toolsFor} makes. Workspaces and their
 * users are picked with Zipf-like popularity (a few busy teams, a long tail of quiet ones), messages arrive as a
 * Poisson process over the simulated hours, and now and then a workspace connects or disconnects a provider, which
 * invalidates its entries. Time is a simulated ticker and the background refresh runs on the calling thread, so a
 * run is deterministic for its seed and takes no wall-clock time beyond the lookups.
 */
final class CatalogueCacheBench extends OptionsBench<CatalogueCacheBench.Options> {
    private static final double SLO = 0.80;

    /** The options: the workload of every run (its message volume aside), the tools, the volumes to run at. */
    record Options(Workload workload, int toolCount, List<Integer> volumes) {}

    /** The options of {@code ./lucy bench catalogue-cache}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--messages",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Messages in the simulated day; without it, three runs at 5,000, 50,000 and 500,000.")
        Integer messages;

        @Option(
                names = "--workspaces",
                paramLabel = "N",
                defaultValue = "300",
                converter = Values.Positive.class,
                description = "Workspaces, picked with Zipf-like popularity.")
        int workspaces;

        @Option(
                names = "--users",
                paramLabel = "N",
                defaultValue = "30",
                converter = Values.Positive.class,
                description = "Users per workspace, at most.")
        int users;

        @Option(
                names = "--hours",
                paramLabel = "N",
                defaultValue = "8",
                converter = Values.Positive.class,
                description = "Simulated working hours the messages spread over.")
        int hours;

        @Option(
                names = "--changes-per-hour",
                paramLabel = "N",
                defaultValue = "6",
                converter = Values.Positive.class,
                description = "Provider connections or disconnections per hour, each invalidating its entries.")
        int changesPerHour;

        @Option(
                names = "--tools",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "Synthetic tools, spread over providers.")
        int tools;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "42",
                converter = Values.Positive.class,
                description = "Seed of the simulated day; a run is deterministic for its seed.")
        int seed;

        @Option(
                names = "--ttl-minutes",
                paramLabel = "MIN",
                converter = Values.Positive.class,
                description = "How long a catalogue entry lives (the catalogue's default).")
        int ttlMinutes = (int) ToolCatalogue.DEFAULT_TTL.toMinutes();

        @Option(
                names = "--refresh-minutes",
                paramLabel = "MIN",
                converter = Values.Positive.class,
                description = "Age after which a used entry is refreshed in the background; below --ttl-minutes.")
        int refreshMinutes = (int) ToolCatalogue.DEFAULT_REFRESH.toMinutes();

        @Override
        public Options settings() {
            Duration ttl = Duration.ofMinutes(ttlMinutes);
            Duration refresh = Duration.ofMinutes(refreshMinutes);
            if (refresh.compareTo(ttl) >= 0) {
                throw new IllegalArgumentException("--refresh-minutes must be shorter than --ttl-minutes");
            }
            List<Integer> volumes = messages != null ? List.of(messages) : List.of(5_000, 50_000, 500_000);
            return new Options(
                    new Workload(workspaces, users, hours, changesPerHour, 0, seed, ttl, refresh), tools, volumes);
        }
    }

    CatalogueCacheBench() {
        super(
                "catalogue-cache",
                Args::new,
                "Tool catalogue cache hit ratio over a simulated working day (SLO 80%%).",
                "Every message is one catalogue lookup; the simulated day runs on a simulated clock, deterministic"
                        + " for its seed.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        Workload w = options.workload();
        List<Tool> tools = SyntheticTools.generate(options.toolCount(), 42);
        List<String> providers =
                tools.stream().map(Tool::provider).distinct().sorted().toList();

        out.printf(
                "Tool catalogue cache: %d workspaces x up to %d users, %d simulated hours, %d connection changes"
                        + " per hour, %d tools over %d providers; TTL %d min, refresh after %d min%n",
                w.workspaces(),
                w.users(),
                w.hours(),
                w.changesPerHour(),
                tools.size(),
                providers.size(),
                w.ttl().toMinutes(),
                w.refresh().toMinutes());
        out.println();
        out.printf("%-16s %10s %10s %10s %10s %8s%n", "messages/day", "lookups", "hits", "loads", "hit ratio", "SLO");

        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("bench", "catalogue-cache");
        report.put("slo", SLO);
        ArrayNode runs = report.putArray("runs");
        for (int messages : options.volumes()) {
            Result r = simulate(w.withMessages(messages), tools, providers);
            out.printf(
                    "%-16d %10d %10d %10d %9.1f%% %8s%n",
                    messages, r.lookups, r.hits, r.loads, r.hitRatio * 100, r.hitRatio >= SLO ? "met" : "MISSED");
            ObjectNode run = runs.addObject();
            run.put("messages", messages);
            run.put("lookups", r.lookups);
            run.put("hits", r.hits);
            run.put("loads", r.loads);
            run.put("hitRatio", r.hitRatio);
        }
        ObjectNode workload = report.putObject("workload");
        workload.put("workspaces", w.workspaces());
        workload.put("users", w.users());
        workload.put("hours", w.hours());
        workload.put("changesPerHour", w.changesPerHour());
        workload.put("tools", tools.size());
        workload.put("seed", w.seed());
        workload.put("ttlMinutes", w.ttl().toMinutes());
        workload.put("refreshMinutes", w.refresh().toMinutes());
        out.println();
        out.println(report);
        return BenchMain.OK;
    }

    record Workload(
            int workspaces,
            int users,
            int hours,
            int changesPerHour,
            int messages,
            long seed,
            Duration ttl,
            Duration refresh) {
        Workload(int workspaces, int users, int hours, int changesPerHour, int messages, long seed) {
            this(
                    workspaces,
                    users,
                    hours,
                    changesPerHour,
                    messages,
                    seed,
                    ToolCatalogue.DEFAULT_TTL,
                    ToolCatalogue.DEFAULT_REFRESH);
        }

        Workload withMessages(int messages) {
            return new Workload(workspaces, users, hours, changesPerHour, messages, seed, ttl, refresh);
        }
    }

    record Result(long lookups, long hits, long loads, double hitRatio) {}

    static Result simulate(Workload w, List<Tool> tools, List<String> providers) {
        Random random = new Random(w.seed());
        ToolRegistry registry = new ToolRegistry().registerAll(tools);
        Connections connections = Connections.withConnectUrl((caller, provider) -> "https://lucy.test/" + provider);
        for (int ws = 0; ws < w.workspaces(); ws++) {
            int connected = 1 + random.nextInt(6);
            for (int i = 0; i < connected; i++) {
                connections.connectWorkspace(workspace(ws), providers.get(random.nextInt(providers.size())));
            }
        }
        AtomicLong nanos = new AtomicLong();
        ToolCatalogue catalogue =
                ToolCatalogue.create(registry, connections, w.ttl(), w.refresh(), nanos::get, Runnable::run);
        connections.onChange(catalogue::invalidate);

        Zipf workspacePick = new Zipf(w.workspaces(), 1.0);
        Zipf userPick = new Zipf(w.users(), 1.0);
        long day = TimeUnit.HOURS.toNanos(w.hours());
        double messageGap = (double) day / w.messages();
        double changeGap = (double) TimeUnit.HOURS.toNanos(1) / w.changesPerHour();
        double nextMessage = exponential(random, messageGap);
        double nextChange = exponential(random, changeGap);
        long lookups = 0;
        while (nextMessage < day) {
            if (nextChange < nextMessage) {
                nanos.set((long) nextChange);
                String ws = workspace(workspacePick.next(random));
                String provider = providers.get(random.nextInt(providers.size()));
                if (random.nextBoolean()) {
                    connections.connectWorkspace(ws, provider);
                } else {
                    connections.disconnect(ws, provider);
                }
                nextChange += exponential(random, changeGap);
                continue;
            }
            nanos.set((long) nextMessage);
            int ws = workspacePick.next(random);
            Caller caller = new Caller(workspace(ws), "U" + userPick.next(random), "C1:" + lookups);
            catalogue.connectedProviders(caller);
            lookups++;
            nextMessage += exponential(random, messageGap);
        }
        var stats = catalogue.stats();
        return new Result(stats.requestCount(), stats.hitCount(), stats.loadCount(), stats.hitRate());
    }

    private static String workspace(int index) {
        return "T" + index;
    }

    private static double exponential(Random random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    /** Ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
    private static final class Zipf {
        private final double[] cumulative;

        Zipf(int n, double s) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1 / Math.pow(i + 1, s);
                cumulative[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        int next(Random random) {
            double u = random.nextDouble();
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
