package dev.lucy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.app.cli.Values;
import dev.lucy.testkit.model.Latency;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench model-server}: holds N concurrent delayed or slowly streamed chat-completions requests open on
 * the scripted model server, sent with the JDK HTTP client, and reports completions, errors and latency.
 *
 * <p>All N requests are released at once; each either waits {@code --delay-ms} before its answer ({@code delayed},
 * the default) or streams ten words spread over {@code --delay-ms} ({@code streaming}); {@code mixed} alternates
 * the two. Every answer is checked: status 200 and the full text (for streams, every piece and {@code [DONE]}).
 * Results and how to read them: {@code docs/performance.md}, section "Scripted model server".
 */
final class ModelServerBench extends OptionsBench<ModelServerBench.Options> {
    static final String ANSWER = "one two three four five six seven eight nine ten";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The settings of a run. */
    record Options(int concurrency, String mode, Duration delay, int rounds) {}

    /** The options of {@code ./lucy bench model-server}. */
    static final class Args implements BenchArgs<Options> {
        @Option(
                names = "--concurrency",
                paramLabel = "N",
                defaultValue = "2000",
                converter = Values.Positive.class,
                description = "Requests released at once in each round.")
        int concurrency;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                defaultValue = "delayed",
                completionCandidates = Modes.class,
                description = "delayed (each waits, then answers), streaming (ten words over the delay) or mixed"
                        + " (alternating).")
        String mode;

        @Option(
                names = "--delay-ms",
                paramLabel = "MS",
                defaultValue = "5000",
                converter = Values.Positive.class,
                description = "How long each answer takes.")
        int delayMs;

        @Option(
                names = "--rounds",
                paramLabel = "N",
                defaultValue = "1",
                converter = Values.Positive.class,
                description = "Rounds, added up in the report.")
        int rounds;

