package dev.lucy.bench;

import dev.lucy.app.LucyApp;
import dev.lucy.app.LucyEngine;
import dev.lucy.app.cli.Values;
import dev.lucy.app.slack.SlackCallObserver;
import dev.lucy.app.slack.SlackPort;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.app.web.TraceRecorder;
import dev.lucy.bench.baseline.LangChain4jTaskAgent;
import dev.lucy.bench.baseline.ScenarioDriver;
import dev.lucy.bench.baseline.ServerCalibration;
import dev.lucy.bench.baseline.SimulatedTools;
import dev.lucy.bench.baseline.TaskAgent;
import dev.lucy.bench.baseline.ToolTask;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.agent.Outcome;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.ResilienceConfig;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeNotices;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.demo.Simulated;
import dev.lucy.store.JdbcRunTraces;
import dev.lucy.testkit.ScratchDirectory;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.ChannelType;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackUser;
import dev.lucy.tools.Tool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench load}: N simulated people talk to the whole Lucy app at once, in one process: the testkit's
 * Slack simulator (Web API and Socket Mode), the real Bolt client connected to it, {@link LucyApp} with its SQLite
 * database, and the testkit's scripted model server. The simulator and the model server share the process, and so
 * the CPU, with Lucy: the CPU and heap figures are those of all three.
 *
 * <p>Each person has a channel of their own with Lucy and mentions her once: a greeting (answered without the
 * model), a thank-you (an emoji, no reply), a question (one model call) or a three-turn task (the model calls
 * {@code find_order}, then {@code track_shipment}, then answers from both results). Arrivals are spread evenly over
 * {@code --arrival-ms} in a seeded random order of classes. Everything Lucy does is read from the simulator's record
 * of Web API calls: the first visible sign (reaction, status or message) and the final answer (the expected text, a
 * failure notice, the greeting's reply or the thank-you's emoji), with the time each arrived.
 */
final class AppLoadBench extends OptionsBench<AppLoadBench.Settings> {
    /** The kinds of conversation. */
    enum Kind {
        GREETING("greeting"),
        ACK("ack"),
        QUESTION("question"),
        TASK("task");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Whether the answer takes agent turns (model calls): a question's or a task's. */
        boolean asksModel() {
            return this == QUESTION || this == TASK;
        }
    }

    /** What to run, and every limit raised for the run (printed with the report). */
    record Settings(
            int conversations,
            Duration modelLatency,
            Duration toolLatency,
            double faultRate,
            double redeliveryRate,
            Duration redeliveryDelay,
            int[] mix,
            long seed,
            Duration arrival,
            Duration deadline,
            Duration modelTimeout,
            int maxConcurrentRuns,
            int queueCapacity,
            int userEventsPerMinute,
            int workspaceEventsPerMinute,
            int modelMaxConcurrent,
            int postBurst,
            Duration postInterval,
            boolean slackRateLimits,
            int warmup,
            int warmupRounds,
            boolean baseline,
            boolean lucyApart,
            List<String> lucyJavaOptions,
            boolean traces) {

        /** The settings {@code args}, options of {@code ./lucy bench load}, ask for. */
        static Settings parse(List<String> args) {
            return BenchOptions.parse(new Args(), args);
        }

        /** The sum of the simulated latencies on a class's critical path. */
        Duration ideal(Kind kind) {
            return switch (kind) {
                case GREETING, ACK -> Duration.ZERO;
                case QUESTION -> modelLatency;
                case TASK -> modelLatency.multipliedBy(3).plus(toolLatency.multipliedBy(2));
            };
        }

        /** Warm-up rounds at most, until the JIT compiler settles ({@link WarmUp#AUTO}). */
        static final int MAX_WARM_UP_ROUNDS = 10;

        String mixText() {
            return mix[0] + ":" + mix[1] + ":" + mix[2] + ":" + mix[3];
        }
    }

    /** The options of {@code ./lucy bench load}: every limit the run raises is printed with the report. */
    static final class Args implements BenchArgs<Settings> {
        @Option(
                names = "--conversations",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "People, each with a channel of their own and one conversation with Lucy.")
        int conversations;

        @Mixin
        ScriptedLatencies latencies = new ScriptedLatencies();

        @Option(
                names = "--fault-rate",
                paramLabel = "SHARE",
                defaultValue = "0",
                converter = BenchOptions.Share.class,
                description = "Share of model calls that fail (0 to 1, or a percentage); no baseline then.")
        double faultRate;

        @Option(
                names = "--redelivery-rate",
                paramLabel = "SHARE",
                defaultValue = "0",
                converter = BenchOptions.Share.class,
                description = "Share of events the simulator delivers again, as Slack does after a slow ack.")
        double redeliveryRate;

        @Option(
                names = "--redelivery-delay-ms",
                paramLabel = "MS",
                defaultValue = "500",
                converter = Values.NonNegative.class,
                description = "How long after the first delivery an event comes again.")
        int redeliveryDelayMs;

        @Option(
                names = "--mix",
                paramLabel = "WEIGHTS",
                defaultValue = "1:1:1:7",
                description = "Weights of greetings, thank-yous, questions and three-turn tasks, as"
                        + " greet:ack:question:task.")
        String mix;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "42",
                description = "Seed of the arrival order and the faults.")
        long seed;

        @Option(
                names = "--arrival-ms",
                paramLabel = "MS",
                defaultValue = "1000",
                converter = Values.NonNegative.class,
                description = "Time over which the conversations start, evenly spread.")
        int arrivalMs;

        @Option(
                names = "--deadline-s",
                paramLabel = "S",
                converter = Values.Positive.class,
                description = "How long the run may take before what is missing counts as lost (default: 10 ideal"
                        + " tasks plus --arrival-ms, at least 60 s, plus the minute an answer may wait for Slack's"
                        + " limits).")
        Integer deadlineS;

        @Option(
                names = "--model-timeout-ms",
                paramLabel = "MS",
                converter = Values.Positive.class,
                description = "Lucy's model call timeout (default: 5 x --model-latency-ms, at least 10,000).")
        Integer modelTimeoutMs;

        @Option(
                names = "--max-concurrent-runs",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Lucy's runs at once (default: --conversations, at least "
                        + RuntimeConfig.DEFAULT_MAX_CONCURRENT_RUNS
                        + ").")
        Integer maxConcurrentRuns;

        @Option(
                names = "--queue-capacity",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Lucy's queue (default: 2 x --conversations, at least "
                        + RuntimeConfig.DEFAULT_QUEUE_CAPACITY
                        + ").")
        Integer queueCapacity;

        @Option(
                names = "--user-events-per-minute",
                paramLabel = "N",
                defaultValue = "" + RuntimeConfig.DEFAULT_USER_EVENTS_PER_MINUTE,
                converter = Values.Positive.class,
                description = "Lucy's limit per person.")
        int userEventsPerMinute;

