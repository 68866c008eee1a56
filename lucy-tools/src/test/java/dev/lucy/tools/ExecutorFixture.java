package dev.lucy.tools;

import dev.lucy.core.ManualClock;
import dev.lucy.tools.contract.RecordingApprovalPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * What the executor's tests and the agent-with-tools tests share: a {@link PipelineToolExecutor} over a fresh
 * registry, with connections that answer a connect link, an approval gate on a recording port, a manual clock and
 * retry waits recorded instead of slept. Closed after each test.
 */
abstract class ExecutorFixture {
    final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    final Connections connections =
            Connections.withConnectUrl((caller, provider) -> "https://lucy.test/connect/" + provider);
    final ToolRegistry registry = new ToolRegistry();
    /** Deletions the sample {@code delete_task} tool really ran. */
    final AtomicInteger deletions = new AtomicInteger();
    /** What the executor's retries waited, in order. */
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    final RecordingApprovalPort port = new RecordingApprovalPort();
    final ApprovalGate gate = ApprovalGate.builder(port)
            .clock(clock)
            .expiry(Duration.ofMinutes(10))
            .build();
    PipelineToolExecutor executor;

    @AfterEach
    void closeExecutor() {
        if (executor != null) {
            executor.close();
        }
    }

    /** Registers {@code tools} and builds the executor over the registry. */
    PipelineToolExecutor executor(Tool... tools) {
        return executor(b -> b, tools);
    }

    /** Registers {@code tools} and builds the executor over the registry, with {@code settings} on top. */
    PipelineToolExecutor executor(UnaryOperator<PipelineToolExecutor.Builder> settings, Tool... tools) {
        registry.registerAll(List.of(tools));
        executor = settings.apply(PipelineToolExecutor.builder(registry)
                        .connections(connections)
                        .approvals(gate)
                        .clock(clock)
                        .sleeper(waits::add))
                .build();
        return executor;
    }
}
