package dev.lucy.slack;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches streamed text into {@code chat.appendStream} calls: text is held until enough has gathered or it
 * has waited long enough, and never handed out more often than the rate limit allows.
 *
 * <p>Defaults: send once 200 characters have gathered or the oldest has waited 1 second, at most one call per
 * 1 second (appendStream is Tier 4, about 100 calls a minute per workspace, shared by every conversation
 * streaming there), and at most 12,000 characters per call. Time comes from an injected {@link InstantSource}.
 *
 * <p>Thread safety: safe for concurrent use; calls are serialised with a lock and never block on I/O.
 */
public final class AppendBuffer {
    public static final int DEFAULT_MIN_CHARS = 200;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final int MAX_CHARS_PER_CALL = 12_000;

    private final int minChars;
    private final Duration maxDelay;
    private final Duration minInterval;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final StringBuilder pending = new StringBuilder();
    private Instant pendingSince;
    private Instant lastSent;

    private AppendBuffer(Builder b) {
        this.minChars = b.minChars;
        this.maxDelay = b.maxDelay;
        this.minInterval = b.minInterval;
        this.clock = b.clock;
    }

    public static AppendBuffer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds text; returns what to send now, if the thresholds and the rate limit say so. */
    public Optional<String> offer(String text) {
        Objects.requireNonNull(text, "text");
        lock.lock();
        try {
            if (!text.isEmpty()) {
                if (pending.isEmpty()) {
                    pendingSince = clock.instant();
                }
                pending.append(text);
            }
            return due(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    /** Returns what to send now because it has waited long enough, if the rate limit allows. */
    public Optional<String> poll() {
        return offer("");
    }

    /** When {@link #poll()} should next be called, or empty when nothing is pending. */
    public Optional<Instant> nextDue() {
        lock.lock();
        try {
            if (pending.isEmpty()) {
                return Optional.empty();
            }
            Instant byDelay = pending.length() >= minChars ? pendingSince : pendingSince.plus(maxDelay);
            Instant byRate = lastSent == null ? byDelay : lastSent.plus(minInterval);
            return Optional.of(byDelay.isAfter(byRate) ? byDelay : byRate);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Everything still pending, in calls of at most 12,000 characters, for the end of the stream; the caller
     * sends them in order (spacing them by the rate limit) before stopping the stream.
     */
    public List<String> drain() {
        lock.lock();
        try {
            List<String> chunks = new ArrayList<>();
            while (!pending.isEmpty()) {
                chunks.add(take());
            }
            if (!chunks.isEmpty()) {
                lastSent = clock.instant();
            }
            return chunks;
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> due(Instant now) {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        boolean enough = pending.length() >= minChars;
        boolean waited = !now.isBefore(pendingSince.plus(maxDelay));
        boolean allowed = lastSent == null || !now.isBefore(lastSent.plus(minInterval));
        if ((enough || waited) && allowed) {
            lastSent = now;
            return Optional.of(take());
        }
        return Optional.empty();
    }

    private String take() {
        int cut = Math.min(pending.length(), MAX_CHARS_PER_CALL);
        if (cut < pending.length()) {
            int newline = pending.lastIndexOf("\n", cut - 1);
            if (newline > cut / 2) {
                cut = newline + 1;
            } else if (Character.isLowSurrogate(pending.charAt(cut))) {
                cut--;
            }
        }
        String chunk = pending.substring(0, cut);
        pending.delete(0, cut);
        pendingSince = clock.instant();
        return chunk;
    }

    /** Builds an {@link AppendBuffer}; setters validate and name the bad field. */
    public static final class Builder {
        private int minChars = DEFAULT_MIN_CHARS;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration minInterval = DEFAULT_MIN_INTERVAL;
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        /** Send once this many characters have gathered; default {@value #DEFAULT_MIN_CHARS}, 1 to 12,000. */
        public Builder minChars(int minChars) {
            if (minChars < 1 || minChars > MAX_CHARS_PER_CALL) {
                throw new IllegalArgumentException("minChars must be between 1 and 12000, was " + minChars);
            }
            this.minChars = minChars;
            return this;
        }

        /** Send text that has waited this long even if short; default 1 second. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = positive("maxDelay", maxDelay);
            return this;
        }

        /** Never send more often than this; default 1 second (Tier 4 allows about 100 calls a minute). */
        public Builder minInterval(Duration minInterval) {
            this.minInterval = positive("minInterval", minInterval);
            return this;
        }

        /** Where time comes from; default the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AppendBuffer build() {
            return new AppendBuffer(this);
        }

        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
            return value;
        }
    }
}
