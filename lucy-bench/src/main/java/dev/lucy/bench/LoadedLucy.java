package dev.lucy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.LucyApp;
import dev.lucy.app.slack.SlackTransportConfig;
import dev.lucy.bench.RuntimeLoadBench.HeapSampler;
import dev.lucy.bench.baseline.ScenarioDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Lucy that {@code ./lucy bench load} talks to: in the benchmark's own JVM beside the Slack simulator and the
 * model server ({@code --slack in-process}), or in a JVM of its own ({@code --slack process}, the default), so that
 * Lucy's CPU and heap are measured apart from the simulator's, the model server's and the benchmark's.
 */
interface LoadedLucy extends AutoCloseable {
    /** Starts measuring: a full collection, then CPU and heap from here on. */
    void startMeasuring();

    /** Stops measuring and returns what Lucy used since {@link #startMeasuring()}. */
    Measured stopMeasuring();

    /** {@code process} or {@code in-process}. */
    String placement();

    @Override
    void close();

    /**
     * Lucy's CPU since measuring started (of all parts in the process when they share it), its JIT compiler's time
     * and its compiler threads' CPU meanwhile (NaN where not known), its heap, and the agent runs that ended without
     * an answer, by outcome.
     */
    record Measured(
            double cpuSeconds,
            long jitMillis,
            double jitCpuSeconds,
            double heapPeakAfterGcMb,
            double heapPeakUsedMb,
            double heapMaxMb,
            Map<String, Integer> unanswered,
            Map<String, Integer> leftOut) {}

    /** Reads {@code --slack process|in-process}. */
    static boolean inOwnProcess(String option) {
        return switch (option) {
            case "process" -> true;
            case "in-process" -> false;
            default -> throw new IllegalArgumentException("--slack takes process or in-process, not '" + option + "'");
        };
    }

