package dev.lucy.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that moves only when told to, for tests and simulations: {@link #advance(Duration)} and
 * {@link #set(Instant)} move it; as a {@link Sleeper}, a {@link #sleep(Duration) sleep} returns at once, moves the
 * clock by the duration and is recorded ({@link #sleeps()}, {@link #slept()}), so code that waits on purpose
 * (retry backoff, {@code Retry-After}, rate budgets) runs in no time and a test can assert on what it waited.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create(); // 2026-01-01T00:00:00Z, UTC
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Thread safe: any thread may read, move or sleep on it. The zone is UTC unless {@link #withZone(ZoneId)} asks
 * for another; such a view shares this clock's time and record of sleeps. Like Micrometer's {@code MockClock},
 * it lives beside the code it drives so that every module's tests, and simulations, use the same one.
 */
public final class ManualClock extends Clock implements Sleeper {

    /** Where {@link #create()} starts: {@code 2026-01-01T00:00:00Z}. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final State state;
    private final ZoneId zone;

    private ManualClock(State state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public static ManualClock create() {
        return startingAt(DEFAULT_START);
    }

    /** A clock at {@code start}, in UTC. */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(new State(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        return state.now;
    }

    /** A view of this clock in {@code zone}: moving either moves both. */
    @Override
    public ManualClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new ManualClock(state, zone);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @throws IllegalArgumentException if {@code duration} is negative (use {@link #set(Instant)} to go back)
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("advance takes a positive or zero duration, not " + duration);
        }
        state.locked(() -> state.now = state.now.plus(duration));
    }

    /** Puts the clock at {@code instant}, forward or back. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        state.locked(() -> state.now = instant);
    }

    /**
     * Returns at once. A positive {@code duration} is recorded and moves the clock by as much; zero or a negative
     * duration does neither, as {@link Sleeper#sleep(Duration)} returns at once for them.
     */
    @Override
    public void sleep(Duration duration) {
        if (duration.isPositive()) {
            state.locked(() -> {
                state.sleeps.add(duration);
                state.now = state.now.plus(duration);
            });
        }
    }

    /** Every sleep so far, in order. */
    public List<Duration> sleeps() {
        List<Duration> copy = new ArrayList<>();
        state.locked(() -> copy.addAll(state.sleeps));
        return List.copyOf(copy);
    }

    /** All sleeps so far, added up; zero if nothing slept. */
    public Duration slept() {
        return sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "," + zone + "]";
    }

    /** What every zone view of one clock shares. Changes hold the lock; reads of {@code now} need not. */
    private static final class State {
        private final ReentrantLock lock = new ReentrantLock();
        final List<Duration> sleeps = new ArrayList<>();
        volatile Instant now;

        State(Instant start) {
            this.now = start;
        }

        void locked(Runnable change) {
            lock.lock();
            try {
                change.run();
            } finally {
                lock.unlock();
            }
        }
    }
}
