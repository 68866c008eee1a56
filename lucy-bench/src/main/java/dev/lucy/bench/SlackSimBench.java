package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.testkit.slack.Delivery;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench slack-sim}: how much load the Slack simulator carries on this machine, so load tests know
 * the simulator is not their bottleneck. Web API: {@code chat.postMessage} over the JDK HTTP client from many
 * virtual threads. Socket Mode: user messages delivered as envelopes over several sockets, each acked at once.
 */
final class SlackSimBench extends OptionsBench<SlackSimBench.Args> {
    private static final Pattern ENVELOPE_ID = Pattern.compile("\"envelope_id\":\"([^\"]+)\"");

    /** The options of {@code ./lucy bench slack-sim}. */
    static final class Args extends BenchArgs.AsParsed<Args> {
        @Option(
                names = "--calls",
                paramLabel = "N",
                defaultValue = "2000",
                converter = Values.Positive.class,
                description = "chat.postMessage calls over the Web API.")
        int calls;

        @Option(
                names = "--concurrency",
                paramLabel = "N",
                defaultValue = "64",
                converter = Values.Positive.class,
                description = "Virtual threads calling at once.")
        int concurrency;

        @Option(
                names = "--events",
                paramLabel = "N",
                defaultValue = "2000",
                converter = Values.Positive.class,
                description = "User messages delivered as Socket Mode envelopes.")
        int events;

        @Option(
                names = "--sockets",
                paramLabel = "N",
                defaultValue = "4",
                converter = Values.Positive.class,
                description = "Socket Mode connections the envelopes spread over.")
        int sockets;
    }

    SlackSimBench() {
        super(
                "slack-sim",
                Args::new,
                "Slack simulator throughput: Web API calls and Socket Mode events per second on this machine.",
                "So load tests know the simulator is not their bottleneck.");
    }

    @Override
    int measure(Args options, PrintStream out, PrintStream err) {
        try (SlackSimulator slack = SlackSimulator.builder()
                .subscriptions("message.channels")
                .echoBotMessages(false)
                .start()) {
            // A first, unreported round warms up the JIT and the connection pools.
            webApi(slack, Math.min(options.calls, 500), options.concurrency);
            WebApiResult web = webApi(slack, options.calls, options.concurrency);
            SocketResult socket = socketMode(slack, options.events, options.sockets);
            out.printf(Locale.ROOT, "%-34s %10s%n", "measure", "value");
            out.printf(Locale.ROOT, "%-34s %10d%n", "chat.postMessage calls", web.calls);
            out.printf(Locale.ROOT, "%-34s %10d%n", "  concurrent clients", options.concurrency);
            out.printf(Locale.ROOT, "%-34s %10.0f%n", "  calls per second", web.perSecond);
            out.printf(Locale.ROOT, "%-34s %10.2f%n", "  p50 latency (ms)", web.p50Millis);
            out.printf(Locale.ROOT, "%-34s %10.2f%n", "  p99 latency (ms)", web.p99Millis);
            out.printf(Locale.ROOT, "%-34s %10d%n", "  errors", web.errors);
            out.printf(Locale.ROOT, "%-34s %10d%n", "Socket Mode events", socket.events);
            out.printf(Locale.ROOT, "%-34s %10d%n", "  sockets", socket.sockets);
            out.printf(Locale.ROOT, "%-34s %10.0f%n", "  events delivered+acked per second", socket.perSecond);
            out.printf(Locale.ROOT, "%-34s %10s%n", "  events per socket", Arrays.toString(socket.perSocket));
            out.printf(Locale.ROOT, "%-34s %10d%n", "  redeliveries", socket.redeliveries);
            out.printf(
                    Locale.ROOT,
                    "{\"bench\":\"slack-sim\",\"calls\":%d,\"concurrency\":%d,\"callsPerSecond\":%.0f,\"p50Ms\":%.2f,"
                            + "\"p99Ms\":%.2f,\"callErrors\":%d,\"events\":%d,\"sockets\":%d,\"eventsPerSecond\":%.0f,"
                            + "\"redeliveries\":%d}%n",
                    web.calls,
                    options.concurrency,
                    web.perSecond,
                    web.p50Millis,
                    web.p99Millis,
                    web.errors,
                    socket.events,
                    socket.sockets,
                    socket.perSecond,
                    socket.redeliveries);
            return web.errors == 0 && socket.redeliveries == 0 ? BenchMain.OK : BenchMain.FAILED;
        } catch (Exception e) {
            err.println("lucy bench slack-sim: the run failed: " + e.getMessage());
            return BenchMain.FAILED;
        }
    }

    private record WebApiResult(int calls, double perSecond, double p50Millis, double p99Millis, int errors) {}

    private static WebApiResult webApi(SlackSimulator slack, int calls, int concurrency) throws Exception {
        URI url = URI.create(slack.methodsUrl() + "chat.postMessage");
        String body = "channel=" + slack.channelId("general") + "&text=load";
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[calls];
        Semaphore inFlight = new Semaphore(concurrency);
        try (HttpClient http = HttpClient.newBuilder()
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                int n = i;
                inFlight.acquire();
                done.add(threads.submit(() -> {
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(url)
                                        .header("Authorization", "Bearer " + slack.botToken())
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[n] = System.nanoTime() - t0;
                        if (response.statusCode() != 200 || !response.body().contains("\"ok\":true")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            return new WebApiResult(
                    calls,
                    calls / seconds,
                    latencies[calls / 2] / 1e6,
                    latencies[Math.min(calls - 1, (int) (calls * 0.99))] / 1e6,
                    errors.get());
        }
    }

    private record SocketResult(int events, int sockets, double perSecond, long[] perSocket, long redeliveries) {}

    private static SocketResult socketMode(SlackSimulator slack, int events, int sockets) throws Exception {
        List<AckingClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                String url = slack.methodsUrl();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> opened = http.send(
                        HttpRequest.newBuilder(URI.create(url + "apps.connections.open"))
                                .header("Authorization", "Bearer " + slack.appToken())
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                http.close();
                Matcher m = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(opened.body());
                if (!m.find()) {
                    throw new IllegalStateException("apps.connections.open answered " + opened.body());
                }
                AckingClient client = new AckingClient(URI.create(m.group(1)));
                if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("could not open a Socket Mode connection");
                }
                clients.add(client);
            }
            slack.awaitConnections(sockets, Duration.ofSeconds(10));
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                slack.user(i % 2 == 0 ? "alice" : "bob").says("general", "event " + i);
            }
            slack.awaitAllAcked(Duration.ofMinutes(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Delivery> deliveries = slack.deliveries();
            long[] perSocket = clients.stream().mapToLong(c -> c.acked.get()).toArray();
            long redeliveries =
                    deliveries.stream().filter(d -> d.retryAttempt() > 0).count();
            return new SocketResult(events, sockets, events / seconds, perSocket, redeliveries);
        } finally {
            for (AckingClient client : clients) {
                client.closeBlocking();
            }
        }
    }

    /** A Socket Mode client that acks every envelope as soon as it arrives. */
    private static final class AckingClient extends WebSocketClient {
        final AtomicInteger acked = new AtomicInteger();

        AckingClient(URI uri) {
            super(uri);
        }

        @Override
        public void onMessage(String message) {
            Matcher m = ENVELOPE_ID.matcher(message);
            if (m.find()) {
                send("{\"envelope_id\":\"" + m.group(1) + "\"}");
                acked.incrementAndGet();
            }
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception ex) {}
    }
}
