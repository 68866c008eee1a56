package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * The scripted model server the load benchmarks talk to: in the benchmark's own JVM, or in a JVM of its own so the
 * CPU each side spends can be told apart (the child's CPU time is read from the operating system).
 */
final class ModelServers {
    private ModelServers() {}

    /** A running server: where it listens and, when it runs in its own process, the CPU it used so far. */
    interface Running extends AutoCloseable {
        String baseUrl();

        /** The server's own CPU time so far; 0 when it shares the benchmark's process. */
        long cpuNanos();

        /** {@code in-process} or {@code process}. */
        String describe();

        @Override
        void close();
    }

    /** Reads {@code --server in-process|process}. */
    static boolean inOwnProcess(String option) {
        return switch (option) {
            case "in-process" -> false;
            case "process" -> true;
            default -> throw new IllegalArgumentException("--server takes in-process or process, not '" + option + "'");
        };
    }

    /** What {@code --server} takes, for shell completion. */
    static final class Placements implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("process", "in-process").iterator();
        }
    }

    /** Starts the runtime-load script ({@link RuntimeLoadBench#startServer}) with this latency per model call. */
    static Running start(Duration latency, boolean ownProcess) {
        if (!ownProcess) {
            ScriptedModelServer server = RuntimeLoadBench.startServer(latency);
            return new Running() {
                @Override
                public String baseUrl() {
                    return server.baseUrl();
                }

                @Override
                public long cpuNanos() {
                    return 0;
                }

                @Override
                public String describe() {
                    return "in-process";
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        }
        return ChildServer.start(latency);
    }

    /** A child JVM running {@link ServeBench}; it stops when its standard input closes. */
    private static final class ChildServer implements Running {
        private final Process process;
        private final String baseUrl;

        private ChildServer(Process process, String baseUrl) {
            this.process = process;
            this.baseUrl = baseUrl;
        }

        static ChildServer start(Duration latency) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BenchMain.class.getName(),
                    ServeBench.NAME,
                    "--latency-ms",
                    Long.toString(latency.toMillis()));
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = lines.readLine();
                if (line == null || !line.startsWith(ServeBench.READY)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the model server process did not start: " + line);
                }
                return new ChildServer(process, line.substring(ServeBench.READY.length()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the model server process", e);
            }
        }

        @Override
        public String baseUrl() {
            return baseUrl;
        }

        @Override
        public long cpuNanos() {
            return ModelServers.cpuNanos(process);
        }

        @Override
        public String describe() {
            return "process";
        }

        @Override
        public void close() {
            stop(process, process.getOutputStream(), Duration.ofSeconds(15));
        }
    }

    /** The CPU time a child benchmark process has used so far, as the operating system reports it (0 if it does not). */
    static long cpuNanos(Process process) {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /**
     * Stops a child benchmark process that ends when its standard input closes: closes {@code input}, waits up to
     * {@code grace}, then kills it.
     */
    static void stop(Process process, java.io.Closeable input, Duration grace) {
        try {
            input.close();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * {@code ./lucy bench serve-model-server --latency-ms N}: serves the runtime-load script on loopback, prints
     * {@code ready <base URL>}, and stops when its standard input closes. Started by the load benchmarks with
     * {@code --server process}.
     */
    static final class ServeBench extends OptionsBench<Duration> {
        static final String NAME = "serve-model-server";
        static final String READY = "ready ";

        /** The options of {@code ./lucy bench serve-model-server}. */
        static final class Args implements BenchArgs<Duration> {
            @Option(
                    names = "--latency-ms",
                    paramLabel = "MS",
                    defaultValue = "1000",
                    converter = Values.NonNegative.class,
                    description = "How late every answer is.")
            int latencyMs;

            @Override
            public Duration settings() {
                return Duration.ofMillis(latencyMs);
            }
        }

        ServeBench() {
            super(
                    NAME,
                    Args::new,
                    "The runtime-load model server alone, until standard input closes (for --server process).",
                    "Prints 'ready BASE_URL' once it serves.");
        }

        /** Serves with every answer {@code latency} late. */
        @Override
        int measure(Duration latency, PrintStream out, PrintStream err) {
            try (ScriptedModelServer server = RuntimeLoadBench.startServer(latency)) {
                out.println(READY + server.baseUrl());
                out.flush();
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
                return BenchMain.OK;
            } catch (IOException e) {
                return BenchMain.OK; // the parent went away: nobody left to serve
            }
        }
    }
}
