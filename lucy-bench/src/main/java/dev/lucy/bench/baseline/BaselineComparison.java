package dev.lucy.bench.baseline;

import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lucy against LangChain4j in one process and one run: both agents talk to the same {@link ScriptedModelServer},
 * run the same {@link ToolTask} with the same {@link SimulatedTools} latency, and are measured by the same
 * {@link ScenarioDriver}. Each round measures the server alone ({@link ServerCalibration}, at zero latency), then
 * both sides, the side going first alternating between rounds; both are warmed up first (at zero model latency).
 *
 * <p>CPU per agent turn: the process CPU of a phase, less the server's share (the calibration's CPU per request
 * times the requests the phase made), divided by the model answers the phase got. The raw figure (server
 * included) is kept too.
 */
public final class BaselineComparison {
    /** Conversations per warm-up phase unless set. */
    public static final int DEFAULT_WARM_UP_CONVERSATIONS = 1000;
    /** Conversations of a round's server calibration, at least. */
    static final int CALIBRATION_CONVERSATIONS = 1000;
    /** Warm-up phases per side. */
    static final int WARM_UP_PHASES = 3;

    /**
     * What to run.
     *
     * @param warmUpConversations conversations per warm-up phase for each side (0: no warm-up)
     */
    public record Settings(
            int conversations,
            Duration modelLatency,
            Duration toolLatency,
            int rounds,
            double faultRate,
            int warmUpConversations) {
        public Settings {
            if (conversations < 1 || rounds < 1 || warmUpConversations < 0) {
                throw new IllegalArgumentException("conversations and rounds must be at least 1, warm-up at least 0");
            }
            if (modelLatency.isNegative() || toolLatency.isNegative()) {
                throw new IllegalArgumentException("latencies must not be negative");
            }
        }

        public Duration ideal() {
            return ToolTask.ideal(modelLatency, toolLatency);
        }
    }

    /** One side in one round. */
    public record SideRound(ScenarioDriver.Phase phase, long turns, long modelRequests, double serverCpuNanos) {
        public double rawCpuMsPerTurn() {
            return turns == 0 ? Double.NaN : phase.cpuNanos() / 1e6 / turns;
        }

        public double cpuMsPerTurn() {
            return turns == 0 ? Double.NaN : (phase.cpuNanos() - serverCpuNanos) / 1e6 / turns;
        }

        /** p95 latency over the ideal; NaN when the ideal is zero. */
        public double overheadP95(Duration ideal) {
            return ideal.isZero() ? Double.NaN : (double) phase.percentileNanos(95) / ideal.toNanos();
        }
    }

    /** A round: the calibration and both sides. */
    public record Round(ServerCalibration.Result calibration, SideRound lucy, SideRound baseline) {}

    /** Every round, and which side went first in each. */
    public record Result(Settings settings, List<Round> rounds) {
        public double median(java.util.function.ToDoubleFunction<Round> metric) {
            double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }

    private BaselineComparison() {}

    /**
     * Runs the comparison. {@code progress} hears a line per phase.
     *
     * @throws InterruptedException when interrupted between or during phases
     */
    public static Result run(Settings settings, Consumer<String> progress) throws InterruptedException {
        ToolTask task = new ToolTask(settings.faultRate(), 17);
        Duration deadline = settings.ideal().multipliedBy(4).plusSeconds(120);
        ScenarioDriver driver = new ScenarioDriver(deadline);
        Duration callTimeout = settings.modelLatency().multipliedBy(4).plusSeconds(60);
        int n = settings.conversations();
        try (ScriptedModelServer server = ScriptedModelServer.builder()
                        .script(task.script())
                        .latency(Latency.NONE)
                        .start();
                LucyTaskAgent lucy = new LucyTaskAgent(
                        server.baseUrl(),
                        ScriptedModelServer.DEFAULT_MODEL,
                        Math.max(n, settings.warmUpConversations()) + 16,
                        new SimulatedTools(settings.toolLatency()));
                LangChain4jTaskAgent baseline = new LangChain4jTaskAgent(
                        server.baseUrl(),
                        ScriptedModelServer.DEFAULT_MODEL,
                        callTimeout,
                        new SimulatedTools(settings.toolLatency()))) {
            ServerCalibration calibration = new ServerCalibration(server.baseUrl(), ScriptedModelServer.DEFAULT_MODEL);
            int warm = settings.warmUpConversations();
            for (int i = 0; warm > 0 && i < WARM_UP_PHASES; i++) {
                calibration.run(warm);
                driver.run(lucy, warm, "warm-lucy-" + i + "-", ToolTask.QUESTION, ToolTask::correct);
                driver.run(baseline, warm, "warm-lc4j-" + i + "-", ToolTask.QUESTION, ToolTask::correct);
                server.reset();
                progress.accept("warm-up " + (i + 1) + "/" + WARM_UP_PHASES + " done");
            }
            server.latency(Latency.fixed(settings.modelLatency()));
            List<Round> rounds = new ArrayList<>();
            for (int r = 0; r < settings.rounds(); r++) {
                // The server's work per request does not depend on its latency (a delayed answer sleeps on a
                // virtual thread), so it is measured at zero latency, where the phase is short and background CPU
                // (JIT, GC of earlier phases) weighs least, over at least CALIBRATION_CONVERSATIONS conversations.
                server.latency(Latency.NONE);
                System.gc();
                ServerCalibration.Result cal = calibration.run(Math.max(n, CALIBRATION_CONVERSATIONS));
                server.latency(Latency.fixed(settings.modelLatency()));
                double serverCpuPerRequest = cal.cpuNanosPerRequest();
                progress.accept(String.format(
                        java.util.Locale.ROOT,
                        "round %d: server alone %.3f ms CPU per request (%d requests)",
                        r + 1,
                        serverCpuPerRequest / 1e6,
                        cal.requests()));
                TaskAgent first = r % 2 == 0 ? lucy : baseline;
                TaskAgent second = r % 2 == 0 ? baseline : lucy;
                SideRound a = side(driver, first, n, "r" + r + "-" + first.name() + "-", task, serverCpuPerRequest);
                progress.accept(line(r, a));
                SideRound b = side(driver, second, n, "r" + r + "-" + second.name() + "-", task, serverCpuPerRequest);
                progress.accept(line(r, b));
                server.reset(); // forgets the recorded requests, and restores the builder's latency
                server.latency(Latency.fixed(settings.modelLatency()));
                rounds.add(first == lucy ? new Round(cal, a, b) : new Round(cal, b, a));
            }
            return new Result(settings, List.copyOf(rounds));
        }
    }

    private static SideRound side(
            ScenarioDriver driver, TaskAgent agent, int n, String prefix, ToolTask task, double serverCpuPerRequest)
            throws InterruptedException {
        System.gc();
        long replies = task.replies();
        long faults = task.faults();
        ScenarioDriver.Phase phase = driver.run(agent, n, prefix, ToolTask.QUESTION, ToolTask::correct);
        long turns = task.replies() - replies;
        long requests = turns + task.faults() - faults;
        return new SideRound(phase, turns, requests, serverCpuPerRequest * requests);
    }

    private static String line(int round, SideRound side) {
        ScenarioDriver.Phase p = side.phase();
        return String.format(
                java.util.Locale.ROOT,
                "round %d: %-11s correct %d/%d, p95 %.1f ms, %.3f ms CPU per turn (%.3f raw)",
                round + 1,
                p.agent(),
                p.correct(),
                p.conversations(),
                p.percentileNanos(95) / 1e6,
                side.cpuMsPerTurn(),
                side.rawCpuMsPerTurn());
    }
}
