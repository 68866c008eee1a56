package dev.lucy.core.runtime;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.fake.RecordingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * What the runtime's tests share: one runtime per test over a recording port, a manual clock and an in-memory task
 * store, shut down after the test; events with fresh ids; handlers that block until told.
 */
abstract class RuntimeFixture {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    final ManualClock clock = ManualClock.startingAt(T0);
    final RecordingPort port = new RecordingPort();
    final TaskStore store = TaskStore.inMemory();
    private final AtomicInteger eventIds = new AtomicInteger();
    LucyRuntime runtime;

    @AfterEach
    void stopRuntime() {
        if (runtime != null) {
            runtime.shutdown(Duration.ofSeconds(5));
        }
    }

    /** Starts the runtime under test with {@code handler} and {@code config}. */
    LucyRuntime start(RunHandler handler, RuntimeConfig config) {
        return start(b -> b.handler(handler).config(config));
    }

    /** Starts the runtime under test: the fixture's port, clock and task store, then {@code settings}. */
    LucyRuntime start(UnaryOperator<LucyRuntime.Builder> settings) {
        runtime = settings.apply(LucyRuntime.builder().port(port).clock(clock).tasks(store))
                .build()
                .start();
        return runtime;
    }

    /** A message from {@code user} in {@code conversation}, sent now, with a fresh event id and timestamp. */
    InboundEvent message(String workspace, String user, String conversation, String text) {
        int id = eventIds.incrementAndGet();
        return new InboundEvent("Ev" + id, new Caller(workspace, user, conversation), "ts" + id, text, clock.instant());
    }

    /** A handler that counts {@code working} down, then waits until its thread is interrupted and runs {@code then}. */
    static RunHandler workUntilInterrupted(CountDownLatch working, Runnable then) {
        return request -> {
            working.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                then.run();
            }
        };
    }
}
