package dev.lucy.testkit.contract;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock reading the instant a contract keeps in {@code now}; the contract's tests move it. */
final class ReferenceClock extends Clock {
    private final AtomicReference<Instant> now;

    ReferenceClock(AtomicReference<Instant> now) {
        this.now = now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