    /** Lucy in this JVM: CPU and heap are the whole process's. */
    static LoadedLucy inProcess(AppLoadBench.Settings s, SlackTransportConfig slack, String modelUrl, Path data) {
        Map<String, Integer> unanswered = new ConcurrentHashMap<>();
        Map<String, Integer> leftOut = new ConcurrentHashMap<>();
        LucyApp app = AppLoadBench.app(s, slack, modelUrl, data, unanswered, leftOut);
        return new LoadedLucy() {
            private HeapSampler heap;
            private long cpuBefore;
            private long jitBefore;
            private OptionalLong jitCpuBefore;

            @Override
            public void startMeasuring() {
                unanswered.clear();
                leftOut.clear();
                System.gc();
                heap = HeapSampler.start();
                jitBefore = ScenarioDriver.compilationMillis();
                jitCpuBefore = CompilerCpu.nanos();
                cpuBefore = ScenarioDriver.processCpuNanos();
            }

            @Override
            public Measured stopMeasuring() {
                double cpu = (ScenarioDriver.processCpuNanos() - cpuBefore) / 1e9;
                long jit = ScenarioDriver.compilationMillis() - jitBefore;
                try {
                    heap.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Measured(
                        cpu,
                        jit,
                        secondsSince(jitCpuBefore, CompilerCpu.nanos()),
                        heap.peakAfterGcMb(),
                        heap.peakUsedMb(),
                        maxHeapMb(),
                        new TreeMap<>(unanswered),
                        new TreeMap<>(leftOut));
            }

            @Override
            public String placement() {
                return "in-process";
            }

            @Override
            public void close() {
                app.close();
            }
        };
    }

    /** Lucy in a JVM of its own, started through {@link Serve} with the same settings and heap limit as this one. */
    static LoadedLucy inOwnProcess(AppLoadBench.Settings s, SlackTransportConfig slack, String modelUrl, Path data) {
        return Child.start(s, slack, modelUrl, data);
    }

    /** Seconds from {@code before} to {@code after}, or NaN where either is not known. */
    static double secondsSince(OptionalLong before, OptionalLong after) {
        return before.isPresent() && after.isPresent() ? (after.getAsLong() - before.getAsLong()) / 1e9 : Double.NaN;
    }

    static double maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0);
    }

    /** The child JVM, driven by lines on its standard input: {@code measure}, {@code report}, then end of input. */
    final class Child implements LoadedLucy {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Process process;
        private final BufferedReader lines;
        private final Writer commands;
        private long cpuBefore;
        private OptionalLong jitCpuBefore = OptionalLong.empty();

        private Child(Process process) {
            this.process = process;
            this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = process.outputWriter(StandardCharsets.UTF_8);
        }

        static Child start(AppLoadBench.Settings s, SlackTransportConfig slack, String modelUrl, Path data) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m",
                    "--enable-native-access=ALL-UNNAMED"));
            command.addAll(s.lucyJavaOptions());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    BenchMain.class.getName(),
                    Serve.NAME,
                    "--web-api-url",
                    slack.webApiUrl(),
                    "--model-url",
                    modelUrl,
                    "--data",
                    data.toString()));
            command.addAll(AppLoadBench.lucyOptions(s));
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
                // Tokens travel in the environment, never on a command line other users can read.
                builder.environment().put(Serve.BOT_TOKEN, slack.botToken().orElseThrow());
                builder.environment().put(Serve.APP_TOKEN, slack.appToken().orElseThrow());
                Child child = new Child(builder.start());
                child.expect(Serve.READY);
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Lucy's process", e);
            }
        }

        @Override
        public void startMeasuring() {
            send("measure");
            expect(Serve.MEASURING);
            jitCpuBefore = CompilerCpu.nanos(process.pid());
            cpuBefore = cpuNanos();
        }

        @Override
        public Measured stopMeasuring() {
            double cpu = (cpuNanos() - cpuBefore) / 1e9;
            double jitCpu = secondsSince(jitCpuBefore, CompilerCpu.nanos(process.pid()));
            send("report");
            String report = expect(Serve.REPORT);
            try {
                Report r = JSON.readValue(report, Report.class);
                return new Measured(
                        cpu,
                        r.jitMillis(),
                        jitCpu,
                        r.heapPeakAfterGcMb(),
                        r.heapPeakUsedMb(),
                        r.heapMaxMb(),
                        r.unanswered(),
                        r.leftOut());
            } catch (IOException e) {
                throw new IllegalStateException("Lucy's process sent a report that is not JSON: " + report, e);
            }
        }

        @Override
        public String placement() {
            return "process";
        }

        private long cpuNanos() {
            return ModelServers.cpuNanos(process);
        }

        private void send(String line) {
            try {
                commands.write(line + "\n");
                commands.flush();
            } catch (IOException e) {
                throw new IllegalStateException("Lucy's process went away", e);
            }
        }

        /** Reads lines until one starts with {@code prefix}; returns the rest of it. */
        private String expect(String prefix) {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(prefix)) {
                        return line.substring(prefix.length()).strip();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Lucy's process went away", e);
            }
            process.destroyForcibly();
            throw new IllegalStateException("Lucy's process ended before saying '" + prefix.strip() + "'");
        }

        @Override
        public void close() {
            ModelServers.stop(process, commands, Duration.ofSeconds(30));
        }
    }

    /** What the child reports when measuring stops. */
    record Report(
            long jitMillis,
            double heapPeakAfterGcMb,
            double heapPeakUsedMb,
            double heapMaxMb,
            Map<String, Integer> unanswered,
            Map<String, Integer> leftOut) {}

    /**
     * {@code ./lucy bench serve-load-lucy}: the Lucy of {@code ./lucy bench load --slack process}, until its standard
     * input closes. Not for people: the load benchmark starts it.
     */
    final class Serve extends OptionsBench<Serve.Settings> {
        static final String NAME = "serve-load-lucy";
        static final String READY = "ready";
        static final String MEASURING = "measuring";
        static final String REPORT = "report ";
        static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
        static final String APP_TOKEN = "SLACK_APP_TOKEN";

        record Settings(AppLoadBench.Settings load, String webApiUrl, String modelUrl, Path data) {}

        /** The load benchmark's options Lucy reads, and where the simulator and the model server listen. */
        static final class Args implements BenchArgs<Settings> {
            @Mixin
            AppLoadBench.Args load = new AppLoadBench.Args();

            @Option(names = "--web-api-url", required = true, description = "The simulator's Web API.")
            String webApiUrl;

            @Option(names = "--model-url", required = true, description = "The scripted model server.")
            String modelUrl;

            @Option(names = "--data", required = true, description = "Lucy's data directory.")
            Path data;

            @Override
            public Settings settings() {
                return new Settings(load.settings(), webApiUrl, modelUrl, data);
            }
        }

        Serve() {
            super(NAME, Args::new, "The Lucy of 'bench load --slack process' (started by it).");
        }

        @Override
        int measure(Settings s, PrintStream out, PrintStream err) throws InterruptedException {
            SlackTransportConfig slack = SlackTransportConfig.builder()
                    .botToken(System.getenv(BOT_TOKEN))
                    .appToken(System.getenv(APP_TOKEN))
                    .webApiUrl(s.webApiUrl())
                    .build();
            try (LoadedLucy lucy = inProcess(s.load(), slack, s.modelUrl(), s.data());
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                out.println(READY);
                out.flush();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    switch (line.strip()) {
                        case "measure" -> {
                            lucy.startMeasuring();
                            out.println(MEASURING);
                        }
                        case "report" -> {
                            Measured m = lucy.stopMeasuring();
                            out.println(REPORT
                                    + Child.JSON.writeValueAsString(new Report(
                                            m.jitMillis(),
                                            m.heapPeakAfterGcMb(),
                                            m.heapPeakUsedMb(),
                                            m.heapMaxMb(),
                                            m.unanswered(),
                                            m.leftOut())));
                        }
                        default -> err.println("serve-load-lucy: unknown command '" + line + "'");
                    }
                    out.flush();
                }
                return BenchMain.OK;
            } catch (IOException e) {
                return BenchMain.OK; // the benchmark went away: nobody left to answer
            }
        }
    }
}
