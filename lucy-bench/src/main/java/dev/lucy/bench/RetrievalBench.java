package dev.lucy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.cli.Values;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.embeddings.MiniLmEmbeddings;
import dev.lucy.tools.Bm25ToolIndex;
import dev.lucy.tools.HybridConfig;
import dev.lucy.tools.HybridToolIndex;
import dev.lucy.tools.RetrievalConfig;
import dev.lucy.tools.RetrievalFilter;
import dev.lucy.tools.ScoredTool;
import dev.lucy.tools.Tool;
import dev.lucy.tools.ToolRegistry;
import dev.lucy.tools.ToolRetriever;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench retrieval [--data DIR]}: tool retrieval quality and latency on a BEIR-layout data set
 * (MetaTool, converted on the fly, when no {@code --data} is given).
 *
 * <p>Scores plain BM25 (names, descriptions, tags) and Lucy's default retrieval, which also uses the requests each
 * tool served before: those come only from {@code qrels/train.tsv}, replayed as successful calls; only
 * {@code qrels/test.tsv} queries are scored. Recall is reported separately for queries with one relevant tool and
 * with several, then latency at the data set's size and at {@code --tools} tools (realistic synthetic tools added).
 */
final class RetrievalBench extends OptionsBench<RetrievalBench.Options> {
    private static final int[] KS = {1, 5, 10};
    /** Requests whose embedding is timed (the model, not the cache), per hybrid evaluation. */
    private static final int EMBEDDINGS_TIMED = 500;

