package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.model.ToolCall;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.PipelineToolExecutor;
import dev.lucy.tools.RateLimit;
import dev.lucy.tools.Tool;
import dev.lucy.tools.ToolRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas' executors sharing one PostgreSQL: a provider's limit holds for both together. */
class SharedRateLimitTest {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    private final AtomicInteger crmCalls = new AtomicInteger();
    private final List<PipelineToolExecutor> executors = new ArrayList<>();

    @AfterEach
    void close() {
        executors.forEach(PipelineToolExecutor::close);
        databases.closeAll();
    }

    @Test
    void two_replicas_together_make_no_more_calls_than_the_providers_limit() throws Exception {
        PipelineToolExecutor first = replica(JdbcRateBudget.open(databases.fresh(), clock));
        PipelineToolExecutor second = replica(JdbcRateBudget.open(databases.again(), clock));

        List<ToolResult> results = callConcurrently(first, second, 24);

        assertThat(crmCalls).hasValue(10);
        assertThat(results).filteredOn(r -> r instanceof ToolResult.Success).hasSize(10);
        assertThat(results)
                .filteredOn(r -> r instanceof ToolResult.Failure f && f.error() == ToolError.RATE_LIMITED)
                .hasSize(14)
                .allSatisfy(r -> assertThat(((ToolResult.Failure) r).message())
                        .contains("crm is at its request limit; try again in about 6 s"));

        clock.advance(Duration.ofSeconds(6));
        assertThat(second.execute(caller(1), lookup())).isInstanceOf(ToolResult.Success.class);
        assertThat(first.execute(caller(2), lookup())).isInstanceOf(ToolResult.Failure.class);
    }

    @Test
    void without_a_shared_budget_each_replica_counts_only_its_own_calls() throws Exception {
        PipelineToolExecutor first = replica(null);
        PipelineToolExecutor second = replica(null);

        callConcurrently(first, second, 24);

        assertThat(crmCalls).hasValue(20);
    }

    private List<ToolResult> callConcurrently(PipelineToolExecutor first, PipelineToolExecutor second, int calls)
            throws Exception {
        List<Future<ToolResult>> futures = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                PipelineToolExecutor replica = i % 2 == 0 ? first : second;
                Caller caller = caller(i);
                futures.add(threads.submit(() -> replica.execute(caller, lookup())));
            }
        }
        List<ToolResult> results = new ArrayList<>();
        for (Future<ToolResult> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private PipelineToolExecutor replica(dev.lucy.core.model.RateBudget budget) {
        ToolRegistry registry = new ToolRegistry();
        registry.register(Tool.builder("crm_lookup")
                .description("Look a customer up in the CRM")
                .provider("crm")
                .handler((caller, args) -> {
                    crmCalls.incrementAndGet();
                    return ToolResult.success("{\"name\":\"Ada\"}");
                })
                .build());
        PipelineToolExecutor.Builder builder =
                PipelineToolExecutor.builder(registry).clock(clock).rateLimits(Map.of("crm", RateLimit.perMinute(10)));
        if (budget != null) {
            builder.rateBudget(budget);
        }
        PipelineToolExecutor executor = builder.build();
        executors.add(executor);
        return executor;
    }

    private static Caller caller(int i) {
        return new Caller("T" + (i % 3), "U" + i, "C" + i + ":1");
    }

    private static ToolCall lookup() {
        return new ToolCall("call-1", "crm_lookup", "{}");
    }
}