        @Option(
                names = "--workspace-events-per-minute",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Lucy's limit per workspace (default: 10 x --conversations, at least 60,000).")
        Integer workspaceEventsPerMinute;

        @Option(
                names = "--model-max-concurrent",
                paramLabel = "N",
                converter = Values.Positive.class,
                description = "Model calls at once (default: 2 x --conversations, at least 64).")
        Integer modelMaxConcurrent;

        @Option(
                names = "--post-burst",
                paramLabel = "N",
                defaultValue = "" + SlackPort.DEFAULT_POST_BURST,
                converter = Values.Positive.class,
                description = "Messages Lucy posts to one channel at once before it paces them.")
        int postBurst;

        @Option(
                names = "--post-interval-ms",
                paramLabel = "MS",
                converter = Values.Positive.class,
                description = "Pace of Lucy's posts to one channel after the burst.")
        int postIntervalMs = (int) SlackPort.DEFAULT_POST_INTERVAL.toMillis();

        @Option(
                names = "--slack-rate-limits",
                paramLabel = "off|slack",
                defaultValue = "off",
                description = "off, or slack: the simulator answers with Slack's rate limits per method tier.")
        String slackRateLimits;

        @Option(
                names = "--slack",
                paramLabel = "process|in-process",
                defaultValue = "process",
                description = "process: Lucy runs in a JVM of its own, so its CPU and heap are measured apart from the"
                        + " Slack simulator's and the model server's; in-process: all three share this JVM.")
        String slack;

        @Option(
                names = "--lucy-java-options",
                paramLabel = "OPTIONS",
                defaultValue = "",
                description = "With --slack process: more options for Lucy's JVM, space-separated (a profiler, a"
                        + " collector...).")
        String lucyJavaOptions;

        @Option(
                names = "--warmup",
                paramLabel = "N",
                converter = Values.NonNegative.class,
                description = "Conversations per warm-up round (default: as many as --conversations), before the"
                        + " measured ones and not counted: Lucy's JVM compiles its hot code meanwhile, as a server"
                        + " that has run a while has.")
        Integer warmup;

        @Option(
                names = "--warmup-rounds",
                paramLabel = "N|auto",
                defaultValue = "auto",
                description = "Warm-up rounds, or auto: until the JIT compiler settles (busy less than a tenth of a"
                        + " round), at most "
                        + Settings.MAX_WARM_UP_ROUNDS
                        + "; the LangChain4j agent is warmed up the same way.")
        String warmupRounds;

        @Option(
                names = "--baseline",
                paramLabel = "on|off",
                defaultValue = "on",
                converter = BenchOptions.OnOff.class,
                description = "Also run the tasks through a LangChain4j AI service, for comparison.")
        String baseline;

        @Option(
                names = "--traces",
                paramLabel = "on|off",
                defaultValue = "off",
                converter = BenchOptions.OnOff.class,
                description = "Record each run's trace for the web console (in the background, into Lucy's database),"
                        + " as ./lucy does with the console on; off by default, so the figures compare with earlier"
                        + " runs.")
        String traces;

        @Override
        public Settings settings() {
            int n = conversations;
            Duration model = latencies.model();
            Duration tool = latencies.tool();
            Duration arrival = Duration.ofMillis(arrivalMs);
            Duration taskIdeal = model.multipliedBy(3).plus(tool.multipliedBy(2));
            // plus a minute: an answer Slack's per-method limit holds back (the emoji that answers a thanks, when a
            // hundred come at once) waits for its permit up to that long, and is late then, not lost
            long defaultDeadline =
                    Math.max(60, taskIdeal.multipliedBy(10).plus(arrival).toSeconds()) + 60;
            return new Settings(
                    n,
                    model,
                    tool,
                    faultRate,
                    redeliveryRate,
                    Duration.ofMillis(redeliveryDelayMs),
                    parseMix(mix),
                    seed,
                    arrival,
                    Duration.ofSeconds(deadlineS != null ? deadlineS : defaultDeadline),
                    Duration.ofMillis(
                            modelTimeoutMs != null
                                    ? modelTimeoutMs
                                    : Math.max(10_000, model.multipliedBy(5).toMillis())),
                    maxConcurrentRuns != null
                            ? maxConcurrentRuns
                            : Math.max(RuntimeConfig.DEFAULT_MAX_CONCURRENT_RUNS, n),
                    queueCapacity != null ? queueCapacity : Math.max(RuntimeConfig.DEFAULT_QUEUE_CAPACITY, 2 * n),
                    userEventsPerMinute,
                    workspaceEventsPerMinute != null ? workspaceEventsPerMinute : Math.max(60_000, 10 * n),
                    modelMaxConcurrent != null ? modelMaxConcurrent : Math.max(64, 2 * n),
                    postBurst,
                    Duration.ofMillis(postIntervalMs),
                    switch (slackRateLimits) {
                        case "off" -> false;
                        case "slack" -> true;
                        default -> throw new IllegalArgumentException("--slack-rate-limits is off or slack");
                    },
                    warmup != null ? warmup : n,
                    WarmUp.parse(warmupRounds, "--warmup-rounds"),
                    BenchOptions.OnOff.on(baseline),
                    LoadedLucy.inOwnProcess(slack),
                    lucyJavaOptions.isBlank()
                            ? List.of()
                            : List.of(lucyJavaOptions.strip().split("\\s+")),
                    BenchOptions.OnOff.on(traces));
        }
    }

    /** One person's conversation and everything seen of it. */
    static final class Conversation {
        final int id;
        final Kind kind;
        final int slot;
        final String channel;
        final String text;
        Instant sentAt;
        String ts;
        Instant firstSign;
        Instant finalAt;
        int finals;
        boolean correct;
        boolean toldFailure;
        boolean unexpectedReply;
        int busyNotices;
        /** What Lucy has streamed into the conversation so far (its answer once the stream stops). */
        final StringBuilder streamed = new StringBuilder();

        Conversation(int id, Kind kind, int slot, String channel, String text) {
            this.id = id;
            this.kind = kind;
            this.slot = slot;
            this.channel = channel;
            this.text = text;
        }

        long firstSignNanos() {
            return Duration.between(sentAt, firstSign).toNanos();
        }

        long finalNanos() {
            return Duration.between(sentAt, finalAt).toNanos();
        }
    }

    /** Per-class figures. */
    record ClassResult(
            Kind kind,
            int count,
            int answered,
            int correct,
            int toldFailure,
            int lost,
            int duplicated,
            long[] firstSign,
            long[] finals,
            Duration ideal) {
        double overheadP95() {
            return ideal.isZero() ? Double.NaN : (double) FastPathBench.percentile(finals, 95) / ideal.toNanos();
        }
    }

