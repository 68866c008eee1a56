package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.bench.baseline.ScenarioDriver;
import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.HandlerToolExecutor;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ModelException;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.StreamListener;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.AgentRunHandler;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolHandler;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench runtime-load}: many concurrent tool-using conversations through the whole stack:
 * {@link LucyRuntime}, {@link AgentRunHandler}, the {@link dev.lucy.core.agent.Agent} loop and the real HTTP model
 * client against the testkit's {@link ScriptedModelServer} with a fixed latency per model call. The server runs in a
 * JVM of its own by default ({@code --server process}), as a provider does, so the heap, collections and CPU
 * reported are Lucy's; it still shares the machine's cores. {@code --server in-process} puts both in one JVM.
 *
 * <p>Each conversation is one run of three model calls (a tool call, another tool call, the answer). Measures
 * submit to the answer's post at the port, against the ideal of three model latencies plus the tool time, and
 * counts conversations never answered (lost) or answered twice (duplicated). Greetings submitted at a steady rate
 * during the load measure the fast path under load. {@code --burst N} instead submits N runs at once into a small
 * runtime and checks that every rejected event got its busy notice and every admitted one its answer.
 */
final class RuntimeLoadBench extends OptionsBench<RuntimeLoadBench.Options> {
    static final String ANSWER = "Order 17 shipped yesterday and arrives on Friday.";
    private static final String QUESTION = "where is order 17 and when will it arrive?";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}}";
    /** What to run. */
    record Settings(
            int conversations,
            Duration modelLatency,
            Duration toolLatency,
            int greetingsPerSecond,
            int burst,
            int burstSlots,
            int burstQueue,
            int warmUpConversations,
            int warmUpRounds) {
        /** Warm-up rounds at most, until the JIT compiler settles ({@link WarmUp#AUTO}). */
        static final int MAX_WARM_UP_ROUNDS = 20;

        Duration ideal() {
            return modelLatency.multipliedBy(3).plus(toolLatency.multipliedBy(2));
        }
    }

    /** What the load run measured. */
    record LoadResult(
            int conversations,
            int answered,
            int lost,
            int duplicated,
            int queued,
            long[] sortedLatencyNanos,
            long idealNanos,
            int greetings,
            int greetingsLost,
            long[] sortedGreetingNanos,
            double heapAfterGcMb,
            double heapPeakUsedMb,
            double cpuSeconds,
            double wallSeconds,
            Map<String, Integer> modelErrors,
            String server,
            double serverCpuSeconds,
            int warmUps,
            WarmUp warmUp,
            long jitMillis) {
        double overheadP95() {
            return (double) FastPathBench.percentile(sortedLatencyNanos, 95) / idealNanos;
        }
    }

    /** What the burst run measured. */
    record BurstResult(
            int events,
            int admitted,
            int queued,
            int rejected,
            int rejectedNotified,
            int answered,
            int lost,
            int duplicated) {}

    /** The options: the load's settings, and whether the model server runs in a JVM of its own. */
    record Options(Settings settings, boolean serverProcess) {}

    /** The options of {@code ./lucy bench runtime-load}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--conversations",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "Concurrent tool-using conversations, each three model calls and two tool calls.")
        int conversations;

        @Option(
                names = "--latency-ms",
                paramLabel = "MS",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "How long the scripted model takes to answer each call.")
        int latencyMs;

        @Option(
                names = "--tool-ms",
                paramLabel = "MS",
                defaultValue = "0",
                converter = Values.NonNegative.class,
                description = "How long each tool call takes.")
        int toolMs;

        @Option(
                names = "--greetings-per-second",
                paramLabel = "N",
                defaultValue = "100",
                converter = Values.Positive.class,
                description = "Greetings submitted during the load, to time the fast path under it.")
        int greetingsPerSecond;

        @Option(
                names = "--burst",
                paramLabel = "N",
                defaultValue = "0",
                converter = Values.NonNegative.class,
                description = "Instead of the load: N runs at once into a small runtime, checking every rejected"
                        + " one got its busy notice (0: no burst).")
        int burst;

        @Option(
                names = "--burst-slots",
                paramLabel = "N",
                defaultValue = "16",
                converter = Values.Positive.class,
                description = "Runs at once in the burst's runtime.")
        int burstSlots;

        @Option(
                names = "--burst-queue",
                paramLabel = "N",
                defaultValue = "64",
                converter = Values.Positive.class,
                description = "Queue capacity of the burst's runtime.")
        int burstQueue;

        @Option(
                names = "--server",
                paramLabel = "WHERE",
                defaultValue = "process",
                converter = BenchOptions.Server.class,
                completionCandidates = ModelServers.Placements.class,
                description = "process (the model server in a JVM of its own, its CPU counted apart) or in-process.")
        String server;

        @Option(
                names = "--warm-up",
                paramLabel = "N",
                converter = Values.NonNegative.class,
                description = "Conversations per warm-up round (default: as many as --conversations).")
        Integer warmUp;

        @Option(
                names = "--warm-up-rounds",
                paramLabel = "N|auto",
                defaultValue = "auto",
                description = "Warm-up rounds, or auto: until the JIT compiler settles, at most "
                        + Settings.MAX_WARM_UP_ROUNDS
                        + ".")
        String warmUpRounds;

        @Override
        public Options settings() {
            Settings settings = new Settings(
                    conversations,
                    Duration.ofMillis(latencyMs),
                    Duration.ofMillis(toolMs),
                    greetingsPerSecond,
                    burst,
                    burstSlots,
                    burstQueue,
                    warmUp == null ? -1 : warmUp,
                    WarmUp.parse(warmUpRounds, "--warm-up-rounds"));
            return new Options(settings, ModelServers.inOwnProcess(server));
        }
    }

    RuntimeLoadBench() {
        super(
                "runtime-load",
                Args::new,
                "1,000 concurrent tool-using conversations through runtime, agent and HTTP client (or --burst N).",
                "Counts conversations never answered (lost) or answered twice (duplicated); greetings during the"
                        + " load time the fast path under it.");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) throws InterruptedException {
        Settings settings = options.settings();
        if (settings.burst() > 0) {
            BurstResult result = burst(settings);
            printBurst(settings, result, out);
            return result.lost() == 0 && result.duplicated() == 0 ? BenchMain.OK : BenchMain.FAILED;
        }
        LoadResult result = load(settings, options.serverProcess());
        printLoad(settings, result, out);
        return result.lost() == 0 && result.duplicated() == 0 ? BenchMain.OK : BenchMain.FAILED;
    }

    static LoadResult load(Settings settings) throws InterruptedException {
        return load(settings, false);
    }

    /** @param serverProcess whether the scripted model server runs in a JVM of its own, its CPU counted apart */
    static LoadResult load(Settings settings, boolean serverProcess) throws InterruptedException {
        int n = settings.conversations();
        int warmUps = settings.warmUpConversations() < 0 ? n : settings.warmUpConversations();
        Traffic traffic = new Traffic();
        Map<String, Integer> modelErrors = new ConcurrentHashMap<>();
        RuntimeConfig config = RuntimeConfig.builder()
                .maxConcurrentRuns(n)
                .maxBackgroundRuns(Math.min(n, RuntimeConfig.DEFAULT_MAX_BACKGROUND_RUNS))
                .queueCapacity(Math.max(RuntimeConfig.DEFAULT_QUEUE_CAPACITY, n))
                .workspaceQueueCapacity(Math.max(RuntimeConfig.DEFAULT_WORKSPACE_QUEUE_CAPACITY, n))
                .userEventsPerMinute(1_000_000)
                .workspaceEventsPerMinute(1_000_000)
                .build();
        try (ModelServers.Running server = ModelServers.start(settings.modelLatency(), serverProcess);
                OpenAiCompatibleChatModel model = client(server.baseUrl(), n + 64);
                LucyRuntime runtime = runtime(config, traffic.port(), model, settings.toolLatency(), modelErrors)) {
            WarmUp warmUp = warmUp(runtime, traffic, warmUps, settings.warmUpRounds(), settings.ideal());
            long jitBefore = ScenarioDriver.compilationMillis();
            HeapSampler heap = HeapSampler.start();
            long serverCpuBefore = server.cpuNanos();
            long cpuBefore = ScenarioDriver.processCpuNanos();
            long start = System.nanoTime();
            int queued = 0;
            for (int i = 0; i < n; i++) {
                Admission admission = traffic.submit(runtime, "C" + i, QUESTION, i);
                if (admission instanceof Admission.Queued) {
                    queued++;
                }
            }
            Greeter greeter = Greeter.start(runtime, traffic, settings.greetingsPerSecond());
            long deadline = settings.ideal().multipliedBy(4).plusSeconds(60).toNanos();
            traffic.awaitAnswers(n, deadline);
            long wall = System.nanoTime() - start;
            long jit = ScenarioDriver.compilationMillis() - jitBefore;
            int greetings = greeter.stop();
            traffic.awaitGreetings(greetings, Duration.ofSeconds(10).toNanos());
            runtime.shutdown(Duration.ofSeconds(10));
            double cpu = (ScenarioDriver.processCpuNanos() - cpuBefore) / 1e9;
            double serverCpu = (server.cpuNanos() - serverCpuBefore) / 1e9;
            heap.stop();
            long[] latencies = traffic.answerLatencies("C", n);
            long[] greetingLatencies = traffic.greetingLatencies(greetings);
            int answered = latencies.length;
            Arrays.sort(latencies);
            Arrays.sort(greetingLatencies);
            return new LoadResult(
                    n,
                    answered,
                    n - answered,
                    traffic.duplicated("C", n),
                    queued,
                    latencies.length == 0 ? new long[] {0} : latencies,
                    settings.ideal().toNanos(),
                    greetings,
                    greetings - greetingLatencies.length,
                    greetingLatencies.length == 0 ? new long[] {0} : greetingLatencies,
                    heap.peakAfterGcMb(),
                    heap.peakUsedMb(),
                    cpu,
                    wall / 1e9,
                    new java.util.TreeMap<>(modelErrors),
                    server.describe(),
                    serverCpu,
                    warmUps,
                    warmUp,
                    jit);
        }
    }

    static BurstResult burst(Settings settings) throws InterruptedException {
        int n = settings.burst();
        Traffic traffic = new Traffic();
        int slots = settings.burstSlots();
        RuntimeConfig config = RuntimeConfig.builder()
                .maxConcurrentRuns(slots)
                .maxBackgroundRuns(Math.min(slots, RuntimeConfig.DEFAULT_MAX_BACKGROUND_RUNS))
                .queueCapacity(settings.burstQueue())
                .workspaceQueueCapacity(settings.burstQueue())
                .userEventsPerMinute(1_000_000)
                .workspaceEventsPerMinute(1_000_000)
                .build();
        RuntimeNotices notices = RuntimeNotices.defaults();
        try (ScriptedModelServer server = startServer(settings.modelLatency());
                OpenAiCompatibleChatModel model = client(server.baseUrl(), slots + 16);
                LucyRuntime runtime =
                        runtime(config, traffic.port(), model, settings.toolLatency(), new ConcurrentHashMap<>())) {
            Map<String, String> busyNoticeOf = new ConcurrentHashMap<>();
            List<String> admitted = new ArrayList<>();
            int queued = 0;
            int other = 0;
            for (int i = 0; i < n; i++) {
                String conversation = "B" + i;
                Admission admission = traffic.submit(runtime, conversation, QUESTION, i);
                switch (admission) {
                    case Admission.Accepted accepted -> admitted.add(conversation);
                    case Admission.Queued q -> {
                        admitted.add(conversation);
                        queued++;
                    }
                    case Admission.RejectedBusy busy -> busyNoticeOf.put(conversation, notices.busy(busy.queued()));
                    default -> other++;
                }
            }
            long rounds = (admitted.size() + slots - 1) / slots;
            long deadline =
                    settings.ideal().multipliedBy(rounds * 2).plusSeconds(60).toNanos();
            traffic.awaitAnswers(admitted.size(), deadline);
            traffic.awaitCondition(
                    () -> busyNoticeOf.entrySet().stream()
                            .allMatch(e -> traffic.posts(e.getKey()).contains(e.getValue())),
                    Duration.ofSeconds(10).toNanos());
            runtime.shutdown(Duration.ofSeconds(10));
            int answered = 0;
            int duplicated = 0;
            for (String conversation : admitted) {
                long answers = traffic.answers(conversation);
                answered += answers > 0 ? 1 : 0;
                duplicated += answers > 1 ? 1 : 0;
            }
            int notified = 0;
            for (Map.Entry<String, String> e : busyNoticeOf.entrySet()) {
                List<String> posts = traffic.posts(e.getKey());
                notified += posts.contains(e.getValue()) ? 1 : 0;
                duplicated += posts.contains(ANSWER) ? 1 : 0; // a rejected event must not run
            }
            int lost = (admitted.size() - answered) + (busyNoticeOf.size() - notified) + other;
            return new BurstResult(
                    n, admitted.size(), queued, busyNoticeOf.size(), notified, answered, lost, duplicated);
        }
    }

    static ScriptedModelServer startServer(Duration latency) {
        // ScriptedModelServer keeps up to 10,000 idle connections open, as a provider does (see its class doc).
        // Three model calls per conversation: a tool, another tool, then the answer.
        Script threeTurns = request -> {
            long results = request.messages().stream()
                    .filter(Message.Tool.class::isInstance)
                    .count();
            if (results == 0) {
                return Reply.toolCall("find_order", "{\"order\":\"17\"}");
            }
            if (results == 1) {
                return Reply.toolCall("track_shipment", "{\"order\":\"17\"}");
            }
            return Reply.text(ANSWER);
        };
        return ScriptedModelServer.builder()
                .script(threeTurns)
                .latency(Latency.fixed(latency))
                .keepRequests(false) // 3,000 growing conversations: count them, do not hold them all
                .start();
    }

    static OpenAiCompatibleChatModel client(String baseUrl, int maxConcurrentRequests) {
        return OpenAiCompatibleChatModel.create(ModelClientConfig.builder()
                .baseUrl(baseUrl)
                .noApiKey()
                .defaultModel(ScriptedModelServer.DEFAULT_MODEL)
                .maxConcurrentRequests(maxConcurrentRequests)
                .build());
    }

    private static LucyRuntime runtime(
            RuntimeConfig config,
            ConversationPort port,
            OpenAiCompatibleChatModel model,
            Duration toolLatency,
            Map<String, Integer> modelErrors) {
        Agent agent = agent(model, toolLatency, modelErrors);
        return LucyRuntime.builder()
                .port(port)
                .handler(AgentRunHandler.of(tier -> agent, port))
                .config(config)
                .build()
                .start();
    }

    /** The agent every conversation runs: two read-only tools, the model calls counted by failure kind. */
    static Agent agent(ChatModel model, Duration toolLatency, Map<String, Integer> modelErrors) {
        ToolHandler tool = (caller, arguments) -> {
            if (toolLatency.isPositive()) {
                try {
                    Thread.sleep(toolLatency); // the tool's own work, simulated
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ToolResult.failure(ToolError.FATAL, "interrupted");
                }
            }
            return ToolResult.success("{\"order\":\"17\",\"status\":\"shipped\",\"eta\":\"Friday\"}");
        };
        return Agent.builder()
                .model(new ChatModel() {
                    // Counts failures by kind for the report; calls go to the real client unchanged (streamed when
                    // the agent streams).
                    @Override
                    public ChatResponse chat(ChatRequest request) {
                        return counted(() -> model.chat(request));
                    }

                    @Override
                    public ChatResponse chat(ChatRequest request, StreamListener listener) {
                        return counted(() -> model.chat(request, listener));
                    }

                    private ChatResponse counted(java.util.function.Supplier<ChatResponse> call) {
                        try {
                            return call.get();
                        } catch (ModelException e) {
                            modelErrors.merge(e.failure().getClass().getSimpleName(), 1, Integer::sum);
                            throw e;
                        }
                    }
                })
                .tools(HandlerToolExecutor.builder()
                        .readOnlyTool(new ToolSpec("find_order", "Finds an order by number.", SCHEMA), tool)
                        .readOnlyTool(new ToolSpec("track_shipment", "Tracks an order's shipment.", SCHEMA), tool)
                        .build())
                .systemPrompt("You are Lucy, a helpful coworker.")
                .build();
    }

    /**
     * Runs the paths measured before measuring, in rounds: greetings, then {@code conversations} conversations at
     * once, all answered. {@link WarmUp#AUTO} repeats rounds until the JIT compiler settles, at most {@link
     * Settings#MAX_WARM_UP_ROUNDS} (ten where the JVM does not time its compiler). One round measures a process that
     * has only just started.
     */
    private static WarmUp warmUp(LucyRuntime runtime, Traffic traffic, int conversations, int rounds, Duration ideal)
            throws InterruptedException {
        if (conversations == 0) {
            return WarmUp.NONE;
        }
        long timeout = ideal.multipliedBy(4).plusSeconds(60).toNanos();
        return WarmUp.repeat(
                rounds,
                Settings.MAX_WARM_UP_ROUNDS,
                10,
                round -> WarmUp.timed(round, () -> {
                    String prefix = "W" + round + "-";
                    for (int i = 0; i < 2_000; i++) {
                        traffic.submit(runtime, prefix + "G" + i, "hello", i);
                    }
                    for (int i = 0; i < conversations; i++) {
                        traffic.submit(runtime, prefix + "C" + i, QUESTION, i);
                    }
                    traffic.awaitAnswers(conversations, timeout);
                    traffic.forgetWarmUp();
                }));
    }

    private static void printLoad(Settings s, LoadResult r, PrintStream out) {
        long[] l = r.sortedLatencyNanos();
        long[] g = r.sortedGreetingNanos();
        out.printf(
                Locale.ROOT,
                "Runtime load: %d conversations x 3 model calls, %d ms per model call, %d ms per tool, after %d"
                        + " warm-up rounds of %d conversations%n",
                r.conversations(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                r.warmUp().rounds(),
                r.warmUps());
        out.printf(
                Locale.ROOT,
                "  warm-up           last round %d ms, JIT compiling %d ms of it%n",
                r.warmUp().lastRoundMillis(),
                r.warmUp().lastRoundJitMillis());
        out.printf(Locale.ROOT, "  ideal             %.0f ms%n", r.idealNanos() / 1e6);
        out.printf(Locale.ROOT, "  p50               %.0f ms%n", FastPathBench.percentile(l, 50) / 1e6);
        out.printf(
                Locale.ROOT,
                "  p95               %.0f ms (%.3f x ideal)%n",
                FastPathBench.percentile(l, 95) / 1e6,
                r.overheadP95());
        out.printf(Locale.ROOT, "  p99               %.0f ms%n", FastPathBench.percentile(l, 99) / 1e6);
        out.printf(Locale.ROOT, "  max               %.0f ms%n", l[l.length - 1] / 1e6);
        out.printf(
                Locale.ROOT,
                "  answered          %d, lost %d, duplicated %d, queued %d%n",
                r.answered(),
                r.lost(),
                r.duplicated(),
                r.queued());
        out.printf(
                Locale.ROOT,
                "  greetings         %d at %d/s during the load, p50 %.2f ms, p99 %.2f ms, lost %d%n",
                r.greetings(),
                s.greetingsPerSecond(),
                FastPathBench.percentile(g, 50) / 1e6,
                FastPathBench.percentile(g, 99) / 1e6,
                r.greetingsLost());
        out.printf(
                Locale.ROOT,
                "  heap              %.0f MB peak after GC, %.0f MB peak used (garbage included), " + "max %d MB%n",
                r.heapAfterGcMb(),
                r.heapPeakUsedMb(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf(Locale.ROOT, "  model errors      %s%n", r.modelErrors());
        out.printf(
                Locale.ROOT,
                "  cpu               %.1f s over %.1f s wall, JIT compiling %d ms of it%n",
                r.cpuSeconds(),
                r.wallSeconds(),
                r.jitMillis());
        if (r.server().equals("process")) {
            out.printf(Locale.ROOT, "  model server cpu  %.1f s in its own process%n", r.serverCpuSeconds());
        }
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"runtime-load\",\"conversations\":%d,\"warm_up\":%d,\"warm_up_rounds\":%d,\"model_latency_ms\":%d,\"tool_ms\":%d,"
                        + "\"ideal_ms\":%.0f,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"p99_ms\":%.1f,\"overhead_p95\":%.4f,"
                        + "\"answered\":%d,\"lost\":%d,\"duplicated\":%d,\"queued\":%d,\"greetings\":%d,"
                        + "\"greeting_p99_ms\":%.3f,\"greetings_lost\":%d,\"heap_mb\":%.1f,\"heap_peak_used_mb\":%.1f,"
                        + "\"cpu_s\":%.2f,\"wall_s\":%.2f,\"jit_ms\":%d,\"server\":\"%s\",\"server_cpu_s\":%.2f}%n",
                r.conversations(),
                r.warmUps(),
                r.warmUp().rounds(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                r.idealNanos() / 1e6,
                FastPathBench.percentile(l, 50) / 1e6,
                FastPathBench.percentile(l, 95) / 1e6,
                FastPathBench.percentile(l, 99) / 1e6,
                r.overheadP95(),
                r.answered(),
                r.lost(),
                r.duplicated(),
                r.queued(),
                r.greetings(),
                FastPathBench.percentile(g, 99) / 1e6,
                r.greetingsLost(),
                r.heapAfterGcMb(),
                r.heapPeakUsedMb(),
                r.cpuSeconds(),
                r.wallSeconds(),
                r.jitMillis(),
                r.server(),
                r.serverCpuSeconds());
    }

    private static void printBurst(Settings s, BurstResult r, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Runtime burst: %d runs at once into %d slots and a queue of %d%n",
                r.events(),
                s.burstSlots(),
                s.burstQueue());
        out.printf(
                Locale.ROOT,
                "  admitted          %d (%d queued), answered %d%n",
                r.admitted(),
                r.queued(),
                r.answered());
        out.printf(Locale.ROOT, "  rejected busy     %d, busy notice posted %d%n", r.rejected(), r.rejectedNotified());
        out.printf(Locale.ROOT, "  lost              %d, duplicated %d%n", r.lost(), r.duplicated());
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"runtime-load\",\"mode\":\"burst\",\"events\":%d,\"slots\":%d,\"queue\":%d,\"admitted\":%d,"
                        + "\"queued\":%d,\"rejected\":%d,\"rejected_notified\":%d,\"answered\":%d,\"lost\":%d,"
                        + "\"duplicated\":%d}%n",
                r.events(),
                s.burstSlots(),
                s.burstQueue(),
                r.admitted(),
                r.queued(),
                r.rejected(),
                r.rejectedNotified(),
                r.answered(),
                r.lost(),
                r.duplicated());
    }

    /** Submits greetings at a steady rate on its own thread until stopped. */
    private static final class Greeter {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private Thread thread;

        static Greeter start(LucyRuntime runtime, Traffic traffic, int perSecond) {
            Greeter greeter = new Greeter();
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            greeter.thread = Thread.ofPlatform().name("greeter").daemon().start(() -> {
                long begin = System.nanoTime();
                for (int i = 0; greeter.running.get(); i++) {
                    long due = begin + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    traffic.submit(runtime, "G" + i, "hi lucy!", i);
                    greeter.sent.incrementAndGet();
                }
            });
            return greeter;
        }

        int stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return sent.get();
        }
    }

    /** Samples the heap: the live data after the latest collection, and everything used including garbage. */
    static final class HeapSampler {
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            sampler.thread = Thread.ofPlatform().name("heap-sampler").daemon().start(() -> {
                while (sampler.running.get()) {
                    sampler.sample(pools);
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                sampler.sample(pools);
            });
            return sampler;
        }

        private void sample(List<MemoryPoolMXBean> pools) {
            Set<String> heapPools =
                    pools.stream().map(MemoryPoolMXBean::getName).collect(java.util.stream.Collectors.toSet());
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof com.sun.management.GarbageCollectorMXBean collector
                        && collector.getLastGcInfo() != null) {
                    long afterGc = 0;
                    for (Map.Entry<String, MemoryUsage> pool :
                            collector.getLastGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        afterGc += heapPools.contains(pool.getKey())
                                ? pool.getValue().getUsed()
                                : 0;
                    }
                    peakAfterGc.accumulateAndGet(afterGc, Math::max);
                }
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peakUsed.accumulateAndGet(used, Math::max);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        double peakAfterGcMb() {
            return peakAfterGc.get() / (1024.0 * 1024.0);
        }

        double peakUsedMb() {
            return peakUsed.get() / (1024.0 * 1024.0);
        }
    }

    /**
     * The platform side: submits events and remembers when, and reads the answers, with the time each arrived, off
     * the testkit's recording port the runtime posts to.
     */
    static final class Traffic {
        private final RecordingPort port = new RecordingPort();
        private final ConcurrentHashMap<String, Long> submittedAt = new ConcurrentHashMap<>();

        /** Where the runtime posts. */
        ConversationPort port() {
            return port;
        }

        Admission submit(LucyRuntime runtime, String conversation, String text, int user) {
            Caller caller = new Caller("T" + (user % 10), "U" + conversation, conversation);
            submittedAt.put(conversation, System.nanoTime());
            return runtime.submit(
                    new InboundEvent("E-" + conversation, caller, "ts-" + conversation, text, Instant.now()));
        }

        List<String> posts(String conversation) {
            return port.posts(conversation);
        }

        long answers(String conversation) {
            return port.posted(conversation).stream().filter(Traffic::isAnswer).count();
        }

        int duplicated(String prefix, int count) {
            int duplicated = 0;
            for (int i = 0; i < count; i++) {
                duplicated += answers(prefix + i) > 1 ? 1 : 0;
            }
            return duplicated;
        }

        /** Submit to first answer, for every answered conversation {@code prefix0 .. prefix(count-1)}. */
        long[] answerLatencies(String prefix, int count) {
            return latencies(prefix, count, true);
        }

        long[] greetingLatencies(int count) {
            return latencies("G", count, false);
        }

        private long[] latencies(String prefix, int count, boolean answersOnly) {
            long[] out = new long[count];
            int n = 0;
            for (int i = 0; i < count; i++) {
                String conversation = prefix + i;
                Long from = submittedAt.get(conversation);
                for (RecordingPort.Post p : port.posted(conversation)) {
                    if (from != null && (!answersOnly || isAnswer(p))) {
                        out[n++] = p.nanoTime() - from;
                        break;
                    }
                }
            }
            return Arrays.copyOf(out, n);
        }

        void awaitAnswers(int count, long timeoutNanos) {
            port.awaitCount(Traffic::isAnswer, count, Duration.ofNanos(timeoutNanos));
        }

        void awaitGreetings(int count, long timeoutNanos) {
            port.awaitCount(
                    p -> !isAnswer(p) && p.conversationId().startsWith("G"), count, Duration.ofNanos(timeoutNanos));
        }

        /** Polls until the condition holds or the time is up; the caller counts what is missing. */
        void awaitCondition(BooleanSupplier condition, long timeoutNanos) {
            RecordingPort.awaitUntil(condition, Duration.ofNanos(timeoutNanos));
        }

        void forgetWarmUp() {
            port.clear();
            submittedAt.clear();
        }

        private static boolean isAnswer(RecordingPort.Post post) {
            return post.text().equals(ANSWER);
        }
    }
}