        @Override
        public Options settings() {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("--mode is delayed, streaming or mixed, not '" + mode + "'");
            }
            return new Options(concurrency, mode, Duration.ofMillis(delayMs), rounds);
        }
    }

    private static final List<String> MODES = List.of("delayed", "streaming", "mixed");

    /** What {@code --mode} takes, for shell completion. */
    static final class Modes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return MODES.iterator();
        }
    }

    ModelServerBench() {
        super(
                "model-server",
                Args::new,
                "N concurrent delayed or streaming requests on the scripted model server.",
                "Every answer is checked: status 200 and the full text (for streams, every piece and [DONE]).");
    }

    @Override
    int measure(Options options, PrintStream out, PrintStream err) {
        try (ScriptedModelServer server = ScriptedModelServer.builder()
                        .models("delayed", "streaming")
                        .start();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(30))
                    .executor(clients)
                    .build();

            out.printf(
                    "Scripted model server at %s: %d rounds of %d concurrent %s requests, %d ms each%n",
                    server.baseUrl(),
                    options.rounds(),
                    options.concurrency(),
                    options.mode(),
                    options.delay().toMillis());
            // Warm up both sides (class loading, JIT) with a small quick round, then measure.
            Options warmUp = new Options(Math.min(50, options.concurrency()), options.mode(), Duration.ofMillis(10), 1);
            setUp(server, warmUp.delay());
            round(client, clients, server, warmUp);
            server.reset();
            setUp(server, options.delay());
            Result total = null;
            for (int r = 0; r < options.rounds(); r++) {
                Result result = round(client, clients, server, options);
                total = total == null ? result : total.plus(result);
            }
            report(total, server.peakOpenRequests(), options, out);
            return total.errors() == 0 ? BenchMain.OK : BenchMain.FAILED;
        } catch (RuntimeException e) {
            err.println("lucy bench model-server: the run failed: " + e.getMessage());
            return BenchMain.FAILED;
        }
    }

    /** Delayed answers wait {@code delay}; streamed answers spread their 13 events over about {@code delay}. */
    private static void setUp(ScriptedModelServer server, Duration delay) {
        server.model("delayed").script(request -> Reply.text(ANSWER)).latency(Latency.fixed(delay));
        Duration gap = delay.dividedBy(ANSWER.split(" ").length + 2);
        server.model("streaming").script(request -> Reply.text(ANSWER).streamedSlowly(gap));
    }

    /** What a round measured. */
    record Result(int completed, int errors, Map<String, Integer> errorKinds, long[] latenciesNanos, long wallNanos) {
        Result plus(Result other) {
            Map<String, Integer> kinds = new TreeMap<>(errorKinds);
            other.errorKinds.forEach((k, v) -> kinds.merge(k, v, Integer::sum));
            long[] all = Arrays.copyOf(latenciesNanos, latenciesNanos.length + other.latenciesNanos.length);
            System.arraycopy(other.latenciesNanos, 0, all, latenciesNanos.length, other.latenciesNanos.length);
            return new Result(
                    completed + other.completed, errors + other.errors, kinds, all, wallNanos + other.wallNanos);
        }
    }

    private static Result round(
            HttpClient client, ExecutorService clients, ScriptedModelServer server, Options options) {
        int n = options.concurrency();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> kinds = new ConcurrentHashMap<>();
        AtomicLongArray latencies = new AtomicLongArray(n);
        URI uri = URI.create(server.baseUrl() + "/chat/completions");
        for (int i = 0; i < n; i++) {
            boolean streaming = switch (options.mode()) {
                case "streaming" -> true;
                case "delayed" -> false;
                default -> i % 2 == 1;
            };
            int index = i;
            clients.execute(() -> {
                try {
                    start.await();
                    long began = System.nanoTime();
                    String problem = streaming ? stream(client, uri, index) : plain(client, uri, index);
                    latencies.set(index, System.nanoTime() - began);
                    if (problem == null) {
                        completed.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        kinds.merge(problem, 1, Integer::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                    kinds.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        long began = System.nanoTime();
        start.countDown();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the requests", e);
        }
        long wall = System.nanoTime() - began;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = latencies.get(i);
        }
        return new Result(completed.get(), errors.get(), new TreeMap<>(kinds), values, wall);
    }

    private static HttpRequest request(URI uri, String model, int index, boolean stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "request " + index);
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /** Null when the answer is whole and right, else what was wrong. */
    private static String plain(HttpClient client, URI uri, int index) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(request(uri, "delayed", index, false), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "status " + response.statusCode();
        }
        String content =
                JSON.readTree(response.body()).at("/choices/0/message/content").asText();
        return content.equals(ANSWER) ? null : "wrong content";
    }

    private static String stream(HttpClient client, URI uri, int index) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response =
                client.send(request(uri, "streaming", index, true), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            return "status " + response.statusCode();
        }
        StringBuilder text = new StringBuilder();
        boolean finished = false;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    finished = true;
                    continue;
                }
                JsonNode delta = JSON.readTree(data).at("/choices/0/delta/content");
                if (delta.isTextual()) {
                    text.append(delta.asText());
                }
            }
        }
        if (!finished) {
            return "stream ended without [DONE]";
        }
        return text.toString().equals(ANSWER) ? null : "wrong streamed content";
    }

    private static void report(Result result, int peakOpen, Options options, PrintStream out) {
        long[] sorted = result.latenciesNanos().clone();
        Arrays.sort(sorted);
        int requests = result.completed() + result.errors();
        double wallSeconds = result.wallNanos() / 1e9;
        out.println();
        out.printf("  %-22s %d%n", "requests", requests);
        out.printf("  %-22s %d%n", "completed", result.completed());
        out.printf("  %-22s %d%n", "errors", result.errors());
        result.errorKinds().forEach((kind, count) -> out.printf("  %-22s %d x %s%n", "", count, kind));
        out.printf("  %-22s %d%n", "peak open on server", peakOpen);
        out.printf("  %-22s %.0f%n", "latency p50 (ms)", percentile(sorted, 50));
        out.printf("  %-22s %.0f%n", "latency p90 (ms)", percentile(sorted, 90));
        out.printf("  %-22s %.0f%n", "latency p99 (ms)", percentile(sorted, 99));
        out.printf("  %-22s %.0f%n", "latency max (ms)", percentile(sorted, 100));
        out.printf("  %-22s %.2f%n", "wall time (s)", wallSeconds);
        out.printf("  %-22s %.0f%n", "throughput (req/s)", requests / wallSeconds);
        ObjectNode json = JSON.createObjectNode();
        json.put("bench", "model-server");
        json.put("mode", options.mode());
        json.put("concurrency", options.concurrency());
        json.put("rounds", options.rounds());
        json.put("delay_ms", options.delay().toMillis());
        json.put("requests", requests);
        json.put("completed", result.completed());
        json.put("errors", result.errors());
        json.put("peak_open", peakOpen);
        json.put("p50_ms", Math.round(percentile(sorted, 50)));
        json.put("p90_ms", Math.round(percentile(sorted, 90)));
        json.put("p99_ms", Math.round(percentile(sorted, 99)));
        json.put("max_ms", Math.round(percentile(sorted, 100)));
        json.put("wall_s", Math.round(wallSeconds * 100) / 100.0);
        out.println(json);
    }

    /** The nearest-rank percentile, in milliseconds. */
    static double percentile(long[] sortedNanos, int percent) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
