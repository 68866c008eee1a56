package dev.lucy.app.ops;

import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful shutdown in three phases, each step in the order given: stop accepting work (quick steps, such as
 * failing readiness and closing the Slack socket), drain running work within one shared deadline, then close
 * resources (runtime, stores, database pool, operations endpoint). A step that fails or overruns is logged and
 * the next one still runs; a drain past the deadline is interrupted. Everything done is logged and returned as a
 * {@link Report}.
 *
 * <p>{@link #run()} runs once: later calls (the JVM hook after an explicit shutdown) return the first report.
 * {@link #hook()} gives the thread to register with {@code Runtime.addShutdownHook}, which the JVM starts on
 * SIGTERM and SIGINT. Thread safe.
 */
public final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    /** The phase a step belongs to. */
    public enum Phase {
        STOP_ACCEPTING,
        DRAIN,
        CLOSE
    }

    /** What happened to one step. */
    public enum Result {
        DONE,
        FAILED,
        TIMED_OUT
    }

    /** Drains work within {@code remaining}; should return by then, is interrupted otherwise. */
    @FunctionalInterface
    public interface Drain {
        void drain(Duration remaining) throws InterruptedException;
    }

    /** One step as it happened. */
    public record StepReport(Phase phase, String name, Result result, Duration took) {}

    /** Every step in the order run, and how long the whole shutdown took. */
    public record Report(List<StepReport> steps, Duration took) {
        public Report {
            steps = List.copyOf(steps);
        }

        /** Whether every step finished in time without failing. */
        public boolean clean() {
            return steps.stream().allMatch(s -> s.result() == Result.DONE);
        }
    }

    private record Step(Phase phase, String name, Drain action) {}

    private final List<Step> steps;
    private final Duration deadline;
    private final Duration stepTimeout;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private Report report;

    private Shutdown(Builder b) {
        List<Step> ordered = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            b.steps.stream().filter(s -> s.phase() == phase).forEach(ordered::add);
        }
        this.steps = List.copyOf(ordered);
        this.deadline = b.deadline;
        this.stepTimeout = b.stepTimeout;
        this.nanoTime = b.nanoTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the shutdown once and reports it; later calls return the same report without running anything. */
    public Report run() {
        lock.lock();
        try {
            if (report != null) {
                return report;
            }
            long start = nanoTime.getAsLong();
            long drainEnd = Long.MAX_VALUE;
            log.info("Shutting down: {} steps, draining for at most {}", steps.size(), deadline);
            List<StepReport> done = new ArrayList<>();
            for (Step step : steps) {
                Duration timeout;
                if (step.phase() == Phase.DRAIN) {
                    if (drainEnd == Long.MAX_VALUE) {
                        drainEnd = nanoTime.getAsLong() + deadline.toNanos();
                    }
                    timeout = Duration.ofNanos(Math.max(0, drainEnd - nanoTime.getAsLong()));
                } else {
                    timeout = stepTimeout;
                }
                done.add(runStep(step, timeout));
            }
            report = new Report(done, Duration.ofNanos(nanoTime.getAsLong() - start));
            log.info(
                    "Shutdown {} in {} ms",
                    report.clean() ? "complete" : "finished with problems",
                    report.took().toMillis());
            return report;
        } finally {
            lock.unlock();
        }
    }

    /** A thread running {@link #run()}, for {@code Runtime.getRuntime().addShutdownHook(...)}. */
    public Thread hook() {
        return Thread.ofPlatform().name("lucy-shutdown").unstarted(this::run);
    }

    private StepReport runStep(Step step, Duration timeout) {
        long start = nanoTime.getAsLong();
        FutureTask<Void> task = new FutureTask<>(() -> {
            step.action().drain(timeout);
            return null;
        });
        Thread.ofVirtual().name("lucy-shutdown-" + step.name()).start(task);
        Result result;
        try {
            task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            result = Result.DONE;
        } catch (TimeoutException e) {
            task.cancel(true);
            result = Result.TIMED_OUT;
        } catch (ExecutionException e) {
            log.warn("Shutdown step '{}' failed", step.name(), e.getCause());
            result = Result.FAILED;
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            result = Result.FAILED;
        }
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
        switch (result) {
            case DONE ->
                log.info("Shutdown: {} '{}' done in {} ms", phaseName(step.phase()), step.name(), took.toMillis());
            case TIMED_OUT ->
                log.warn(
                        "Shutdown: {} '{}' still running after {} ms; interrupted",
                        phaseName(step.phase()),
                        step.name(),
                        timeout.toMillis());
            case FAILED -> {}
        }
        return new StepReport(step.phase(), step.name(), result, took);
    }

    private static String phaseName(Phase phase) {
        return switch (phase) {
            case STOP_ACCEPTING -> "stop accepting";
            case DRAIN -> "drain";
            case CLOSE -> "close";
        };
    }

    public static final class Builder {
        public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(20);
        public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(5);

        private final List<Step> steps = new ArrayList<>();
        private Duration deadline = DEFAULT_DEADLINE;
        private Duration stepTimeout = DEFAULT_STEP_TIMEOUT;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {}

        /** How long all drain steps together may take ({@code LUCY_SHUTDOWN_DEADLINE}); 20 s by default. */
        public Builder deadline(Duration deadline) {
            this.deadline = notNegative(deadline, "deadline");
            return this;
        }

        /** How long each stop-accepting or close step may take before it is abandoned; 5 s by default. */
        public Builder stepTimeout(Duration timeout) {
            this.stepTimeout = positive(timeout, "stepTimeout");
            return this;
        }

        /** A first-phase step: stop taking new work (fail readiness, stop the Slack socket or HTTP listener). */
        public Builder stopAccepting(String name, Runnable action) {
            Objects.requireNonNull(action, "action");
            return add(Phase.STOP_ACCEPTING, name, remaining -> action.run());
        }

        /** A second-phase step: let running work finish within what is left of the deadline. */
        public Builder drain(String name, Drain drain) {
            return add(Phase.DRAIN, name, Objects.requireNonNull(drain, "drain"));
        }

        /** A last-phase step: close a resource; resources close in the order added. */
        public Builder close(String name, AutoCloseable resource) {
            Objects.requireNonNull(resource, "resource");
            return add(Phase.CLOSE, name, remaining -> {
                try {
                    resource.close();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(name + " did not close cleanly", e);
                }
            });
        }

        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        private Builder add(Phase phase, String name, Drain action) {
            Objects.requireNonNull(name, "name");
            steps.add(new Step(phase, name, action));
            return this;
        }

        public Shutdown build() {
            return new Shutdown(this);
        }
    }
}
