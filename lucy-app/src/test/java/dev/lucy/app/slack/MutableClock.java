package dev.lucy.app.slack;

import dev.lucy.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand; as a {@link Sleeper} it moves instead of waiting. Shared with the simulator. */
final class MutableClock extends Clock implements Sleeper {
    private final AtomicReference<Instant> now;
    private final AtomicReference<Duration> slept = new AtomicReference<>(Duration.ZERO);

    MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public void sleep(Duration duration) {
        slept.updateAndGet(d -> d.plus(duration));
        advance(duration);
    }

    /** Everything the code under test has waited, in total. */
    Duration slept() {
        return slept.get();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