    /** What one run measured. */
    record Result(
            Settings settings,
            Map<Kind, ClassResult> classes,
            int lost,
            int duplicated,
            int correct,
            int toldFailure,
            int busyNotices,
            int unexpectedReplies,
            int redelivered,
            int slackRetries,
            Limited limited,
            int agentTurns,
            int otherModelRequests,
            Map<LoadScript.FaultKind, Integer> faults,
            Map<String, Integer> slackCalls,
            Map<String, Integer> unanswered,
            Map<String, Integer> leftOut,
            double cpuSeconds,
            long jitMillis,
            double jitCpuSeconds,
            WarmUp warmUp,
            double wallSeconds,
            double heapPeakAfterGcMb,
            double heapPeakUsedMb,
            double heapMaxMb,
            String placement,
            double othersCpuSeconds) {
        double cpuMsPerTurn() {
            return agentTurns == 0 ? 0 : cpuSeconds * 1000 / agentTurns;
        }

        /** Without the JIT compiler threads' CPU: what a Lucy that has served for a while spends (NaN if unknown). */
        double steadyCpuMsPerTurn() {
            return agentTurns == 0 ? Double.NaN : (cpuSeconds - jitCpuSeconds) * 1000 / agentTurns;
        }

        double correctPct() {
            return 100.0 * correct / settings.conversations();
        }

        double throughput() {
            return wallSeconds == 0 ? 0 : (settings.conversations() - lost) / wallSeconds;
        }
    }

    /**
     * The same three-turn task through LangChain4j's AI services in the same process, after the app has closed:
     * its own scripted model server at the same latencies, driven by the baseline's {@link ScenarioDriver} with as
     * many conversations as the load had tasks. {@code serverCpuNanosPerRequest} is the model server's own CPU per
     * request ({@link ServerCalibration}), to take out of both sides for the net figures.
     */
    record Baseline(
            ScenarioDriver.Phase phase,
            long turns,
            long requests,
            double serverCpuNanosPerRequest,
            Duration ideal,
            Map<String, Integer> failureCauses,
            WarmUp warmUp,
            long jitMillis,
            double jitCpuSeconds) {
        double rawCpuMsPerTurn() {
            return turns == 0 ? Double.NaN : phase.cpuNanos() / 1e6 / turns;
        }

        double netCpuMsPerTurn() {
            return turns == 0 ? Double.NaN : (phase.cpuNanos() - serverCpuNanosPerRequest * requests) / 1e6 / turns;
        }

        /** The net figure without the JIT compiler threads' CPU (NaN if unknown). */
        double steadyNetCpuMsPerTurn() {
            return netCpuMsPerTurn() - jitCpuSeconds * 1000 / turns;
        }

        double overheadP95() {
            return (double) phase.percentileNanos(95) / ideal.toNanos();
        }
    }

    private static LangChain4jTaskAgent agent(ScriptedModelServer server, Settings s) {
        return new LangChain4jTaskAgent(
                server.baseUrl(),
                ScriptedModelServer.DEFAULT_MODEL,
                // LangChain4j does not retry here: a generous timeout, so slowness is measured, not lost
                s.modelLatency().multipliedBy(4).plusSeconds(60),
                new SimulatedTools(s.toolLatency()));
    }

    /** Passes calls through to an agent and counts why failed ones failed (the innermost cause), for the report. */
    private static final class CauseRecorder implements TaskAgent {
        private final TaskAgent agent;
        private final Map<String, Integer> causes = new java.util.concurrent.ConcurrentHashMap<>();

        CauseRecorder(TaskAgent agent) {
            this.agent = agent;
        }

        @Override
        public String name() {
            return agent.name();
        }

        @Override
        public String answer(String conversationId, String message) throws Exception {
            try {
                return agent.answer(conversationId, message);
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                String text = root.getClass().getSimpleName() + ": " + root.getMessage();
                causes.merge(text.length() > 120 ? text.substring(0, 120) : text, 1, Integer::sum);
                throw e;
            }
        }

        @Override
        public void forget(String conversationId) {
            agent.forget(conversationId);
        }

        Map<String, Integer> causes() {
            return new java.util.TreeMap<>(causes);
        }
    }

    static Baseline baseline(Settings s, int conversations) throws InterruptedException {
        ToolTask task = new ToolTask(0, s.seed());
        Duration ideal = ToolTask.ideal(s.modelLatency(), s.toolLatency());
        ScenarioDriver driver = new ScenarioDriver(s.deadline());
        try (ScriptedModelServer server = ScriptedModelServer.builder()
                        .script(task.script())
                        .latency(Latency.NONE)
                        .start();
                LangChain4jTaskAgent warmAgent = agent(server, s);
                LangChain4jTaskAgent agent = agent(server, s)) {
            ServerCalibration calibration = new ServerCalibration(server.baseUrl(), ScriptedModelServer.DEFAULT_MODEL);
            int warm = Math.max(s.warmup(), Math.min(conversations, 200));
            calibration.run(warm);
            // A separate agent warms up: the measured one starts without pooled connections the server may have
            // closed meanwhile (LangChain4j does not retry here, so a stale connection would fail a task). Rounds
            // as for Lucy, until the JIT compiler settles.
            WarmUp warmUp = WarmUp.repeat(
                    s.warmupRounds(),
                    Settings.MAX_WARM_UP_ROUNDS,
                    1,
                    round -> WarmUp.timed(
                            round,
                            () -> driver.run(
                                    warmAgent, warm, "warm" + round + "-", ToolTask.QUESTION, ToolTask::correct)));
            server.reset();
            System.gc();
            ServerCalibration.Result cal = calibration.run(Math.max(conversations, 200));
            server.latency(Latency.fixed(s.modelLatency()));
            System.gc();
            long replies = task.replies();
            long faults = task.faults();
            CauseRecorder recorder = new CauseRecorder(agent);
            long jitBefore = ScenarioDriver.compilationMillis();
            OptionalLong jitCpuBefore = CompilerCpu.nanos();
            ScenarioDriver.Phase phase =
                    driver.run(recorder, conversations, "load-", ToolTask.QUESTION, ToolTask::correct);
            long jit = ScenarioDriver.compilationMillis() - jitBefore;
            double jitCpu = LoadedLucy.secondsSince(jitCpuBefore, CompilerCpu.nanos());
            long turns = task.replies() - replies;
            return new Baseline(
                    phase,
                    turns,
                    turns + task.faults() - faults,
                    cal.cpuNanosPerRequest(),
                    ideal,
                    recorder.causes(),
                    warmUp,
                    jit,
                    jitCpu);
        }
    }

    AppLoadBench() {
        super(
                "load",
                Args::new,
                "N simulated people through the whole app (Bolt, Socket Mode, simulator, model server).",
                "Each mentions Lucy once in a channel of their own: a greeting, a thank-you, a question or a"
                        + " three-turn tool task; everything is read from the simulator's record of Web API calls.");
    }

