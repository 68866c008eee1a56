package dev.lucy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.spi.Embeddings;
import dev.lucy.embeddings.MiniLmEmbeddings;
import dev.lucy.memory.BackgroundExtraction;
import dev.lucy.memory.Category;
import dev.lucy.memory.ExtractionConfig;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SemanticRecall;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench memory-quality [--recall NAME]}: how well memory understands a team, on Lucy's own evaluation
 * set ({@code memory-eval/} in this module's resources): extraction precision, recall and F1 over 154 Slack-style
 * messages (facts they should yield, and questions, hypotheticals, small talk and secrets that should yield none)
 * and, apart, over 40 held-out messages written after the rules were tuned on the 154 and never tuned on,
 * supersession accuracy over 41 pairs of statements, and recall@5 for 60 questions over a seeded memory.
 *
 * <p>Extraction and supersession run twice: the free rules alone, and rules then the model extractor, batched
 * through {@link BackgroundExtraction} and the real HTTP client against the testkit's scripted model server. That
 * server answers each message with the facts written for it in the evaluation set: what a competent model would say,
 * including its plausible misses and over-reach where the set says so. It measures Lucy's pipeline (the rules'
 * gating, batching, the strict JSON schema, subjects, storing, supersession), not any real model.
 *
 * <p>Recall is measured by the implementation named with {@code --recall}; {@code keyword} is memory's own.
 */
final class MemoryQualityBench extends OptionsBench<MemoryQualityBench.Options> {
    static final String RESOURCES = "/memory-eval/";
    static final double F1_TARGET = 0.90;
    static final double SUPERSESSION_TARGET = 0.90;
    static final double RECALL_TARGET = 0.90;
    private static final String WORKSPACE = "T_EVAL";
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /**
     * The recalls {@code --recall} may name, each as the embeddings it adds to memory's keyword recall: {@code keyword}
     * (memory's own, words only) and {@code hybrid} (keyword and all-MiniLM-L6-v2 vectors searched by nearness,
     * fused by reciprocal rank, as the bot with {@code LUCY_EMBEDDINGS} on).
     */
    static final List<String> RECALLS = List.of("keyword", "hybrid");

    private static Optional<Embeddings> embeddingsOf(String recall) {
        return recall.equals("hybrid") ? Optional.of(MiniLmEmbeddings.create()) : Optional.empty();
    }

    record Options(List<String> recalls, boolean showMisses) {}

