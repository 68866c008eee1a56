package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.bench.baseline.BaselineComparison;
import dev.lucy.bench.baseline.BaselineComparison.Round;
import dev.lucy.bench.baseline.BaselineComparison.SideRound;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench baseline}: Lucy's agent against a LangChain4j AI service on the same three-turn tool task,
 * the same scripted model server, in the same process and run; see {@link BaselineComparison}. Prints each round,
 * a table of medians over the rounds, and one JSON line with the CPU and overhead ratios (Lucy over LangChain4j).
 */
final class BaselineBench extends OptionsBench<BaselineComparison.Settings> {

    /** The options of {@code ./lucy bench baseline}. */
    static final class Args implements BenchArgs<BaselineComparison.Settings> {
        @Option(
                names = "--conversations",
                paramLabel = "N",
                defaultValue = "200",
                converter = Values.Positive.class,
                description = "Conversations per side and round, each a three-turn tool task.")
        int conversations;

        @Mixin
        ScriptedLatencies latencies = new ScriptedLatencies();

        @Option(
                names = "--rounds",
                paramLabel = "N",
                defaultValue = "3",
                converter = Values.Positive.class,
                description = "Rounds of both sides; the table shows their medians.")
        int rounds;

        @Option(
                names = "--fault-rate",
                paramLabel = "SHARE",
                defaultValue = "0",
                converter = BenchOptions.Share.class,
                description = "Share of model calls that fail (0 to 1), retried by each side as it does.")
        double faultRate;

        @Option(
                names = "--warm-up",
                paramLabel = "N",
                defaultValue = "" + BaselineComparison.DEFAULT_WARM_UP_CONVERSATIONS,
                converter = Values.NonNegative.class,
                description = "Conversations each side runs before it is measured.")
        int warmUp;

        @Override
        public BaselineComparison.Settings settings() {
            return new BaselineComparison.Settings(
                    conversations, latencies.model(), latencies.tool(), rounds, faultRate, warmUp);
        }
    }

    BaselineBench() {
        super(
                "baseline",
                Args::new,
                "Lucy against LangChain4j AI services: CPU per agent turn and latency overhead, same run.",
                "Both run the same three-turn tool task against the same scripted model server, in one process.");
    }

    @Override
    int measure(BaselineComparison.Settings settings, PrintStream out, PrintStream err) throws InterruptedException {
        BaselineComparison.Result result = BaselineComparison.run(settings, line -> out.println("  " + line));
        print(result, out);
        boolean answered = result.rounds().stream()
                .allMatch(r ->
                        r.lucy().phase().correct() > 0 && r.baseline().phase().correct() > 0);
        return answered ? BenchMain.OK : BenchMain.FAILED;
    }