    RetrievalBench() {
        super(
                "retrieval",
                Options::new,
                "Tool retrieval recall@k and latency: MetaTool by default, or any BEIR-format set with --data.",
                "Tools are indexed with Bm25ToolIndex (padded with synthetic ones up to --tools); each test query"
                        + " is scored against the tools it needs.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        try {
            Path data = options.data;
            if (data == null) {
                Path metatool = options.metatool != null ? options.metatool : findMetaTool();
                data = options.work.resolve("metatool-beir");
                MetaToolConverter.Summary summary = MetaToolConverter.convert(metatool, data);
                out.printf(
                        "Converted MetaTool from %s into %s: %d tools, %d train / %d test single-tool queries,"
                                + " %d two-tool queries (test)%n",
                        metatool,
                        data,
                        summary.tools(),
                        summary.singleTrain(),
                        summary.singleTest(),
                        summary.multiTest());
            }
            BeirDataset dataset = BeirDataset.read(data);
            if (options.dev) {
                dataset = devSplit(dataset);
                out.println("Development mode: scoring a held-out fifth of the TRAIN queries; test queries unused.");
            }
            return report(dataset, options, out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("lucy bench retrieval: " + e.getMessage());
            return BenchMain.FAILED;
        }
    }

    private static int report(BeirDataset dataset, Options options, PrintStream out) {
        Map<String, String> toolIds = toolNames(dataset.corpus().keySet());
        List<Tool> tools = new ArrayList<>();
        dataset.corpus().values().forEach(doc -> tools.add(tool(toolIds.get(doc.id()), doc)));
        out.printf(
                "Data: %d tools, %d test queries (%d with one relevant tool, %d with several), %d train queries%n%n",
                tools.size(),
                dataset.test().size(),
                dataset.test().values().stream().filter(r -> r.size() == 1).count(),
                dataset.test().values().stream().filter(r -> r.size() > 1).count(),
                dataset.train().size());

        RetrievalConfig lucy = options.apply(RetrievalConfig.defaults());
        Evaluation plain = evaluate(RetrievalConfig.plainBm25(), tools, List.of(), dataset, toolIds);
        Evaluation full = evaluate(lucy, tools, List.of(), dataset, toolIds);
        List<Tool> synthetic = SyntheticTools.generate(Math.max(0, options.tools - tools.size()), 42);
        Evaluation scaled = evaluate(lucy, tools, synthetic, dataset, toolIds);

        out.println("Recall (share of relevant tools in the top k), test queries only");
        out.printf("%-34s %8s %8s %8s | %8s %8s %8s | %9s%n", "", "1-tool", "", "", "multi", "", "", "multi");
        out.printf(
                "%-34s %8s %8s %8s | %8s %8s %8s | %9s%n",
                "retriever", "R@1", "R@5", "R@10", "R@1", "R@5", "R@10", "all@5");
        row(out, "plain BM25 (" + tools.size() + " tools)", plain);
        row(out, "Lucy default (" + tools.size() + " tools)", full);
        row(out, "Lucy default (" + (tools.size() + synthetic.size()) + " tools)", scaled);
        Evaluation hybridCold = null;
        Evaluation hybridLearned = null;
        Evaluation hybridScaled = null;
        HybridConfig hybrid = options.hybrid();
        if (!options.noEmbeddings) {
            CachedEmbeddings model =
                    new CachedEmbeddings(MiniLmEmbeddings.create(), options.work.resolve("minilm-vectors.bin"));
            hybridCold = evaluateHybrid(lucy, hybrid, model, tools, List.of(), dataset, toolIds, false);
            model.save();
            row(out, "hybrid, cold start (" + tools.size() + " tools)", hybridCold);
            if (options.coldOnly) {
                model.save();
                out.println();
                latency(out, "hybrid, cold (" + tools.size() + " tools)", hybridCold);
                latency(out, "  embedding one request (MiniLM)", hybridCold.embedding);
                out.println("Hybrid config: " + hybrid);
                return BenchMain.OK;
            }
            hybridLearned = evaluateHybrid(lucy, hybrid, model, tools, List.of(), dataset, toolIds, true);
            model.save();
            row(out, "hybrid, learned (" + tools.size() + " tools)", hybridLearned);
            hybridScaled = evaluateHybrid(lucy, hybrid, model, tools, synthetic, dataset, toolIds, true);
            model.save();
            row(out, "hybrid, learned (" + (tools.size() + synthetic.size()) + " tools)", hybridScaled);
        }
        out.println();
        out.printf(
                "Latency per search (top 10, one thread; wall clock, then CPU time of the searching thread),"
                        + " load average %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        out.printf(
                "%-34s %10s %10s %10s | %10s %10s %10s%n",
                "retriever", "p50 us", "p95 us", "p99 us", "cpu p50", "cpu p95", "cpu p99");
        latency(out, "plain BM25 (" + tools.size() + " tools)", plain);
        latency(out, "Lucy default (" + tools.size() + " tools)", full);
        latency(out, "Lucy default (" + (tools.size() + synthetic.size()) + " tools)", scaled);
        if (hybridScaled != null) {
            // the request's vector is computed before the clock starts: the index's own cost
            latency(out, "hybrid, cold (" + tools.size() + " tools)", hybridCold);
            latency(out, "hybrid, learned (" + tools.size() + " tools)", hybridLearned);
            latency(out, "hybrid (" + (tools.size() + synthetic.size()) + " tools)", hybridScaled);
            latency(out, "  embedding one request (MiniLM)", hybridScaled.embedding);
            out.println("The hybrid rows exclude embedding the request; add the embedding row for a search from text.");
            out.println("Hybrid config: " + hybrid);
        }
        out.println();
        out.println("Config: " + lucy);

        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode();
        line.put("bench", "retrieval");
        line.put("tools", tools.size());
        line.put("scaledTools", tools.size() + synthetic.size());
        line.put("testQueries", dataset.test().size());
        line.put("trainQueries", dataset.train().size());
        line.put("dev", options.dev);
        line.set("plainBm25", plain.toJson(json));
        line.set("lucy", full.toJson(json));
        line.set("lucyScaled", scaled.toJson(json));
        if (hybridScaled != null) {
            line.set("hybridCold", hybridCold.toJson(json));
            line.set("hybridLearned", hybridLearned.toJson(json));
            line.set("hybridScaled", hybridScaled.toJson(json));
            line.set("embedding", hybridScaled.embedding.toJson(json));
        }
        out.println(line);
        return BenchMain.OK;
    }

    private static Evaluation evaluate(
            RetrievalConfig config,
            List<Tool> tools,
            List<Tool> extra,
            BeirDataset dataset,
            Map<String, String> toolIds) {
        ToolRegistry registry = new ToolRegistry();
        try (Bm25ToolIndex index = Bm25ToolIndex.following(registry, config)) {
            registry.registerAll(tools);
            registry.registerAll(extra);
            if (config.exampleWeight() > 0 || config.usageWeight() > 0) {
                replayTraining(index, registry, dataset, toolIds);
            }
            Evaluation evaluation = new Evaluation();
            List<Map.Entry<String, Set<String>>> test =
                    new ArrayList<>(dataset.test().entrySet());
            RetrievalFilter all = RetrievalFilter.all();
            // One pass warms the JIT and is scored; a second pass is timed.
            for (Map.Entry<String, Set<String>> entry : test) {
                String request = dataset.queries().get(entry.getKey());
                if (request == null) {
                    continue;
                }
                Set<String> relevant =
                        entry.getValue().stream().map(toolIds::get).collect(Collectors.toSet());
                List<String> found = index.search(request, all, 10).stream()
                        .map(ScoredTool::name)
                        .toList();
                evaluation.add(relevant, found);
            }
            long[] nanos = new long[test.size()];
            long[] cpu = new long[test.size()];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            int n = 0;
            for (Map.Entry<String, Set<String>> entry : test) {
                String request = dataset.queries().get(entry.getKey());
                if (request == null) {
                    continue;
                }
                long startCpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                index.search(request, all, 10);
                nanos[n] = System.nanoTime() - start;
                cpu[n++] = threads.getCurrentThreadCpuTime() - startCpu;
            }
            evaluation.timed(nanos, cpu, n);
            return evaluation;
        }
    }

    /** Replays the training requests as successful calls: usage history, never a test query. */
    private static void replayTraining(
            ToolRetriever index, ToolRegistry registry, BeirDataset dataset, Map<String, String> toolIds) {
        for (Map.Entry<String, Set<String>> entry : dataset.train().entrySet()) {
            String request = dataset.queries().get(entry.getKey());
            for (String relevant : entry.getValue()) {
                String tool = toolIds.get(relevant);
                if (request != null && tool != null) {
                    index.learn(tool, request);
                    registry.usage().record(tool, true, Duration.ofMillis(1));
                }
            }
        }
    }

    /**
     * Hybrid retrieval: tools embedded when registered, training requests replayed (and embedded) only when
     * {@code learned}; each request's vector is computed outside the timed search and timed on its own.
     */
    private static Evaluation evaluateHybrid(
            RetrievalConfig config,
            HybridConfig hybrid,
            CachedEmbeddings model,
            List<Tool> tools,
            List<Tool> extra,
            BeirDataset dataset,
            Map<String, String> toolIds,
            boolean learned) {
        ToolRegistry registry = new ToolRegistry();
        try (HybridToolIndex index = HybridToolIndex.following(registry, config, model, hybrid)) {
            registry.registerAll(tools);
            registry.registerAll(extra);
            if (learned) {
                replayTraining(index, registry, dataset, toolIds);
            }
            Evaluation evaluation = new Evaluation();
            List<String> requests = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            long[] embedNanos = new long[dataset.test().size()];
            long[] embedCpu = new long[dataset.test().size()];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            RetrievalFilter all = RetrievalFilter.all();
            for (Map.Entry<String, Set<String>> entry : dataset.test().entrySet()) {
                String request = dataset.queries().get(entry.getKey());
                if (request == null) {
                    continue;
                }
                float[] vector = model.embed(request);
                if (requests.size() < EMBEDDINGS_TIMED) {
                    // the model itself, never the cache: a sample is enough for its percentiles
                    long startCpu = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    model.model().embed(request);
                    embedNanos[requests.size()] = System.nanoTime() - start;
                    embedCpu[requests.size()] = threads.getCurrentThreadCpuTime() - startCpu;
                }
                requests.add(request);
                vectors.add(vector);
                Set<String> relevant =
                        entry.getValue().stream().map(toolIds::get).collect(Collectors.toSet());
                evaluation.add(
                        relevant,
                        index.search(request, vector, all, 10).stream()
                                .map(ScoredTool::name)
                                .toList());
            }
            int n = requests.size();
            long[] nanos = new long[n];
            long[] cpu = new long[n];
            for (int i = 0; i < n; i++) {
                long startCpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                index.search(requests.get(i), vectors.get(i), all, 10);
                nanos[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
            }
            evaluation.timed(nanos, cpu, n);
            int timed = Math.min(n, EMBEDDINGS_TIMED);
            evaluation.embedding.timed(embedNanos, embedCpu, timed);
            return evaluation;
        }
    }

    static Tool tool(String name, BeirDataset.Doc doc) {
        String description = doc.text().isBlank() ? doc.title() : doc.text();
        if (!doc.title().isBlank() && !doc.title().equals(doc.id()) && !description.contains(doc.title())) {
            description = doc.title() + ". " + description;
        }
        return Tool.builder(name)
                .description(description.isBlank() ? name : description)
                .provider("bench")
                .handler((caller, args) -> ToolResult.success("{}"))
                .build();
    }

    /** Corpus ids as valid tool names ({@code PDF&URLTool} becomes {@code PDF_URLTool}), unique. */
    static Map<String, String> toolNames(Set<String> ids) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new java.util.HashSet<>();
        for (String id : ids) {
            String base = id.replaceAll("[^a-zA-Z0-9_-]", "_");
            if (base.isEmpty()) {
                base = "tool";
            }
            base = base.length() > 58 ? base.substring(0, 58) : base;
            String name = base;
            for (int i = 2; !taken.add(name); i++) {
                name = base + "_" + i;
            }
            names.put(id, name);
        }
        return names;
    }

    /** Splits the train queries into a smaller train set and a development set, for tuning without test data. */
    static BeirDataset devSplit(BeirDataset dataset) {
        Map<String, Set<String>> train = new LinkedHashMap<>();
        Map<String, Set<String>> dev = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> entry : dataset.train().entrySet()) {
            String text = dataset.queries().getOrDefault(entry.getKey(), entry.getKey());
            (hashPercent("dev:" + text) < 20 ? dev : train).put(entry.getKey(), entry.getValue());
        }
        if (dev.isEmpty()) {
            throw new IllegalArgumentException("--dev needs qrels/train.tsv");
        }
        return new BeirDataset(dataset.corpus(), dataset.queries(), dev, train);
    }