    /** The options of {@code ./lucy bench memory-quality}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--recall",
                paramLabel = "NAME",
                split = ",",
                defaultValue = "keyword,hybrid",
                description = "The recalls to score, comma-separated: keyword (memory's own), hybrid (keyword and"
                        + " MiniLM vectors, fused).")
        List<String> recalls;

        @Option(names = "--show-misses", description = "Also list the facts rules alone missed or added.")
        boolean showMisses;

        @Override
        public Options settings() {
            for (String recall : recalls) {
                if (!RECALLS.contains(recall)) {
                    throw new IllegalArgumentException(
                            "--recall must be one of " + String.join(", ", RECALLS) + ", not '" + recall + "'");
                }
            }
            return new Options(List.copyOf(recalls), showMisses);
        }
    }

    /** Precision, recall and F1 of one extraction run. */
    record Scores(int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** Everything one run measured. */
    record Report(
            Scores rules,
            Scores withModel,
            Scores heldOutRules,
            Scores heldOutWithModel,
            int heldOutMessages,
            double supersessionRules,
            double supersessionWithModel,
            Map<String, Double> recallAt5,
            int messages,
            int pairs,
            int questions,
            List<String> misses) {}

    private final ObjectMapper json = JsonMapper.builder().build();

    MemoryQualityBench() {
        super(
                "memory-quality",
                Args::new,
                "Memory quality on Lucy's own evaluation set: extraction P/R/F1, supersession, recall@5.",
                "Rules alone, and rules + model (a scripted model answering what the set says a competent model would;"
                        + " it measures the pipeline, not a model).");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        Report r;
        try {
            r = run(options.recalls());
        } catch (RuntimeException e) {
            err.println("lucy bench memory-quality: failed: " + e);
            return BenchMain.FAILED;
        }
        if (options.showMisses()) {
            r.misses().forEach(m -> out.println("  rules " + m));
        }
        out.printf("%-34s %9s %9s %9s%n", "extraction (" + r.messages() + " messages)", "precision", "recall", "F1");
        row(out, "rules only", r.rules());
        row(out, "rules + scripted model", r.withModel());
        out.printf("%-34s %9s %9s %9s%n", "held out (" + r.heldOutMessages() + ", rules never tuned on)", "", "", "");
        row(out, "rules only", r.heldOutRules());
        row(out, "rules + scripted model", r.heldOutWithModel());
        out.printf("%-34s %9s%n", "supersession (" + r.pairs() + " pairs)", "accuracy");
        out.printf("%-34s %9.3f%n", "rules only", r.supersessionRules());
        out.printf("%-34s %9.3f%n", "rules + scripted model", r.supersessionWithModel());
        out.printf("%-34s %9s%n", "recall (" + r.questions() + " questions)", "recall@5");
        r.recallAt5().forEach((name, value) -> out.printf("%-34s %9.3f%n", name, value));
        double best = r.recallAt5().values().stream().mapToDouble(d -> d).max().orElse(0);
        out.printf(
                "targets: extraction F1 >= %.2f with the model: %s; supersession >= %.2f with the model: %s;"
                        + " recall@5 >= %.2f: %s%n",
                F1_TARGET,
                r.withModel().f1() >= F1_TARGET ? "met" : "not met",
                SUPERSESSION_TARGET,
                r.supersessionWithModel() >= SUPERSESSION_TARGET ? "met" : "not met",
                RECALL_TARGET,
                best >= RECALL_TARGET ? "met" : "not met");
        out.printf(
                "{\"bench\":\"memory-quality\",\"rulesPrecision\":%.3f,\"rulesRecall\":%.3f,\"rulesF1\":%.3f,"
                        + "\"modelPrecision\":%.3f,\"modelRecall\":%.3f,\"modelF1\":%.3f,\"supersessionRules\":%.3f,"
                        + "\"supersessionModel\":%.3f,\"recallAt5\":{%s},\"heldOutRulesF1\":%.3f,"
                        + "\"heldOutModelF1\":%.3f}%n",
                r.rules().precision(),
                r.rules().recall(),
                r.rules().f1(),
                r.withModel().precision(),
                r.withModel().recall(),
                r.withModel().f1(),
                r.supersessionRules(),
                r.supersessionWithModel(),
                r.recallAt5().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "\"%s\":%.3f", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(",")),
                r.heldOutRules().f1(),
                r.heldOutWithModel().f1());
        return BenchMain.OK;
    }

    private static void row(PrintStream out, String name, Scores s) {
        out.printf("%-34s %9.3f %9.3f %9.3f%n", name, s.precision(), s.recall(), s.f1());
    }

