package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.Sleeper;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.ToolSpec;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.spi.ToolArguments;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.TestDatabases;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.tools.RateLimit;
import dev.lucy.tools.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of the engine on one PostgreSQL share what must be shared: one model budget ({@code LUCY_MODEL_RPM})
 * counted at the model server, one per-API tool limit ({@code LUCY_TOOL_RATE_LIMITS}), the services connected and what
 * tool retrieval learned. Each replica has its own connection pool, model client and conversation port, as two
 * processes would. Time is a {@link ManualClock}: budget waits are held until the test moves the clock.
 */
class SharedLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long REQUESTS_PER_MINUTE = 4;

    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final HeldWaits waits = new HeldWaits();
    /** When (on the manual clock) each model request reached the model server. */
    private final List<Instant> arrivals = new CopyOnWriteArrayList<>();

    private final AtomicInteger crmCalls = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();
    private ScriptedModelServer model;
    private TestDatabases.Coordinates db;

    /** Budget waits: recorded, and held until the test lets them go, as time passes only when the test says. */
    private static final class HeldWaits implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void start() {
        db = databases.fresh();
        model = ScriptedModelServer.builder()
                .script(request -> {
                    arrivals.add(clock.instant());
                    return Reply.text("Noted: " + request.lastUserText().orElse(""));
                })
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        waits.release.countDown();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        model.close();
    }

    @Test
    void two_replicas_together_keep_within_one_model_budget_and_the_requests_over_it_wait() {
        LucyConfig config = LucyConfig.builder()
                .model("shared-model")
                .modelRequestsPerMinute(REQUESTS_PER_MINUTE)
                .build();
        RecordingPort portA = new RecordingPort();
        RecordingPort portB = new RecordingPort();
        LucyEngine a = replica("replica-a", portA, e -> e.resilience(config.resilienceConfig()));
        LucyEngine b = replica("replica-b", portB, e -> e.resilience(config.resilienceConfig()));

        for (int i = 1; i <= 3; i++) {
            a.submit(question("A" + i));
            b.submit(question("B" + i));
        }
        RecordingPort.await(
                () -> waits.waits.size() == 2 && model.requestCount() >= 4,
                "four requests to go out and two to wait for the budget");

        assertThat(model.requestCount())
                .as("the budget's burst, for both replicas together")
                .isEqualTo(4);
        assertThat(waits.waits)
                .as("one request refills every 15 s")
                .containsExactlyInAnyOrder(Duration.ofSeconds(15), Duration.ofSeconds(30));
        RecordingPort.await(
                () -> notes(portA, portB, "The AI model is busy with other requests; yours goes out in") == 2,
                "the people waiting to be told why");

        clock.advance(Duration.ofSeconds(30));
        waits.release.countDown();
        for (int i = 1; i <= 3; i++) {
            awaitAnswer(portA, "A" + i);
            awaitAnswer(portB, "B" + i);
        }

        assertThat(model.requestCount()).isEqualTo(6);
        assertWithinBudget(arrivals, REQUESTS_PER_MINUTE, Duration.ofMinutes(1));
    }

    @Test
    void two_replicas_together_make_no_more_calls_to_an_api_than_its_limit_and_share_its_connection() {
        LucyConfig config = LucyConfig.builder()
                .toolRateLimit("crm", RateLimit.perMinute(3))
                .build();
        UnaryOperator<LucyEngine.Builder> settings =
                e -> e.toolRateLimits(config.toolRateLimits()).tools(List.of(crmLookup()));
        LucyEngine a = replica("replica-a", new RecordingPort(), settings);
        LucyEngine b = replica("replica-b", new RecordingPort(), settings);

        a.connections().connectWorkspace("T1", "crm");
        b.connections().refresh();
        List<ToolResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(lookUp(a));
            results.add(lookUp(b));
        }

        assertThat(crmCalls).hasValue(3);
        assertThat(results).filteredOn(ToolResult.Success.class::isInstance).hasSize(3);
        assertThat(results)
                .filteredOn(r -> r instanceof ToolResult.Failure f && f.error() == ToolError.RATE_LIMITED)
                .hasSize(5);
    }

    @Test
    void a_replica_recalls_a_tool_another_learned_without_restarting() {
        UnaryOperator<LucyEngine.Builder> settings =
                e -> e.tools(List.of(crmLookup())).syncEvery(Duration.ofMillis(50));
        LucyEngine a = replica("replica-a", new RecordingPort(), settings);
        LucyEngine b = replica("replica-b", new RecordingPort(), settings);
        a.connections().connectWorkspace("T1", "crm");
        String request = "who signed the Initech renewal?";
        assertThat(offered(b, request)).doesNotContain("crm_lookup");

        a.tools().toolsFor(caller(1), request);
        assertThat(lookUp(a)).isInstanceOf(ToolResult.Success.class);

        RecordingPort.await(() -> offered(b, request).contains("crm_lookup"), "the other replica to recall the tool");
    }

    /**
     * Token-bucket conformance at the model server: between any two arrivals, no more requests than the budget's
     * burst plus what it refilled in between.
     */
    private static void assertWithinBudget(List<Instant> arrivals, long amount, Duration period) {
        List<Instant> sorted = arrivals.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i; j < sorted.size(); j++) {
                double refilled = (double) amount
                        * Duration.between(sorted.get(i), sorted.get(j)).toNanos()
                        / period.toNanos();
                assertThat((double) (j - i + 1))
                        .as("requests from %s to %s", sorted.get(i), sorted.get(j))
                        .isLessThanOrEqualTo(amount + refilled);
            }
        }
    }

    private LucyEngine replica(String name, RecordingPort port, UnaryOperator<LucyEngine.Builder> settings) {
        Database database = Database.open(DatabaseConfig.builder(db.jdbcUrl()).build());
        open.add(database);
        OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(
                ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
        open.add(client);
        LucyEngine engine = settings.apply(LucyEngine.builder(port, client, database)
                        .instanceName(name)
                        .clock(clock)
                        // The test moves its clock 30 s at once while runs wait for the budget; leases and beats are
                        // renewed in real time, so they get a span that jump cannot outlast (they are not tested here).
                        .runtimeConfig(RuntimeConfig.builder()
                                .leaseTtl(Duration.ofMinutes(10))
                                .replicaTimeout(Duration.ofMinutes(10))
                                .build())
                        .modelSleeper(waits))
                .build()
                .start();
        open.add(() -> engine.shutdown(Duration.ofSeconds(5)));
        return engine;
    }

    private InboundEvent question(String id) {
        Caller caller = new Caller("T1", "U-" + id, "C-" + id + ":1.0");
        return new InboundEvent(
                "Ev-" + id, caller, "1.0", "what is on the release calendar for " + id + "?", clock.instant());
    }

    /** Waits until the conversation of question {@code id} shows its answer (posted, or the progress note edited). */
    private static void awaitAnswer(RecordingPort port, String id) {
        String conversation = "C-" + id + ":1.0";
        RecordingPort.await(
                () -> port.calls(conversation).stream()
                        .anyMatch(call -> text(call).startsWith("Noted: what is on the release calendar for " + id)),
                "the answer to " + id);
    }

    private static long notes(RecordingPort a, RecordingPort b, String start) {
        return java.util.stream.Stream.concat(a.calls().stream(), b.calls().stream())
                .filter(call -> text(call).startsWith(start))
                .map(SharedLimitsTest::conversation)
                .distinct()
                .count();
    }

    private static String text(RecordingPort.Call call) {
        return switch (call) {
            case RecordingPort.Post p -> p.text();
            case RecordingPort.Update u -> u.text();
            default -> "";
        };
    }

    private static String conversation(RecordingPort.Call call) {
        return switch (call) {
            case RecordingPort.Post p -> p.conversationId();
            case RecordingPort.Update u -> u.conversationId();
            default -> "";
        };
    }

    private Tool crmLookup() {
        return Tool.builder("crm_lookup")
                .description("Look a customer up in the CRM")
                .provider("crm")
                .handler((caller, args) -> {
                    crmCalls.incrementAndGet();
                    return ToolResult.success("{\"owner\":\"Ada\"}");
                })
                .build();
    }

    private static Caller caller(int i) {
        return new Caller("T1", "U" + i, "C" + i + ":1.0");
    }

    private static ToolResult lookUp(LucyEngine engine) {
        ToolCall call = new ToolCall("call-1", "crm_lookup", "{}");
        return engine.tools().execute(caller(1), call, ToolArguments.parse(call.arguments()));
    }

    private static List<String> offered(LucyEngine engine, String request) {
        return engine.tools().toolsFor(caller(1), request).stream()
                .map(ToolSpec::name)
                .toList();
    }
}
