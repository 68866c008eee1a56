package dev.lucy.bench;

import dev.lucy.app.cli.Values;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.spi.ConversationPort;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;

/**
 * {@code ./lucy bench fast-path [--rate N] [--seconds S]}: triage plus template reply inside the process, from
 * {@code submit} to the conversation port's call, at a steady arrival rate (open loop: arrivals do not wait for
 * answers). Mixes greetings, thanks-style presence checks and help requests over many users and workspaces.
 */
final class FastPathBench extends OptionsBench<FastPathBench.Args> {
    private static final List<String> MESSAGES =
            List.of("hi lucy!", "hello", "are you there?", "what can you do?", "good morning team", "ping", "hey");

    /** The options of {@code ./lucy bench fast-path}. */
    static final class Args extends BenchArgs.AsParsed<Args> {
        @Option(
                names = "--rate",
                paramLabel = "N",
                defaultValue = "1000",
                converter = Values.Positive.class,
                description = "Messages submitted per second, whether or not earlier ones were answered.")
        int rate;

        @Option(
                names = "--seconds",
                paramLabel = "S",
                defaultValue = "10",
                converter = Values.Positive.class,
                description = "How long messages arrive.")
        int seconds;
    }

    FastPathBench() {
        super(
                "fast-path",
                Args::new,
                "Triage and fast reply latency inside the process, submit to port call, at a steady rate.",
                "Greetings, presence checks and help requests over many users and workspaces; arrivals do not wait"
                        + " for answers.");
    }

    @Override
    int measure(Args args, PrintStream out, PrintStream err) {
        int rate = args.rate;
        int seconds = args.seconds;
        int total = rate * seconds;
        long[] submittedAt = new long[total];
        long[] latencyNanos = new long[total];
        ConcurrentHashMap<String, Integer> indexOf = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(total);
        AtomicInteger extra = new AtomicInteger();
        ConversationPort port = new ConversationPort() {
            @Override
            public String post(String conversationId, String text) {
                long now = System.nanoTime();
                if (conversationId.startsWith("W")) {
                    return "m"; // warm-up traffic
                }
                Integer index = indexOf.remove(conversationId);
                if (index == null) {
                    extra.incrementAndGet();
                } else {
                    latencyNanos[index] = now - submittedAt[index];
                    answered.countDown();
                }
                return "m";
            }

            @Override
            public void update(String conversationId, String messageId, String text) {}

            @Override
            public void react(String conversationId, String messageId, String emoji) {}
        };
        RuntimeConfig config = RuntimeConfig.builder()
                .userEventsPerMinute(1_000_000)
                .workspaceEventsPerMinute(1_000_000)
                .build();
        try (LucyRuntime runtime = LucyRuntime.builder()
                .port(port)
                .handler(request -> {})
                .config(config)
                .build()
                .start()) {
            warmUp(runtime);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String conversation = "C" + i;
                Caller caller = new Caller("T" + (i % 20), "U" + (i % 500), conversation);
                indexOf.put(conversation, i);
                submittedAt[i] = System.nanoTime();
                runtime.submit(
                        new InboundEvent("E" + i, caller, "ts" + i, MESSAGES.get(i % MESSAGES.size()), Instant.now()));
            }
            long elapsed = System.nanoTime() - start;
            if (!answered.await(30, TimeUnit.SECONDS)) {
                err.println("lucy bench fast-path: " + answered.getCount() + " replies never arrived");
                return BenchMain.FAILED;
            }
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            double achieved = total / (elapsed / 1e9);
            out.printf(Locale.ROOT, "Fast path: triage + template reply, submit -> port call%n");
            out.printf(Locale.ROOT, "  events          %d at %d/s requested, %.0f/s achieved%n", total, rate, achieved);
            out.printf(Locale.ROOT, "  p50             %.3f ms%n", ms(percentile(sorted, 50)));
            out.printf(Locale.ROOT, "  p95             %.3f ms%n", ms(percentile(sorted, 95)));
            out.printf(Locale.ROOT, "  p99             %.3f ms%n", ms(percentile(sorted, 99)));
            out.printf(Locale.ROOT, "  max             %.3f ms%n", ms(sorted[sorted.length - 1]));
            out.printf(Locale.ROOT, "  lost            %d, unexpected posts %d%n", answered.getCount(), extra.get());
            out.printf(
                    Locale.ROOT,
                    "{\"bench\":\"fast-path\",\"events\":%d,\"rate\":%d,\"achieved_rate\":%.1f,\"p50_ms\":%.3f,"
                            + "\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"lost\":%d}%n",
                    total,
                    rate,
                    achieved,
                    ms(percentile(sorted, 50)),
                    ms(percentile(sorted, 95)),
                    ms(percentile(sorted, 99)),
                    ms(sorted[sorted.length - 1]),
                    answered.getCount());
            return BenchMain.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BenchMain.FAILED;
        }
    }

    /** Loads the classes and lets the JIT see the path before measuring. */
    private static void warmUp(LucyRuntime runtime) {
        for (int i = 0; i < 20_000; i++) {
            runtime.submit(new InboundEvent(
                    "W" + i, new Caller("W", "W" + (i % 100), "W" + i), "w" + i, "hello", Instant.now()));
        }
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }

    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
