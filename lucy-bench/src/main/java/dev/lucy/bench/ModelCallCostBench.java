package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.bench.baseline.ScenarioDriver;
import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench model-call-cost}: the CPU one model call costs, on each side of the wire. Runs the
 * runtime-load conversation (three streamed model calls: a tool, another tool, the answer) through the agent and the
 * real HTTP client against the scripted model server with no latency, from a few concurrent virtual threads, and
 * divides the CPU time used by the number of model calls. With {@code --server process} (the default) the server
 * runs in a JVM of its own, so the client side (agent, client, JSON, SSE) and the server side (HTTP server, parsing,
 * SSE writing) are measured apart; {@code --server in-process} gives the total as {@code runtime-load --server in-process} pays it.
 */
final class ModelCallCostBench extends OptionsBench<ModelCallCostBench.Options> {
    private static final int CALLS_PER_CONVERSATION = 3;

    /** What one measured round cost. */
    record Result(
            String server,
            int conversations,
            int answered,
            long calls,
            double wallSeconds,
            double clientCpuSeconds,
            double serverCpuSeconds) {
        double clientMsPerCall() {
            return clientCpuSeconds * 1000 / calls;
        }

        double serverMsPerCall() {
            return serverCpuSeconds * 1000 / calls;
        }
    }

    /** The options: conversations measured, warm-up conversations before, at once, and the server in its own JVM. */
    record Options(int conversations, int warmUp, int concurrency, boolean ownProcess) {}

    /** The options of {@code ./lucy bench model-call-cost}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--conversations",
                paramLabel = "N",
                defaultValue = "3000",
                converter = Values.Positive.class,
                description = "Conversations measured, three model calls each.")
        int conversations;

        @Option(
                names = "--warm-up",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.NonNegative.class,
                description = "Conversations run before measuring.")
        int warmUp;

        @Option(
                names = "--concurrency",
                paramLabel = "N",
                defaultValue = "32",
                converter = Values.Positive.class,
                description = "Conversations at once.")
        int concurrency;

        @Option(
                names = "--server",
                paramLabel = "WHERE",
                defaultValue = "process",
                converter = BenchOptions.Server.class,
                completionCandidates = ModelServers.Placements.class,
                description = "process (the model server in a JVM of its own, its CPU counted apart) or in-process.")
        String server;

        @Override
        public Options settings() {
            return new Options(conversations, warmUp, concurrency, ModelServers.inOwnProcess(server));
        }
    }

    ModelCallCostBench() {
        super(
                "model-call-cost",
                Args::new,
                "CPU per model call, client and server apart (agent, HTTP client, scripted server, no latency).");
    }

    @Override
    int measure(Options o, PrintStream out, PrintStream err) throws InterruptedException {
        Result r = measure(o.conversations(), o.warmUp(), o.concurrency(), o.ownProcess());
        print(r, o.concurrency(), out);
        return r.answered() == r.conversations() ? BenchMain.OK : BenchMain.FAILED;
    }

    static Result measure(int conversations, int warmUp, int concurrency, boolean ownProcess)
            throws InterruptedException {
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        try (ModelServers.Running server = ModelServers.start(Duration.ZERO, ownProcess);
                OpenAiCompatibleChatModel model = RuntimeLoadBench.client(server.baseUrl(), concurrency)) {
            Agent agent = RuntimeLoadBench.agent(model, Duration.ZERO, errors);
            if (warmUp > 0) {
                converse(agent, warmUp, concurrency);
            }
            long serverBefore = server.cpuNanos();
            long clientBefore = ScenarioDriver.processCpuNanos();
            long start = System.nanoTime();
            int answered = converse(agent, conversations, concurrency);
            long wall = System.nanoTime() - start;
            double client = (ScenarioDriver.processCpuNanos() - clientBefore) / 1e9;
            double serverCpu = (server.cpuNanos() - serverBefore) / 1e9;
            return new Result(
                    server.describe(),
                    conversations,
                    answered,
                    (long) conversations * CALLS_PER_CONVERSATION,
                    wall / 1e9,
                    client,
                    serverCpu);
        }
    }

    /** Runs {@code count} conversations from {@code concurrency} threads; returns how many got the answer. */
    private static int converse(Agent agent, int count, int concurrency) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Caller caller = new Caller("T1", "U" + i, "C" + i);
                        AgentResult result = agent.run(caller, "where is order 17 and when will it arrive?");
                        if (result.text().equals(RuntimeLoadBench.ANSWER)) {
                            answered.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a conversation failed", e.getCause());
                }
            }
        }
        return answered.get();
    }

    private static void print(Result r, int concurrency, PrintStream out) {
        boolean apart = r.server().equals("process");
        out.printf(
                Locale.ROOT,
                "Model call cost: %d conversations x %d streamed calls, %d at a time, server %s%n",
                r.conversations(),
                CALLS_PER_CONVERSATION,
                concurrency,
                r.server());
        out.printf(Locale.ROOT, "  answered          %d of %d%n", r.answered(), r.conversations());
        out.printf(
                Locale.ROOT,
                "  wall              %.2f s (%.0f calls/s)%n",
                r.wallSeconds(),
                r.calls() / r.wallSeconds());
        out.printf(
                Locale.ROOT,
                "  cpu per call      %.3f ms %s%n",
                r.clientMsPerCall(),
                apart ? "client side (agent, HTTP client, JSON, SSE)" : "client and server together");
        if (apart) {
            out.printf(Locale.ROOT, "                    %.3f ms server side (its own process)%n", r.serverMsPerCall());
            out.printf(Locale.ROOT, "                    %.3f ms in all%n", r.clientMsPerCall() + r.serverMsPerCall());
        }
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"model-call-cost\",\"server\":\"%s\",\"conversations\":%d,\"answered\":%d,\"calls\":%d,"
                        + "\"concurrency\":%d,\"wall_s\":%.3f,\"client_cpu_ms_per_call\":%.4f,"
                        + "\"server_cpu_ms_per_call\":%.4f}%n",
                r.server(),
                r.conversations(),
                r.answered(),
                r.calls(),
                concurrency,
                r.wallSeconds(),
                r.clientMsPerCall(),
                r.serverMsPerCall());
    }
}
