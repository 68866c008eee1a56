package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.ops.Shutdown.Phase;
import dev.lucy.app.ops.Shutdown.Result;
import dev.lucy.app.ops.Shutdown.StepReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void stops_accepting_then_drains_then_closes_in_the_order_given() {
        AtomicReference<Duration> offered = new AtomicReference<>();
        Shutdown shutdown = Shutdown.builder()
                .deadline(Duration.ofSeconds(20))
                .close("database", () -> order.add("close database"))
                .drain("runtime", remaining -> {
                    offered.set(remaining);
                    order.add("drain runtime");
                })
                .stopAccepting("readiness", () -> order.add("fail readiness"))
                .close("ops endpoint", () -> order.add("close ops endpoint"))
                .stopAccepting("slack socket", () -> order.add("close slack socket"))
                .build();

        Shutdown.Report report = shutdown.run();

        assertThat(order)
                .containsExactly(
                        "fail readiness",
                        "close slack socket",
                        "drain runtime",
                        "close database",
                        "close ops endpoint");
        assertThat(report.clean()).isTrue();
        assertThat(report.steps())
                .extracting(StepReport::phase, StepReport::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Phase.STOP_ACCEPTING, "readiness"),
                        org.assertj.core.groups.Tuple.tuple(Phase.STOP_ACCEPTING, "slack socket"),
                        org.assertj.core.groups.Tuple.tuple(Phase.DRAIN, "runtime"),
                        org.assertj.core.groups.Tuple.tuple(Phase.CLOSE, "database"),
                        org.assertj.core.groups.Tuple.tuple(Phase.CLOSE, "ops endpoint"));
        assertThat(offered.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void a_drain_past_the_deadline_is_interrupted_and_resources_still_close() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Shutdown shutdown = Shutdown.builder()
                .deadline(Duration.ofMillis(100))
                .drain("runtime", remaining -> {
                    try {
                        new CountDownLatch(1).await(); // work that never finishes by itself
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                })
                .close("database", () -> order.add("close database"))
                .build();

        Shutdown.Report report = shutdown.run();

        assertThat(report.steps().get(0).result()).isEqualTo(Result.TIMED_OUT);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("close database");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void a_failing_close_is_reported_and_the_next_resource_still_closes() {
        Shutdown shutdown = Shutdown.builder()
                .close("socket", () -> {
                    throw new java.io.IOException("already closed");
                })
                .close("database", () -> order.add("close database"))
                .build();

        Shutdown.Report report = shutdown.run();

        assertThat(report.steps()).extracting(StepReport::result).containsExactly(Result.FAILED, Result.DONE);
        assertThat(order).containsExactly("close database");
    }

    @Test
    void runs_once_however_often_it_is_asked() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Shutdown shutdown =
                Shutdown.builder().close("database", closes::incrementAndGet).build();

        Shutdown.Report first = shutdown.run();
        Thread hook = shutdown.hook();
        hook.start();
        hook.join();

        assertThat(closes).hasValue(1);
        assertThat(shutdown.run()).isSameAs(first);
    }
}