    private static int hashPercent(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(text.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Math.floorMod(((d[0] & 0xff) << 8) | (d[1] & 0xff), 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path findMetaTool() {
        for (String candidate : List.of("data/metatool", "../shared/data/metatool", "../../shared/data/metatool")) {
            Path path = Path.of(candidate);
            if (Files.exists(path.resolve("plugin_des.json"))) {
                return path;
            }
        }
        throw new IllegalArgumentException("MetaTool not found in data/metatool or ../shared/data/metatool;"
                + " pass --metatool DIR or --data DIR");
    }

    private static void row(PrintStream out, String name, Evaluation e) {
        out.printf(
                "%-34s %8.3f %8.3f %8.3f | %8.3f %8.3f %8.3f | %9.3f%n",
                name,
                e.single.recall(1),
                e.single.recall(5),
                e.single.recall(10),
                e.multi.recall(1),
                e.multi.recall(5),
                e.multi.recall(10),
                e.multi.complete(5));
    }

    private static void latency(PrintStream out, String name, Evaluation e) {
        out.printf(
                "%-34s %10.1f %10.1f %10.1f | %10.1f %10.1f %10.1f%n",
                name,
                e.percentileMicros(0.50),
                e.percentileMicros(0.95),
                e.percentileMicros(0.99),
                e.cpuPercentileMicros(0.50),
                e.cpuPercentileMicros(0.95),
                e.cpuPercentileMicros(0.99));
    }

    /** Recall per bucket (one relevant tool, several) plus latencies. */
    private static final class Evaluation {
        final Bucket single = new Bucket();
        final Bucket multi = new Bucket();
        long[] latencies = new long[0];
        long[] cpu = new long[0];
        /** Hybrid only: the time to embed each request, outside {@link #latencies}. */
        Evaluation embedding;

        Evaluation() {
            this(true);
        }

        private Evaluation(boolean withEmbedding) {
            embedding = withEmbedding ? new Evaluation(false) : null;
        }

        /** Keeps the first {@code n} wall and CPU times of the timed searches, sorted for the percentiles. */
        void timed(long[] nanos, long[] cpuNanos, int n) {
            latencies = Arrays.copyOf(nanos, n);
            Arrays.sort(latencies);
            cpu = Arrays.copyOf(cpuNanos, n);
            Arrays.sort(cpu);
        }

        void add(Set<String> relevant, List<String> found) {
            (relevant.size() == 1 ? single : multi).add(relevant, found);
        }

        double percentileMicros(double q) {
            return percentile(latencies, q);
        }

        double cpuPercentileMicros(double q) {
            return percentile(cpu, q);
        }

        private static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }

        ObjectNode toJson(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            node.set("single", single.toJson(json));
            node.set("multi", multi.toJson(json));
            node.put("p50Micros", round(percentileMicros(0.50)));
            node.put("p95Micros", round(percentileMicros(0.95)));
            node.put("p99Micros", round(percentileMicros(0.99)));
            node.put("cpuP50Micros", round(cpuPercentileMicros(0.50)));
            node.put("cpuP95Micros", round(cpuPercentileMicros(0.95)));
            node.put("cpuP99Micros", round(cpuPercentileMicros(0.99)));
            return node;
        }
    }

    private static final class Bucket {
        int queries;
        final Map<Integer, Double> recallSums = new HashMap<>();
        final Map<Integer, Integer> completes = new HashMap<>();

        void add(Set<String> relevant, List<String> found) {
            queries++;
            for (int k : KS) {
                List<String> top = found.subList(0, Math.min(k, found.size()));
                long hits = relevant.stream().filter(top::contains).count();
                recallSums.merge(k, (double) hits / relevant.size(), Double::sum);
                completes.merge(k, hits == relevant.size() ? 1 : 0, Integer::sum);
            }
        }

        double recall(int k) {
            return queries == 0 ? 0 : recallSums.getOrDefault(k, 0.0) / queries;
        }

        double complete(int k) {
            return queries == 0 ? 0 : (double) completes.getOrDefault(k, 0) / queries;
        }

        ObjectNode toJson(ObjectMapper json) {
            ObjectNode node = json.createObjectNode();
            node.put("queries", queries);
            for (int k : KS) {
                node.put("recall@" + k, round(recall(k)));
            }
            node.put("all@5", round(complete(5)));
            return node;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    /** The options of {@code ./lucy bench retrieval}. */
    static final class Options implements BenchArgs<Options> {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "A BEIR-format data set (corpus.jsonl, queries.jsonl, qrels/) instead of MetaTool.")
        Path data;

        @Option(
                names = "--metatool",
                paramLabel = "DIR",
                description = "MetaTool's files (plugin_des.json ...); default: data/metatool, looked for upwards.")
        Path metatool;

        @Option(names = "--work", paramLabel = "DIR", description = "Where MetaTool is converted to BEIR format.")
        Path work = Path.of("target", "bench");

        @Option(
                names = "--tools",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Tools in the index, the data set's padded with synthetic ones.")
        int tools = 10_000;

        @Option(
                names = "--dev",
                description = "Score a held-out fifth of the training queries instead of the test queries.")
        boolean dev;

        @Option(
                names = "--set",
                paramLabel = "NAME=VALUE",
                showDefaultValue = CommandLine.Help.Visibility.NEVER,
                description = "A retrieval setting to try: k1, b, nameBoost, descriptionBoost, tagsBoost,"
                        + " exampleWeight, examplesCounted, exampleDecay, usageWeight, maxExamplesPerTool,"
                        + " candidates; repeatable.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(
                names = "--no-embeddings",
                description = "Leave out hybrid retrieval (BM25 + all-MiniLM-L6-v2 vectors, fused), scored by default.")
        boolean noEmbeddings;

        @Option(
                names = "--cold-only",
                description = "Score hybrid retrieval at cold start only (no served requests), for tuning its fusion.")
        boolean coldOnly;

        @Option(
                names = "--hybrid",
                paramLabel = "NAME=VALUE",
                showDefaultValue = CommandLine.Help.Visibility.NEVER,
                description = "A hybrid setting to try: keywordWeight, vectorWeight, fusionK, candidates, learnVectors,"
                        + " viewPrefix (text; empty for none), nameView, fillerWords (default, none, or words"
                        + " separated by commas), servedBonus, viewMeanWeight; repeatable.")
        Map<String, String> hybridOverrides = new LinkedHashMap<>();

        HybridConfig hybrid() {
            HybridConfig.Builder b = HybridConfig.defaults().toBuilder();
            eachSetting(hybridOverrides, "hybrid setting", (name, v) -> {
                switch (name) {
                    case "keywordWeight" -> b.keywordWeight(Double.parseDouble(v));
                    case "vectorWeight" -> b.vectorWeight(Double.parseDouble(v));
                    case "fusionK" -> b.fusionK(Integer.parseInt(v));
                    case "candidates" -> b.candidates(Integer.parseInt(v));
                    case "learnVectors" -> b.learnVectors(Boolean.parseBoolean(v));
                    case "viewPrefix" -> b.viewPrefix(v);
                    case "nameView" -> b.nameView(Boolean.parseBoolean(v));
                    case "viewMeanWeight" -> b.viewMeanWeight(Double.parseDouble(v));
                    case "fillerWords" -> b.fillerWords(fillerWords(v));
                    case "servedBonus" -> b.servedBonus(Double.parseDouble(v));
                    default -> throw new IllegalArgumentException("unknown hybrid setting '" + name + "'");
                }
            });
            return b.build();
        }

        private static Set<String> fillerWords(String value) {
            return switch (value) {
                case "default" -> HybridConfig.DEFAULT_FILLER_WORDS;
                case "none", "" -> Set.of();
                default -> Set.copyOf(Arrays.asList(value.split(",")));
            };
        }

        @Override
        public Options settings() {
            if (data != null && !Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data " + data + " is not a directory");
            }
            apply(RetrievalConfig.defaults());
            hybrid();
            return this;
        }

        RetrievalConfig apply(RetrievalConfig base) {
            RetrievalConfig.Builder b = base.toBuilder();
            eachSetting(overrides, "setting", (name, v) -> {
                switch (name) {
                    case "k1" -> b.k1(Float.parseFloat(v));
                    case "b" -> b.b(Float.parseFloat(v));
                    case "nameBoost" -> b.nameBoost(Float.parseFloat(v));
                    case "descriptionBoost" -> b.descriptionBoost(Float.parseFloat(v));
                    case "tagsBoost" -> b.tagsBoost(Float.parseFloat(v));
                    case "exampleWeight" -> b.exampleWeight(Double.parseDouble(v));
                    case "examplesCounted" -> b.examplesCounted(Integer.parseInt(v));
                    case "exampleDecay" -> b.exampleDecay(Double.parseDouble(v));
                    case "usageWeight" -> b.usageWeight(Double.parseDouble(v));
                    case "maxExamplesPerTool" -> b.maxExamplesPerTool(Integer.parseInt(v));
                    case "candidates" -> b.candidates(Integer.parseInt(v));
                    default -> throw new IllegalArgumentException("unknown setting '" + name + "'");
                }
            });
            return b.build();
        }

        /** Hands each NAME=VALUE of {@code settings} to {@code set}; a value that is no number is named as a {@code kind}. */
        private static void eachSetting(Map<String, String> settings, String kind, BiConsumer<String, String> set) {
            for (Map.Entry<String, String> o : settings.entrySet()) {
                try {
                    set.accept(o.getKey(), o.getValue());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(kind + " " + o.getKey() + " needs a number");
                }
            }
        }
    }
}