    @Override
    int measure(Settings settings, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            Result result = run(settings);
            int tasks = result.classes().get(Kind.TASK).count();
            Optional<Baseline> baseline = settings.baseline() && settings.faultRate() == 0 && tasks > 0
                    ? Optional.of(baseline(settings, tasks))
                    : Optional.empty();
            print(result, baseline, out);
            return result.lost() == 0 && result.duplicated() == 0 ? BenchMain.OK : BenchMain.FAILED;
        } catch (RuntimeException e) {
            err.println("lucy bench load: the run failed: " + e.getMessage());
            return BenchMain.FAILED;
        }
    }

    static Result run(Settings s) throws InterruptedException {
        keepIdleConnections();
        int n = s.conversations();
        int w = s.warmup();
        // Every warm-up round has channels of its own, and the measured people theirs after them.
        int measuredSlots = w * WarmUp.limit(s.warmupRounds(), Settings.MAX_WARM_UP_ROUNDS);
        List<Kind> kinds = kinds(s);
        SlackSimulator.Builder simulator = SlackSimulator.builder()
                .team("T0LOAD", "Load Test", "load")
                .rateLimits(s.slackRateLimits() ? RateLimits.slackTiers() : RateLimits.off());
        for (int i = 0; i < measuredSlots + n; i++) {
            String user = "u" + i;
            simulator.user(user).channel("c" + i, ChannelType.PUBLIC_CHANNEL, true, user);
        }
        LoadScript script = new LoadScript(s.seed(), s.faultRate(), Duration.ofSeconds(1));
        ScratchDirectory data = ScratchDirectory.create("lucy-load-");
        ScheduledExecutorService redeliveries = Executors.newSingleThreadScheduledExecutor();
        try (SlackSimulator slack = simulator.start();
                ScriptedModelServer model = ScriptedModelServer.builder()
                        .script(script)
                        .latency(Latency.fixed(s.modelLatency()))
                        .start();
                LoadedLucy lucy = s.lucyApart()
                        ? LoadedLucy.inOwnProcess(s, Simulated.slack(slack), model.baseUrl(), data.path())
                        : LoadedLucy.inProcess(s, Simulated.slack(slack), model.baseUrl(), data.path())) {
            WarmUp warmUp = warmUp(slack, lucy, w, s.warmupRounds());
            List<Conversation> conversations = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                conversations.add(conversation(slack, i, kinds.get(i), measuredSlots + i));
            }
            Tracker tracker = new Tracker(slack, conversations);
            SplittableRandom redeliver = new SplittableRandom(s.seed() * 31 + 7);
            int redelivered = 0;
            int turnsBefore = script.conversationRequests();
            int otherBefore = script.otherRequests();
            int retriesBefore = slackRetries(slack);
            long limitedBefore = slack.rateLimitedCalls();
            long earlyBefore = slack.callsBeforeRetryAfter();
            lucy.startMeasuring();
            long benchCpuBefore = ScenarioDriver.processCpuNanos();
            long start = System.nanoTime();
            long spacing = n <= 1 ? 0 : s.arrival().toNanos() / n;
            for (int i = 0; i < n; i++) {
                long due = start + i * spacing;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Conversation c = conversations.get(i);
                send(slack, c);
                if (s.redeliveryRate() > 0 && redeliver.nextDouble() < s.redeliveryRate()) {
                    redelivered++;
                    redeliveries.schedule(
                            () -> redeliver(slack, c), s.redeliveryDelay().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            Instant deadline = Instant.now().plus(s.deadline());
            // Lucy's CPU and heap are read once the last answer that needed the model is in: the thank-yous' emoji,
            // held back by reactions.add's 50 a minute, may come up to a minute later, and that idle minute's CPU
            // is no agent turn's
            tracker.awaitModelAnswers(deadline);
            LoadedLucy.Measured measured = lucy.stopMeasuring();
            double benchCpu = (ScenarioDriver.processCpuNanos() - benchCpuBefore) / 1e9;
            int turns = script.conversationRequests() - turnsBefore;
            tracker.await(deadline);
            long end = System.nanoTime();
            // Late duplicates: wait out the redeliveries and look once more.
            Thread.sleep(s.redeliveryDelay().plusSeconds(1));
            tracker.scan();
            lostExamples(slack, conversations);
            return result(
                    s,
                    conversations,
                    redelivered,
                    slackRetries(slack) - retriesBefore,
                    new Limited(slack.rateLimitedCalls() - limitedBefore, slack.callsBeforeRetryAfter() - earlyBefore),
                    turns,
                    script.otherRequests() - otherBefore,
                    script.injected(),
                    tracker.callsByMethod(),
                    (end - start) / 1e9,
                    warmUp,
                    measured,
                    lucy.placement(),
                    lucy.placement().equals("process") ? benchCpu : Double.NaN);
        } finally {
            redeliveries.shutdownNow();
            data.close();
        }
    }

    /**
     * The JDK's HTTP server reads its idle-connection limit once, when the first server of the process starts, and
     * by default closes connections beyond 200 idle ones while clients still reuse them. The simulator's Web API
     * server starts before the model server (which would raise the limit itself), so the limit is raised here, unless
     * set on the command line, before any server starts.
     */
    private static void keepIdleConnections() {
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        }
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * The options of {@code ./lucy bench load} that shape Lucy, as Lucy's own process is given them (see
     * {@link LoadedLucy}).
     */
    static List<String> lucyOptions(Settings s) {
        return List.of(
                "--conversations=" + s.conversations(),
                "--model-latency-ms=" + s.modelLatency().toMillis(),
                "--tool-latency-ms=" + s.toolLatency().toMillis(),
                "--model-timeout-ms=" + s.modelTimeout().toMillis(),
                "--max-concurrent-runs=" + s.maxConcurrentRuns(),
                "--queue-capacity=" + s.queueCapacity(),
                "--user-events-per-minute=" + s.userEventsPerMinute(),
                "--workspace-events-per-minute=" + s.workspaceEventsPerMinute(),
                "--model-max-concurrent=" + s.modelMaxConcurrent(),
                "--post-burst=" + s.postBurst(),
                "--post-interval-ms=" + s.postInterval().toMillis(),
                "--traces=" + (s.traces() ? "on" : "off"));
    }

    static LucyApp app(
            Settings s,
            SlackTransportConfig slack,
            String modelUrl,
            Path data,
            Map<String, Integer> unanswered,
            Map<String, Integer> leftOut) {
        RuntimeConfig runtime = RuntimeConfig.builder()
                .maxConcurrentRuns(s.maxConcurrentRuns())
                .queueCapacity(s.queueCapacity())
                .workspaceQueueCapacity(s.queueCapacity())
                .userEventsPerMinute(s.userEventsPerMinute())
                .workspaceEventsPerMinute(s.workspaceEventsPerMinute())
                .build();
        return LucyApp.builder()
                .slack(slack)
                .slackCalls(new SlackCallObserver() {
                    @Override
                    public void webApiCall(String method, Result outcome, Duration took) {}

                    @Override
                    public void leftOut(String method, String priority) {
                        leftOut.merge(method + " " + priority, 1, Integer::sum);
                    }
                })
                .model(ModelClientConfig.builder()
                        .baseUrl(modelUrl)
                        .noApiKey()
                        .maxConcurrentRequests(s.modelMaxConcurrent())
                        .requestTimeout(s.modelTimeout())
                        .streamIdleTimeout(s.modelTimeout())
                        .build())
                .resilience(ResilienceConfig.defaults())
                .runtimeConfig(runtime)
                .agentObserver(event -> {
                    if (event instanceof AgentEvent.Finished finished
                            && !(finished.result().outcome() instanceof Outcome.Answered)) {
                        String why = finished.result().outcome().toString().replaceAll("[0-9]+", "N");
                        unanswered.merge(why.length() > 160 ? why.substring(0, 160) : why, 1, Integer::sum);
                    }
                })
                .dataDirectory(data)
                .tools(tools(s.toolLatency()))
                .slackPort(port -> port.postBurst(s.postBurst()).postInterval(s.postInterval()))
                .engine(engine -> s.traces() ? traced(engine) : engine)
                .build()
                .start();
    }

    /** Each run's trace recorded into Lucy's database in the background, as {@code ./lucy} does with its console. */
    private static LucyEngine.Builder traced(LucyEngine.Builder engine) {
        TraceRecorder recorder = TraceRecorder.builder(JdbcRunTraces.open(engine.database()))
                .build()
                .start();
        return engine.runTracing(recorder).modelWrapper(recorder.modelWrapper());
    }

    /** The two tools of the task, each taking the configured time. */
    static List<Tool> tools(Duration latency) {
        return List.of(
                Tool.builder(LoadScript.FIND_ORDER)
                        .description("Finds an order by its number: its carrier.")
                        .schema(LoadScript.SCHEMA)
                        .handler((caller, arguments) -> {
                            pause(latency);
                            return ToolResult.success(LoadScript.findOrderResult(
                                    arguments.path("order").asText()));
                        })
                        .build(),
                Tool.builder(LoadScript.TRACK_SHIPMENT)
                        .description("Tracks an order's shipment: when it arrives.")
                        .schema(LoadScript.SCHEMA)
                        .handler((caller, arguments) -> {
                            pause(latency);
                            return ToolResult.success(LoadScript.trackShipmentResult(
                                    arguments.path("order").asText()));
                        })
                        .build());
    }

    private static void pause(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The classes in a seeded random order, in the proportions of the mix. */
    static List<Kind> kinds(Settings s) {
        int total = Arrays.stream(s.mix()).sum();
        List<Kind> kinds = new ArrayList<>();
        int[] counts = new int[4];
        int assigned = 0;
        for (int k = 0; k < 4; k++) {
            counts[k] = (int) ((long) s.conversations() * s.mix()[k] / total);
            assigned += counts[k];
        }
        for (int k = 3; assigned < s.conversations(); k = (k + 3) % 4) {
            if (s.mix()[k] > 0) {
                counts[k]++;
                assigned++;
            }
        }
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < counts[k]; i++) {
                kinds.add(Kind.values()[k]);
            }
        }
        SplittableRandom random = new SplittableRandom(s.seed());
        for (int i = kinds.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Kind t = kinds.get(i);
            kinds.set(i, kinds.get(j));
            kinds.set(j, t);
        }
        return kinds;
    }

    /**
     * Warm-up rounds of {@code w} conversations at once, each class in turn, so that class loading and compilation
     * are not measured: one round compiles the hottest code, and the JIT compiler goes on compiling the long tail
     * for several more (in one round of 200, it compiled for longer than the measured run's agent turns took).
     * With {@link WarmUp#AUTO}, rounds stop once the compiler was busy less than a tenth of one. Thank-yous only in
     * the first round, at most {@value #WARM_UP_THANK_YOUS}: their answer, a reaction, waits for {@code
     * reactions.add}'s 50 a minute, and a round of 1,000 would queue five minutes of them. Ids are far from the
     * measured ones.
     */
    private static WarmUp warmUp(SlackSimulator slack, LoadedLucy lucy, int w, int rounds) throws InterruptedException {
        if (w == 0) {
            return WarmUp.NONE;
        }
        return WarmUp.repeat(rounds, Settings.MAX_WARM_UP_ROUNDS, 1, round -> {
            List<Kind> kinds = round == 1 ? List.of(Kind.values()) : List.of(Kind.GREETING, Kind.QUESTION, Kind.TASK);
            int first = (round - 1) * w;
            List<Conversation> warm = new ArrayList<>();
            int thanks = 0;
            for (int i = 0; i < w; i++) {
                Kind kind = kinds.get(i % kinds.size());
                if (kind == Kind.ACK && ++thanks > WARM_UP_THANK_YOUS) {
                    kind = Kind.GREETING;
                }
                warm.add(conversation(slack, 1_000_000 + first + i, kind, first + i));
            }
            Tracker tracker = new Tracker(slack, warm);
            lucy.startMeasuring();
            long started = System.nanoTime();
            warm.forEach(c -> send(slack, c));
            tracker.await(Instant.now().plus(Duration.ofSeconds(60)));
            long millis = (System.nanoTime() - started) / 1_000_000;
            // Lucy's compiler is timed in Lucy's JVM, which may not be this one.
            return new WarmUp(round, lucy.stopMeasuring().jitMillis(), millis);
        });
    }

    /** Thank-yous in the warm-up: a minute of {@code reactions.add} (50), so the measured ones do not queue behind more. */
    private static final int WARM_UP_THANK_YOUS = 50;

    /** Person {@code u<slot>} in channel {@code c<slot>}. */
    private static Conversation conversation(SlackSimulator slack, int id, Kind kind, int slot) {
        String text = switch (kind) {
            case GREETING -> "hi!";
            case ACK -> "thanks!";
            case QUESTION -> LoadScript.questionText(id);
            case TASK -> LoadScript.taskText(id);
        };
        return new Conversation(id, kind, slot, slack.channelId("c" + slot), text);
    }

    private static void send(SlackSimulator slack, Conversation c) {
        SlackUser user = slack.user("u" + c.slot);
        c.sentAt = Instant.now();
        SlackMessage message = user.mentionsBot("c" + c.slot, c.text);
        c.ts = message.ts();
    }

    /** Slack delivers the same mention once more (same channel, message ts, user and text), as a retry does. */
    private static void redeliver(SlackSimulator slack, Conversation c) {
        String user = slack.user("u" + c.slot).id();
        slack.emitEvent("{\"type\":\"app_mention\",\"user\":\"" + user + "\",\"text\":\"<@" + slack.botUserId() + "> "
                + c.text + "\",\"ts\":\"" + c.ts + "\",\"channel\":\"" + c.channel + "\",\"event_ts\":\"" + c.ts
                + "\",\"team\":\"" + slack.teamId() + "\"}");
    }

    /** Shows what a few unanswered people saw, on standard error, to tell why. */
    private static void lostExamples(SlackSimulator slack, List<Conversation> conversations) {
        conversations.stream().filter(c -> c.finals == 0).limit(3).forEach(c -> {
            System.err.println("lost: " + c.kind.label + " #" + c.id + " \"" + c.text + "\"; the channel shows:");
            for (SlackMessage m : slack.messages("c" + c.slot)) {
                System.err.println("  " + (m.fromBot() ? "lucy" : "user") + (m.deleted() ? " (deleted)" : "") + ": "
                        + m.text().replace("\n", " / ") + " " + m.reactions().keySet());
                slack.thread(m).stream()
                        .skip(1)
                        .forEach(r -> System.err.println(
                                "    " + (r.fromBot() ? "lucy" : "user") + (r.deleted() ? " (deleted)" : "") + ": "
                                        + r.text().replace("\n", " / ")));
            }
        });
    }

    /** Calls Slack answered with 429, and calls made again before the Retry-After they were given. */
    record Limited(long refused, long early) {}

    private static int slackRetries(SlackSimulator slack) {
        return (int)
                slack.deliveries().stream().filter(d -> d.retryAttempt() > 0).count();
    }

    private static Result result(
            Settings s,
            List<Conversation> conversations,
            int redelivered,
            int slackRetries,
            Limited limited,
            int turns,
            int other,
            Map<LoadScript.FaultKind, Integer> faults,
            Map<String, Integer> slackCalls,
            double wall,
            WarmUp warmUp,
            LoadedLucy.Measured lucy,
            String placement,
            double othersCpu) {
        Map<Kind, ClassResult> classes = new EnumMap<>(Kind.class);
        int lost = 0;
        int duplicated = 0;
        int correct = 0;
        int told = 0;
        int busy = 0;
        int unexpected = 0;
        for (Kind kind : Kind.values()) {
            List<Conversation> of =
                    conversations.stream().filter(c -> c.kind == kind).toList();
            long[] first = of.stream()
                    .filter(c -> c.firstSign != null)
                    .mapToLong(Conversation::firstSignNanos)
                    .sorted()
                    .toArray();
            long[] finals = of.stream()
                    .filter(c -> c.finalAt != null)
                    .mapToLong(Conversation::finalNanos)
                    .sorted()
                    .toArray();
            int classLost = (int) of.stream().filter(c -> c.finals == 0).count();
            int classDup = (int) of.stream().filter(c -> c.finals > 1).count();
            int classCorrect = (int) of.stream().filter(c -> c.correct).count();
            int classTold =
                    (int) of.stream().filter(c -> c.toldFailure && !c.correct).count();
            classes.put(
                    kind,
                    new ClassResult(
                            kind,
                            of.size(),
                            finals.length,
                            classCorrect,
                            classTold,
                            classLost,
                            classDup,
                            first,
                            finals,
                            s.ideal(kind)));
            lost += classLost;
            duplicated += classDup;
            correct += classCorrect;
            told += classTold;
            busy += of.stream().mapToInt(c -> c.busyNotices).sum();
            unexpected += (int) of.stream().filter(c -> c.unexpectedReply).count();
        }
        return new Result(
                s,
                classes,
                lost,
                duplicated,
                correct,
                told,
                busy,
                unexpected,
                redelivered,
                slackRetries,
                limited,
                turns,
                other,
                faults,
                new java.util.TreeMap<>(slackCalls),
                lucy.unanswered(),
                lucy.leftOut(),
                lucy.cpuSeconds(),
                lucy.jitMillis(),
                lucy.jitCpuSeconds(),
                warmUp,
                wall,
                lucy.heapPeakAfterGcMb(),
                lucy.heapPeakUsedMb(),
                lucy.heapMaxMb(),
                placement,
                othersCpu);
    }

    /**
     * Reads Lucy's Web API calls from the simulator as they arrive and ties each to its conversation by channel
     * (every person has their own): the first visible sign, the final answers, failure and busy notices.
     */
    static final class Tracker {
        private static final RuntimeNotices NOTICES = RuntimeNotices.defaults();
        private static final Set<String> SIGNS = Set.of(
                "reactions.add",
                "assistant.threads.setStatus",
                "chat.postMessage",
                "chat.update",
                "chat.startStream",
                "chat.stopStream");
        private static final Set<String> STREAM_PARTS = Set.of("chat.appendStream", "chat.stopStream");
        private final SlackSimulator slack;
        private final Map<String, Conversation> byChannel = new HashMap<>();
        private final Map<String, Integer> callsByMethod = new java.util.TreeMap<>();
        private final List<String> failureNotices;
        private final List<String> busyPrefixes;
        private int seen;
        private int open;
        private int openAskingModel;

        Tracker(SlackSimulator slack, List<Conversation> conversations) {
            this.slack = slack;
            conversations.forEach(c -> byChannel.put(c.channel, c));
            this.seen = slack.calls().size();
            this.open = conversations.size();
            this.openAskingModel =
                    (int) conversations.stream().filter(c -> c.kind.asksModel()).count();
            this.failureNotices = List.of(
                    prefix(NOTICES.runFailed()),
                    prefix(NOTICES.runTimedOut()),
                    prefix(NOTICES.shuttingDown()),
                    prefix(NOTICES.droppedAtShutdown()),
                    "I could not");
            this.busyPrefixes = List.of(
                    prefix(NOTICES.busy(0)), prefix(NOTICES.queued(1)), prefix(NOTICES.throttled(Duration.ZERO)));
        }

        private static String prefix(String notice) {
            return notice.substring(0, Math.min(24, notice.length()));
        }

        /** Scans until every conversation has its final answer or the deadline passes. */
        void await(Instant deadline) {
            awaitUntilNone(() -> open, deadline);
        }

        /** Scans until every question and task (the conversations that ask the model) is answered, or the deadline. */
        void awaitModelAnswers(Instant deadline) {
            awaitUntilNone(() -> openAskingModel, deadline);
        }

        private void awaitUntilNone(java.util.function.IntSupplier stillOpen, Instant deadline) {
            scan();
            while (stillOpen.getAsInt() > 0 && Instant.now().isBefore(deadline)) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                scan();
            }
        }

        /** Looks at the calls that arrived since the last scan. */
        void scan() {
            List<ApiCall> calls = slack.calls();
            for (int i = seen; i < calls.size(); i++) {
                see(calls.get(i));
            }
            seen = calls.size();
        }

        private void see(ApiCall call) {
            Optional<String> channel = call.argument("channel").or(() -> call.argument("channel_id"));
            Conversation c = channel.map(byChannel::get).orElse(null);
            if (c != null) {
                callsByMethod.merge(call.method(), 1, Integer::sum);
            }
            if (!call.ok() || c == null || c.sentAt == null) {
                return;
            }
            String text = call.argument("text")
                    .or(() -> call.argument("markdown_text"))
                    .orElse("");
            if (STREAM_PARTS.contains(call.method())) {
                // A streamed answer comes in parts; it is whole, and judged, when its stream stops.
                c.streamed.append(text);
                if (call.method().equals("chat.appendStream")) {
                    return;
                }
                text = c.streamed.toString();
                c.streamed.setLength(0);
            } else if (call.method().equals("chat.startStream")) {
                c.streamed.setLength(0);
                c.streamed.append(text);
            }
            if (!SIGNS.contains(call.method())) {
                return;
            }
            if (call.method().equals("assistant.threads.setStatus")
                    && call.argument("status").orElse("").isBlank()) {
                return;
            }
            if (c.firstSign == null || call.at().isBefore(c.firstSign)) {
                c.firstSign = call.at();
            }
            boolean message =
                    call.method().equals("chat.postMessage") || call.method().equals("chat.stopStream");
            switch (c.kind) {
                case GREETING -> {
                    if (message) {
                        finish(c, call, true);
                    }
                }
                case ACK -> {
                    if (call.method().equals("reactions.add")) {
                        finish(c, call, true);
                    } else if (message) {
                        c.unexpectedReply = true;
                    }
                }
                case QUESTION, TASK -> {
                    if (call.method().equals("chat.startStream")) {
                        break; // the answer's first part: judged when the stream stops
                    }
                    String expected =
                            c.kind == Kind.QUESTION ? LoadScript.questionAnswer(c.id) : LoadScript.taskAnswer(c.id);
                    if (text.contains(expected)) {
                        finish(c, call, true);
                    } else if (failureNotices.stream().anyMatch(text::startsWith)
                            || dev.lucy.slack.ErrorMessages.saysFailure(text)) {
                        c.toldFailure = true;
                        finish(c, call, false);
                    } else if (busyPrefixes.stream().anyMatch(text::startsWith)) {
                        c.busyNotices++;
                    }
                }
            }
        }

        /** Lucy's Web API calls in the tracked conversations' channels, by method. */
        Map<String, Integer> callsByMethod() {
            return Map.copyOf(callsByMethod);
        }

        private void finish(Conversation c, ApiCall call, boolean correct) {
            if (c.finals == 0) {
                c.finalAt = call.at();
                open--;
                if (c.kind.asksModel()) {
                    openAskingModel--;
                }
            }
            c.finals++;
            c.correct |= correct;
        }
    }

    private static void print(Result r, Optional<Baseline> baseline, PrintStream out) {
        boolean apart = r.placement().equals("process");
        Settings s = r.settings();
        out.printf(
                Locale.ROOT,
                "Full app under load: %d conversations (greet:ack:question:task %s), %d ms per model call, %d ms per"
                        + " tool, %.0f%% model faults, %.0f%% redelivered, seed %d%n",
                s.conversations(),
                s.mixText(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                s.faultRate() * 100,
                s.redeliveryRate() * 100,
                s.seed());
        out.println(
                s.lucyApart()
                        ? "Lucy in a JVM of its own: its CPU and heap are Lucy's alone (the Slack simulator and the"
                                + " model server run in the benchmark's JVM)."
                        : "One process: the Slack simulator and the model server share the CPU and heap with Lucy.");
        if (s.traces()) {
            out.println("Run traces on: each run's trace is recorded into Lucy's database, as with the web console.");
        }
        out.printf(
                Locale.ROOT,
                "Limits: runtime maxConcurrentRuns %d, queues %d, user %d/min, workspace %d/min; model client"
                        + " maxConcurrentRequests %d, timeout %d ms, %d attempts per model; Slack port burst %d per"
                        + " %d ms per channel; simulator rate limits %s; arrivals over %d ms%n",
                s.maxConcurrentRuns(),
                s.queueCapacity(),
                s.userEventsPerMinute(),
                s.workspaceEventsPerMinute(),
                s.modelMaxConcurrent(),
                s.modelTimeout().toMillis(),
                ResilienceConfig.DEFAULT_MAX_ATTEMPTS_PER_MODEL,
                s.postBurst(),
                s.postInterval().toMillis(),
                s.slackRateLimits() ? "Slack's tiers" : "off",
                s.arrival().toMillis());
        out.println();
        out.printf(
                Locale.ROOT,
                "%-9s %6s %6s %6s %5s %4s %10s %10s %9s %9s %9s %8s %8s%n",
                "class",
                "count",
                "right",
                "told",
                "lost",
                "dup",
                "sign p50",
                "sign p99",
                "final p50",
                "final p95",
                "final p99",
                "ideal",
                "p95/ideal");
        for (ClassResult c : r.classes().values()) {
            if (c.count() == 0) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "%-9s %6d %6d %6d %5d %4d %8.1fms %8.1fms %7.0fms %7.0fms %7.0fms %6dms %9s%n",
                    c.kind().label,
                    c.count(),
                    c.correct(),
                    c.toldFailure(),
                    c.lost(),
                    c.duplicated(),
                    ms(c.firstSign(), 50),
                    ms(c.firstSign(), 99),
                    ms(c.finals(), 50),
                    ms(c.finals(), 95),
                    ms(c.finals(), 99),
                    c.ideal().toMillis(),
                    c.ideal().isZero() ? "-" : String.format(Locale.ROOT, "%.3f", c.overheadP95()));
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "answered correctly %.1f%% (%d), told of a failure %d, lost %d, duplicated %d, busy notices %d,"
                        + " unexpected replies %d%n",
                r.correctPct(),
                r.correct(),
                r.toldFailure(),
                r.lost(),
                r.duplicated(),
                r.busyNotices(),
                r.unexpectedReplies());
        out.printf(
                Locale.ROOT,
                "redelivered %d events, Slack retries after late acks %d; faults injected %s; other model requests %d%n",
                r.redelivered(),
                r.slackRetries(),
                r.faults(),
                r.otherModelRequests());
        if (!r.leftOut().isEmpty() || s.slackRateLimits()) {
            out.printf(
                    Locale.ROOT,
                    "calls Lucy left out under Slack's limits (never answers): %d, %s%n",
                    r.leftOut().values().stream().mapToInt(Integer::intValue).sum(),
                    r.leftOut());
        }
        if (s.slackRateLimits()) {
            out.printf(
                    Locale.ROOT,
                    "Slack answered 429 to %d calls; calls made again before their Retry-After had passed: %d%n",
                    r.limited().refused(),
                    r.limited().early());
        }
        if (!r.unanswered().isEmpty()) {
            out.printf(Locale.ROOT, "agent runs that ended without an answer, by outcome: %s%n", r.unanswered());
        }
        out.printf(
                Locale.ROOT,
                "Slack Web API calls in the people's channels: %d, %s%n",
                r.slackCalls().values().stream().mapToInt(Integer::intValue).sum(),
                r.slackCalls());
        out.printf(
                Locale.ROOT,
                "throughput %.1f conversations/s over %.1f s; %d agent turns (model calls)%n",
                r.throughput(),
                r.wallSeconds(),
                r.agentTurns());
        out.printf(
                Locale.ROOT,
                "Lucy's warm-up: %d round(s) of %d conversations, the JIT compiler busy %d ms of the last one's %d ms%n",
                r.warmUp().rounds(),
                r.settings().warmup(),
                r.warmUp().lastRoundJitMillis(),
                r.warmUp().lastRoundMillis());
        out.printf(
                Locale.ROOT,
                "Lucy's cpu %.1f s until the last answer from the model (%.2f ms per agent turn, %s; the JIT compiler"
                        + " busy %.1f s meanwhile, its threads' cpu %.1f s; without them %.2f ms per agent turn); heap"
                        + " %.0f MB peak after GC, %.0f MB peak used, max %.0f MB%n",
                r.cpuSeconds(),
                r.cpuMsPerTurn(),
                apart ? "Lucy alone" : "with the simulator and the model server",
                r.jitMillis() / 1e3,
                r.jitCpuSeconds(),
                r.steadyCpuMsPerTurn(),
                r.heapPeakAfterGcMb(),
                r.heapPeakUsedMb(),
                r.heapMaxMb());
        if (apart) {
            out.printf(
                    Locale.ROOT,
                    "the simulator's, the model server's and the benchmark's cpu meanwhile: %.1f s%n",
                    r.othersCpuSeconds());
        }
        ClassResult task = r.classes().get(Kind.TASK);
        String baselineJson = "";
        if (baseline.isPresent()) {
            Baseline b = baseline.get();
            double serverMs = b.serverCpuNanosPerRequest() / 1e6;
            // Lucy alone has no model server to take out; in one process it shares the CPU with it.
            double lucyNet = r.agentTurns() == 0 ? Double.NaN : r.cpuMsPerTurn() - (apart ? 0 : serverMs);
            double cpuRatio = r.cpuMsPerTurn() / b.rawCpuMsPerTurn();
            double netCpuRatio = lucyNet / b.netCpuMsPerTurn();
            double overheadRatio = task.overheadP95() / b.overheadP95();
            double steadyRatio = (r.steadyCpuMsPerTurn() - (apart ? 0 : serverMs)) / b.steadyNetCpuMsPerTurn();
            out.printf(
                    Locale.ROOT,
                    "LangChain4j baseline, same process, same three-turn task, %d conversations at once: correct %d,"
                            + " wrong %d, failed %d %s, p95 %.0f ms (%.3f x ideal), %.2f ms CPU per turn (%.2f without the model server's"
                            + " %.3f ms per request); warm-up %d round(s), the JIT compiler busy %.1f s in the run, its"
                            + " threads' cpu %.1f s%n",
                    b.phase().conversations(),
                    b.phase().correct(),
                    b.phase().wrong(),
                    b.phase().failed(),
                    b.failureCauses(),
                    b.phase().percentileNanos(95) / 1e6,
                    b.overheadP95(),
                    b.rawCpuMsPerTurn(),
                    b.netCpuMsPerTurn(),
                    serverMs,
                    b.warmUp().rounds(),
                    b.jitMillis() / 1e3,
                    b.jitCpuSeconds());
            out.printf(
                    Locale.ROOT,
                    "Lucy (full app: Bolt, SQLite and all%s) / baseline (agent only): CPU per turn %.2f (%.2f without the"
                            + " model server; %.2f without it and the JIT compiler threads: %.2f against %.2f ms), task"
                            + " p95 overhead %.3f%n",
                    apart ? "" : ", with the Slack simulator",
                    cpuRatio,
                    netCpuRatio,
                    steadyRatio,
                    r.steadyCpuMsPerTurn() - (apart ? 0 : serverMs),
                    b.steadyNetCpuMsPerTurn(),
                    overheadRatio);
            baselineJson = String.format(
                    Locale.ROOT,
                    ",\"baseline_correct\":%d,\"baseline_overhead_p95\":%.4f,\"baseline_cpu_ms_per_turn\":%.3f,"
                            + "\"baseline_net_cpu_ms_per_turn\":%.3f,\"cpu_per_turn_ratio\":%.3f,"
                            + "\"net_cpu_per_turn_ratio\":%.3f,\"overhead_p95_ratio\":%.3f,\"baseline_warmup_rounds\":%d,"
                            + "\"baseline_jit_ms\":%d,\"baseline_net_cpu_ms_per_turn_without_jit\":%s,"
                            + "\"net_cpu_per_turn_ratio_without_jit\":%s",
                    b.phase().correct(),
                    b.overheadP95(),
                    b.rawCpuMsPerTurn(),
                    b.netCpuMsPerTurn(),
                    cpuRatio,
                    netCpuRatio,
                    overheadRatio,
                    b.warmUp().rounds(),
                    b.jitMillis(),
                    BaselineBench.json(b.steadyNetCpuMsPerTurn()),
                    BaselineBench.json(steadyRatio));
        } else if (r.settings().baseline()) {
            out.println("LangChain4j baseline: not run (it is compared without faults, and needs tasks in the mix)");
        }
        ClassResult question = r.classes().get(Kind.QUESTION);
        ClassResult greeting = r.classes().get(Kind.GREETING);
        ClassResult ack = r.classes().get(Kind.ACK);
        ClassResult main = task.count() > 0 ? task : question;
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"load\",\"conversations\":%d,\"mix\":\"%s\",\"model_latency_ms\":%d,\"tool_latency_ms\":%d,"
                        + "\"fault_rate\":%.3f,\"redelivery_rate\":%.3f,\"seed\":%d,\"lost\":%d,\"duplicated\":%d,"
                        + "\"overhead_p95\":%.4f,\"task_p50_ms\":%.1f,\"task_p95_ms\":%.1f,\"task_p99_ms\":%.1f,"
                        + "\"question_p95_ms\":%.1f,\"greeting_first_sign_p99_ms\":%.2f,\"ack_first_sign_p99_ms\":%.2f,"
                        + "\"answered_correctly_pct\":%.2f,\"told_failure\":%d,\"busy_notices\":%d,"
                        + "\"throughput_per_s\":%.1f,\"agent_turns\":%d,\"cpu_s\":%.2f,\"cpu_ms_per_turn\":%.3f,"
                        + "\"heap_peak_mb\":%.1f,\"heap_peak_used_mb\":%.1f,\"heap_max_mb\":%.0f,\"wall_s\":%.2f,"
                        + "\"lucy\":\"%s\",\"left_out\":%d,\"rate_limited\":%d,\"before_retry_after\":%d,"
                        + "\"warmup_rounds\":%d,\"jit_ms\":%d,\"jit_cpu_s\":%s,\"cpu_ms_per_turn_without_jit\":%s%s}%n",
                s.conversations(),
                s.mixText(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                s.faultRate(),
                s.redeliveryRate(),
                s.seed(),
                r.lost(),
                r.duplicated(),
                main.count() == 0 ? 0.0 : main.overheadP95(),
                ms(task.finals(), 50),
                ms(task.finals(), 95),
                ms(task.finals(), 99),
                ms(question.finals(), 95),
                ms(greeting.firstSign(), 99),
                ms(ack.firstSign(), 99),
                r.correctPct(),
                r.toldFailure(),
                r.busyNotices(),
                r.throughput(),
                r.agentTurns(),
                r.cpuSeconds(),
                r.cpuMsPerTurn(),
                r.heapPeakAfterGcMb(),
                r.heapPeakUsedMb(),
                r.heapMaxMb(),
                r.wallSeconds(),
                r.placement(),
                r.leftOut().values().stream().mapToInt(Integer::intValue).sum(),
                r.limited().refused(),
                r.limited().early(),
                r.warmUp().rounds(),
                r.jitMillis(),
                BaselineBench.json(r.jitCpuSeconds()),
                BaselineBench.json(r.steadyCpuMsPerTurn()),
                baselineJson);
    }

    private static double ms(long[] sorted, double percentile) {
        return sorted.length == 0 ? 0 : FastPathBench.percentile(sorted, percentile) / 1e6;
    }

    private static int[] parseMix(String text) {
        String[] parts = text.split(":");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--mix is greet:ack:question:task, e.g. 1:1:1:7, not '" + text + "'");
        }
        int[] mix = new int[4];
        try {
            for (int i = 0; i < 4; i++) {
                mix[i] = Integer.parseInt(parts[i].strip());
                if (mix[i] < 0) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--mix takes four whole numbers of at least 0, not '" + text + "'");
        }
        if (Arrays.stream(mix).sum() == 0) {
            throw new IllegalArgumentException("--mix needs at least one class");
        }
        return mix;
    }
}