    private static void print(BaselineComparison.Result result, PrintStream out) {
        BaselineComparison.Settings s = result.settings();
        Duration ideal = s.ideal();
        out.printf(
                Locale.ROOT,
                "Lucy against LangChain4j: %d conversations x 3-turn tool task, model %d ms, tool %d ms, fault rate %.2f,"
                        + " medians of %d rounds%n",
                s.conversations(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                s.faultRate(),
                s.rounds());
        out.printf(Locale.ROOT, "  ideal per task          %.0f ms%n", ideal.toNanos() / 1e6);
        out.printf(Locale.ROOT, "  %-24s %14s %14s%n", "", "lucy", "langchain4j");
        row(out, result, "tasks correct", "%.0f", side -> side.phase().correct());
        row(
                out,
                result,
                "tasks failed or wrong",
                "%.0f",
                side -> side.phase().failed() + side.phase().wrong());
        row(out, result, "agent turns", "%.0f", SideRound::turns);
        row(out, result, "p50 ms", "%.1f", side -> side.phase().percentileNanos(50) / 1e6);
        row(out, result, "p95 ms", "%.1f", side -> side.phase().percentileNanos(95) / 1e6);
        row(out, result, "p99 ms", "%.1f", side -> side.phase().percentileNanos(99) / 1e6);
        row(out, result, "overhead p95 (x ideal)", "%.4f", side -> side.overheadP95(ideal));
        row(out, result, "CPU ms/turn (raw)", "%.3f", SideRound::rawCpuMsPerTurn);
        row(out, result, "CPU ms/turn (- server)", "%.3f", SideRound::cpuMsPerTurn);
        row(out, result, "wall s", "%.2f", side -> side.phase().wallNanos() / 1e9);
        out.printf(
                Locale.ROOT,
                "  server alone            %.3f ms CPU per request (median of the rounds' calibrations)%n",
                result.median(r -> r.calibration().cpuNanosPerRequest() / 1e6));
        for (int i = 0; i < result.rounds().size(); i++) {
            Round r = result.rounds().get(i);
            if (!r.lucy().phase().failures().isEmpty()
                    || !r.baseline().phase().failures().isEmpty()) {
                out.printf(
                        Locale.ROOT,
                        "  round %d failures       lucy %s, langchain4j %s%n",
                        i + 1,
                        r.lucy().phase().failures(),
                        r.baseline().phase().failures());
            }
        }
        double lucyCpu = result.median(r -> r.lucy().cpuMsPerTurn());
        double baseCpu = result.median(r -> r.baseline().cpuMsPerTurn());
        double lucyRaw = result.median(r -> r.lucy().rawCpuMsPerTurn());
        double baseRaw = result.median(r -> r.baseline().rawCpuMsPerTurn());
        double lucyOverhead = result.median(r -> r.lucy().overheadP95(ideal));
        double baseOverhead = result.median(r -> r.baseline().overheadP95(ideal));
        double lucyP95 = result.median(r -> r.lucy().phase().percentileNanos(95) / 1e6);
        double baseP95 = result.median(r -> r.baseline().phase().percentileNanos(95) / 1e6);
        out.printf(
                Locale.ROOT,
                "  ratio lucy/langchain4j  CPU per turn %.3f (raw %.3f), p95 %.3f, overhead p95 %s%n",
                lucyCpu / baseCpu,
                lucyRaw / baseRaw,
                lucyP95 / baseP95,
                json(lucyOverhead / baseOverhead));
        out.printf(
                Locale.ROOT,
                "{\"bench\":\"baseline\",\"conversations\":%d,\"model_latency_ms\":%d,\"tool_latency_ms\":%d,"
                        + "\"fault_rate\":%.3f,\"rounds\":%d,\"lucy_cpu_ms_per_turn\":%s,\"baseline_cpu_ms_per_turn\":%s,"
                        + "\"cpu_ratio\":%s,\"lucy_raw_cpu_ms_per_turn\":%s,\"baseline_raw_cpu_ms_per_turn\":%s,"
                        + "\"raw_cpu_ratio\":%s,\"lucy_p95_ms\":%s,\"baseline_p95_ms\":%s,"
                        + "\"lucy_overhead_p95\":%s,\"baseline_overhead_p95\":%s,\"overhead_ratio\":%s,"
                        + "\"lucy_failed\":%s,\"baseline_failed\":%s}%n",
                s.conversations(),
                s.modelLatency().toMillis(),
                s.toolLatency().toMillis(),
                s.faultRate(),
                s.rounds(),
                json(lucyCpu),
                json(baseCpu),
                json(lucyCpu / baseCpu),
                json(lucyRaw),
                json(baseRaw),
                json(lucyRaw / baseRaw),
                json(lucyP95),
                json(baseP95),
                json(lucyOverhead),
                json(baseOverhead),
                json(lucyOverhead / baseOverhead),
                json(result.median(
                        r -> r.lucy().phase().failed() + r.lucy().phase().wrong())),
                json(result.median(r ->
                        r.baseline().phase().failed() + r.baseline().phase().wrong())));
    }

    private static void row(
            PrintStream out,
            BaselineComparison.Result result,
            String label,
            String format,
            ToDoubleFunction<SideRound> metric) {
        double lucy = result.median(r -> metric.applyAsDouble(r.lucy()));
        double baseline = result.median(r -> metric.applyAsDouble(r.baseline()));
        out.printf(
                Locale.ROOT,
                "  %-24s %14s %14s%n",
                label,
                Double.isFinite(lucy) ? String.format(Locale.ROOT, format, lucy) : "n/a",
                Double.isFinite(baseline) ? String.format(Locale.ROOT, format, baseline) : "n/a");
    }

    /** A JSON number with four decimals, or {@code null} when not a number (a ratio to a zero ideal). */
    static String json(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }
}