    /** Runs every part of the evaluation. */
    Report run(List<String> recalls) {
        List<JsonNode> messages = load("extraction.jsonl");
        List<JsonNode> heldOut = load("extraction-holdout.jsonl");
        List<JsonNode> pairs = load("supersession.jsonl");
        List<JsonNode> seed = load("recall-seed.jsonl");
        List<JsonNode> questions = load("recall-questions.jsonl");
        Map<String, JsonNode> answers = new HashMap<>();
        for (JsonNode m : messages) {
            answers.put(m.get("text").asText(), m.get("model"));
        }
        for (JsonNode m : heldOut) {
            answers.put(m.get("text").asText(), m.get("model"));
        }
        for (JsonNode p : pairs) {
            answers.putIfAbsent(p.get("first").asText(), p.get("firstModel"));
            answers.putIfAbsent(p.get("then").asText(), p.get("thenModel"));
        }
        List<String> misses = new ArrayList<>();
        Scores rules = extraction(messages, Optional.empty(), misses);
        Scores heldOutRules = extraction(heldOut, Optional.empty(), new ArrayList<>());
        double supersessionRules = supersession(pairs, Optional.empty());
        Scores withModel;
        Scores heldOutWithModel;
        double supersessionModel;
        try (ScriptedModelServer server = ScriptedModelServer.builder()
                        .script(request ->
                                Reply.text(answer(request.lastUserText().orElse("[]"), answers)))
                        .start();
                OpenAiCompatibleChatModel model = OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                        .baseUrl(server.baseUrl())
                        .noApiKey()
                        .build())) {
            withModel = extraction(messages, Optional.of(model), new ArrayList<>());
            heldOutWithModel = extraction(heldOut, Optional.of(model), new ArrayList<>());
            supersessionModel = supersession(pairs, Optional.of(model));
        }
        Map<String, Double> recallAt5 = new LinkedHashMap<>();
        for (String name : recalls) {
            recallAt5.put(name, recall(seed, questions, embeddingsOf(name)));
        }
        return new Report(
                rules,
                withModel,
                heldOutRules,
                heldOutWithModel,
                heldOut.size(),
                supersessionRules,
                supersessionModel,
                recallAt5,
                messages.size(),
                pairs.size(),
                questions.size(),
                misses);
    }

    /** The scripted model's answer to one batch: for each numbered message, what the evaluation set says. */
    private String answer(String batch, Map<String, JsonNode> answers) {
        try {
            ArrayNode results = json.createArrayNode();
            for (JsonNode m : json.readTree(batch)) {
                ObjectNode r = results.addObject();
                r.put("id", m.get("id").asInt());
                JsonNode known = answers.get(m.get("text").asText());
                if (known == null) {
                    r.putArray("facts");
                    r.put("reason", "nothing durable");
                } else {
                    r.setAll((ObjectNode) known.deepCopy());
                }
            }
            ObjectNode root = json.createObjectNode();
            root.set("results", results);
            return root.toString();
        } catch (IOException e) {
            return "not json";
        }
    }

    /** Runs each message through memory (one store per message, one batching extraction for all) and scores it. */
    private Scores extraction(List<JsonNode> messages, Optional<OpenAiCompatibleChatModel> model, List<String> misses) {
        ManualClock clock = ManualClock.startingAt(START);
        List<MemoryAdminStore> stores = new ArrayList<>();
        Optional<BackgroundExtraction> background = model.map(m -> BackgroundExtraction.create(
                m,
                ExtractionConfig.builder()
                        .maxDelay(Duration.ofHours(1))
                        .dailyTokenBudget(10_000_000)
                        .build(),
                clock));
        try {
            for (int i = 0; i < messages.size(); i++) {
                MemoryAdminStore store = MemoryStore.inMemory();
                stores.add(store);
                SessionMemory.Builder b = SessionMemory.builder(store).clock(clock);
                background.ifPresent(b::background);
                b.build()
                        .remember(
                                new Caller(WORKSPACE, "U_SPEAKER", "C_EVAL:" + i),
                                messages.get(i).get("text").asText());
            }
            background.ifPresent(BackgroundExtraction::flush);
        } finally {
            background.ifPresent(BackgroundExtraction::close);
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < messages.size(); i++) {
            List<Fact> stored =
                    stores.get(i).list(FactQuery.workspace(WORKSPACE).withHistory());
            List<Fact> unmatched = new ArrayList<>(stored);
            JsonNode message = messages.get(i);
            for (JsonNode expected : message.get("expect")) {
                Optional<Fact> match =
                        unmatched.stream().filter(f -> matches(f, expected)).findFirst();
                if (match.isPresent()) {
                    tp++;
                    unmatched.remove(match.get());
                } else {
                    fn++;
                    misses.add("missed: " + message.get("text").asText());
                }
            }
            fp += unmatched.size();
            unmatched.forEach(f -> misses.add("extra: " + f.text()));
        }
        return new Scores(tp, fp, fn);
    }

    private static boolean matches(Fact fact, JsonNode expected) {
        String text = fact.text().toLowerCase(Locale.ROOT);
        for (JsonNode key : expected.get("keys")) {
            if (!text.contains(key.asText().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return fact.owner().isPresent() == expected.get("personal").asBoolean();
    }

    /**
     * Share of pairs where what the second statement did to the first is what the set expects: the first stored
     * and then superseded, or the first stored and still holding.
     */
    private double supersession(List<JsonNode> pairs, Optional<OpenAiCompatibleChatModel> model) {
        int correct = 0;
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode pair = pairs.get(i);
            ManualClock clock = ManualClock.startingAt(START);
            MemoryAdminStore store = MemoryStore.inMemory();
            Optional<BackgroundExtraction> background = model.map(m -> BackgroundExtraction.create(
                    m, ExtractionConfig.builder().maxDelay(Duration.ofHours(1)).build(), clock));
            try {
                SessionMemory.Builder b = SessionMemory.builder(store).clock(clock);
                background.ifPresent(b::background);
                SessionMemory memory = b.build();
                Caller first = new Caller(WORKSPACE, "U_ANA", "C_PAIR:" + i);
                Caller then = pair.get("sameSpeaker").asBoolean()
                        ? new Caller(WORKSPACE, "U_ANA", "C_PAIR:" + i + ".2")
                        : new Caller(WORKSPACE, "U_BEN", "C_PAIR:" + i + ".2");
                memory.remember(first, pair.get("first").asText());
                background.ifPresent(BackgroundExtraction::flush);
                List<String> firstIds = store
                        .list(FactQuery.workspace(WORKSPACE).withHistory())
                        .stream()
                        .map(Fact::id)
                        .toList();
                clock.advance(Duration.ofHours(2));
                memory.remember(then, pair.get("then").asText());
                background.ifPresent(BackgroundExtraction::flush);
                boolean superseded = store.list(FactQuery.workspace(WORKSPACE).withHistory()).stream()
                        .filter(f -> firstIds.contains(f.id()))
                        .anyMatch(f -> !f.active());
                if (!firstIds.isEmpty() && superseded == pair.get("supersedes").asBoolean()) {
                    correct++;
                }
            } finally {
                background.ifPresent(BackgroundExtraction::close);
            }
        }
        return (double) correct / pairs.size();
    }

    /** recall@5: share of questions with a fact they should find among the first five recalled. */
    private double recall(List<JsonNode> seed, List<JsonNode> questions, Optional<Embeddings> embeddings) {
        ManualClock clock = ManualClock.startingAt(START.plus(Duration.ofDays(30)));
        MemoryAdminStore store = MemoryStore.inMemory();
        FactVectors vectors = FactVectors.inMemory(store);
        for (int i = 0; i < seed.size(); i++) {
            JsonNode s = seed.get(i);
            Fact fact = Fact.create(
                    s.get("id").asText(),
                    WORKSPACE,
                    s.has("owner") ? Optional.of(s.get("owner").asText()) : Optional.empty(),
                    s.get("subject").asText(),
                    s.get("text").asText(),
                    Category.valueOf(s.get("category").asText().toUpperCase(Locale.ROOT)),
                    Target.valueOf(s.get("target").asText().toUpperCase(Locale.ROOT)),
                    new Source(s.get("statedBy").asText(), "C_SEED:" + i, START.plus(Duration.ofHours(12L * i))));
            store.write(fact);
            embeddings.ifPresent(e -> vectors.put(fact, e.name(), e.embed(fact.text())));
        }
        SessionMemory.Builder builder = SessionMemory.builder(store).clock(clock);
        embeddings.ifPresent(
                e -> builder.semanticRecall(SemanticRecall.builder(e, vectors).build()));
        SessionMemory memory = builder.build();
        int hits = 0;
        for (int i = 0; i < questions.size(); i++) {
            JsonNode q = questions.get(i);
            Caller caller = new Caller(WORKSPACE, q.get("asker").asText(), "C_ASK:" + i);
            List<String> top = memory.recall(caller, q.get("question").asText(), 4_000).stream()
                    .limit(5)
                    .map(Fact::id)
                    .toList();
            for (JsonNode expected : q.get("expect")) {
                if (top.contains(expected.asText())) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / questions.size();
    }

    List<JsonNode> load(String name) {
        InputStream in = MemoryQualityBench.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("the evaluation set has no " + name);
        }
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** For tests and reports: the parts of the set by name. */
    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String part : List.of("extraction", "supersession", "recall-seed", "recall-questions")) {
            sizes.put(part, load(part + ".jsonl").size());
        }
        return sizes;
    }
}
