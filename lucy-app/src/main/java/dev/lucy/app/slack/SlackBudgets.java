package dev.lucy.app.slack;

import dev.lucy.core.model.RateBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * Lucy's own account of Slack's per-method rate limits, so that when they run short the calls that matter go first.
 * Slack counts them per method and workspace, and so does Lucy: each call names its workspace (empty when Lucy serves
 * one), and one busy workspace never spends another's permits or holds its calls back. Each limited method allows
 * its tier's calls in any minute (Slack allows a minute's worth at once). A call asks with a {@link Priority}: an
 * answer is never left out; it takes the first turn the minute allows after the answers before it, and waits for it,
 * so that a long queue of answers reaches Slack a minute's worth at a time rather than into Slack's 429s. The
 * others go only while more than their reserve of the minute is left and no answer waits, and are left out otherwise
 * (counted by method). A 429 from Slack holds the method until its {@code Retry-After} has passed; an answer goes,
 * and tries again, only once that hold is over and a minute has passed since the calls that went ({@link #go}).
 * Methods without a tier here (such as {@code chat.postMessage}, paced per channel elsewhere) are not limited.
 *
 * <p>Slack counts its limits per app and workspace, however many replicas call it, so replicas on one database
 * share the buckets through a {@link RateBudget} (the database's, on PostgreSQL): a lesser call reserves one permit
 * plus its priority's reserve and gives the reserve back at once, so it goes only while more than the reserve is
 * left in the shared bucket. One process keeps its buckets in memory. Thread safe.
 */
final class SlackBudgets {
    /** What a call is for, in the order it goes when permits are short. */
    enum Priority {
        /** A final answer or a notice of failure: never left out. */
        ANSWER(0),
        /** A first sign of work (the working emoji, the assistant status). */
        SIGN(0.25),
        /** An edit that shows progress; the next edit or the answer supersedes it. */
        PROGRESS(0.4),
        /** Tidying up (removing the working emoji, clearing the status). */
        COSMETIC(0.6);

        /** The share of a bucket this priority leaves for the ones above it. */
        final double reserve;

        Priority(double reserve) {
            this.reserve = reserve;
        }
    }

    /**
     * Slack's documented tiers for the methods Lucy calls for every message (Tier 2: 20 a minute, Tier 3: 50, Tier 4:
     * 100).
     */
    static final Map<String, Integer> SLACK_TIERS = Map.ofEntries(
            Map.entry("chat.update", 50),
            Map.entry("chat.delete", 50),
            Map.entry("reactions.add", 50),
            Map.entry("reactions.remove", 20),
            Map.entry("assistant.threads.setStatus", 50),
            Map.entry("assistant.threads.setTitle", 100),
            Map.entry("assistant.threads.setSuggestedPrompts", 100),
            Map.entry("chat.startStream", 20),
            Map.entry("chat.appendStream", 100),
            Map.entry("chat.stopStream", 20),
            Map.entry("views.publish", 100));

    /**
     * At most this long a queue of answers' turns, shared or not: an answer past it waits as long without a turn, and
     * then goes as soon as {@link #go} lets it.
     */
    static final Duration MOST_OWED = Duration.ofMinutes(10);

    private static final String SHARED_KEY = "slack-method:";

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Optional<RateBudget> shared;
    private final Map<String, AtomicLong> leftOut = new ConcurrentHashMap<>();
    private final SlackCallObserver observer;
    private final Map<String, Integer> perMinute;
    private final InstantSource clock;

    SlackBudgets(Map<String, Integer> perMinute, InstantSource clock, SlackCallObserver observer) {
        this(perMinute, clock, observer, Optional.empty());
    }

    /** Budgets kept in {@code shared} when present (every replica's), else in this process's memory. */
    SlackBudgets(
            Map<String, Integer> perMinute,
            InstantSource clock,
            SlackCallObserver observer,
            Optional<RateBudget> shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.perMinute = Map.copyOf(perMinute);
        this.observer = Objects.requireNonNull(observer, "observer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether a call of {@code method} in {@code workspace} may go now, taking a permit. An answer always may; the
     * others only if their reserve is left, and are counted as left out otherwise.
     */
    boolean admit(String workspace, String method, Priority priority) {
        Integer rate = perMinute.get(method);
        if (rate == null) {
            return true;
        }
        if (priority == Priority.ANSWER) {
            admitAnswer(workspace, method); // an answer always goes: it only waits its turn, see sent in SlackPort
            return true;
        }
        boolean admitted = shared.isPresent()
                ? takeShared(shared.get(), sharedKey(workspace, method), rate, priority)
                : bucket(workspace, method, rate).take(priority, clock.instant());
        if (!admitted) {
            leaveOut(method, priority);
        }
        return admitted;
    }

    /**
     * Takes a turn for an answer of {@code method} and says how long the answer should wait for it: an answer is
     * never left out, but once the method's minute's worth is spent, answers wait for the next minute's instead of
     * going into Slack's 429s. (Replicas sharing a {@link RateBudget} take turns at its rate.)
     */
    Duration admitAnswer(String workspace, String method) {
        Integer rate = perMinute.get(method);
        if (rate == null) {
            return Duration.ZERO;
        }
        if (shared.isPresent()) {
            return shared.get()
                    .reserve(sharedKey(workspace, method), RateBudget.Limit.perMinute(rate), 1, MOST_OWED)
                    .orElse(MOST_OWED);
        }
        return bucket(workspace, method, rate).takeForAnswer(clock.instant());
    }

    private Bucket bucket(String workspace, String method, int rate) {
        return buckets.computeIfAbsent(workspace + " " + method, m -> new Bucket(rate, clock.instant()));
    }

    /** A method's key in the shared store: as before for the one workspace, else per workspace. */
    private static String sharedKey(String workspace, String method) {
        return workspace.isEmpty() ? SHARED_KEY + method : SHARED_KEY + workspace + ":" + method;
    }

    private static boolean takeShared(RateBudget budget, String key, int rate, Priority priority) {
        RateBudget.Limit limit = RateBudget.Limit.perMinute(rate);
        long reserve = (long) Math.ceil(rate * priority.reserve);
        if (budget.reserve(key, limit, 1 + reserve, Duration.ZERO).isEmpty()) {
            return false;
        }
        budget.adjust(key, limit, reserve);
        return true;
    }

    /** Counts a call of {@code method} left out, and tells the observer. */
    void leaveOut(String method, Priority priority) {
        String level = priority.name().toLowerCase(Locale.ROOT);
        leftOut.computeIfAbsent(method + " " + level, k -> new AtomicLong()).incrementAndGet();
        try {
            observer.leftOut(method, level);
        } catch (RuntimeException e) {
            // Metrics never cost a call's decision.
        }
    }

    /** Whether {@link #admit} would let a call of {@code method} go now, without taking a permit. */
    boolean wouldAdmit(String workspace, String method, Priority priority) {
        Integer rate = perMinute.get(method);
        if (rate == null || priority == Priority.ANSWER || shared.isPresent()) {
            return true; // a shared bucket is asked once, by admit
        }
        return bucket(workspace, method, rate).has(priority, clock.instant());
    }

    /** Slack answered 429: nothing more of {@code method} in {@code workspace} before {@code retryAfter} has passed. */
    void limited(String workspace, String method, Duration retryAfter) {
        Integer rate = perMinute.get(method);
        if (rate == null) {
            return;
        }
        if (shared.isPresent()) {
            // the shared level is not read here: spending a full bucket and Retry-After's refill leaves it at most
            // at minus that refill, so lesser calls wait at least Retry-After
            long owed = rate + (long) Math.ceil(retryAfter.toMillis() / 60_000.0 * rate);
            shared.get().adjust(sharedKey(workspace, method), RateBudget.Limit.perMinute(rate), -owed);
            return;
        }
        bucket(workspace, method, rate).empty(clock.instant(), retryAfter);
    }

    /**
     * Whether an answer whose turn has come ({@link #admitAnswer}) may go to Slack now: zero when it may (and it is
     * counted as gone), else how long to wait before asking again. Turns are booked when answers are admitted; this
     * counts when calls really go, so that answers held back meanwhile (by a 429, or a slow machine) do not go
     * together into a minute Slack has already counted full. Replicas sharing a {@link RateBudget} go at their turns.
     */
    Duration go(String workspace, String method) {
        Integer rate = perMinute.get(method);
        if (rate == null || shared.isPresent()) {
            return Duration.ZERO;
        }
        return bucket(workspace, method, rate).go(clock.instant());
    }

    /** Calls left out so far, by method and priority ({@code "reactions.remove cosmetic"}). */
    Map<String, Long> leftOut() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        leftOut.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    /**
     * A method's calls in one workspace over the last minute, and the answers booked after them. Slack counts its
     * limits per minute from the first call (a fixed window); keeping to at most {@code capacity} calls in any
     * {@link #WINDOW} keeps to Slack's minutes too, however they fall, where a refilling bucket would let a second
     * burst into the same minute. Times are kept in the order they are booked: answers are booked at the end, and a
     * lesser call goes only when no answer is booked ahead of it.
     */
    private static final class Bucket {
        /** A minute and a second: a call's trip to Slack may take longer than the one before it. */
        static final Duration WINDOW = Duration.ofSeconds(61);

        private final int capacity;
        private final long window = WINDOW.toNanos();
        private final Instant origin;
        private final ReentrantLock lock = new ReentrantLock();
        /** The last {@code capacity} turns booked, as nanoseconds from {@code origin}; {@code booked} of them in all. */
        private final long[] at;
        /** The last {@code capacity} calls that went, in the same way; {@code gone} of them in all. */
        private final long[] wentAt;

        private long booked;
        private long gone;
        private long heldUntil = Long.MIN_VALUE / 2; // never, and no overflow taking a time from it

        Bucket(int perMinute, Instant now) {
            this.capacity = perMinute;
            this.at = new long[perMinute];
            this.wentAt = new long[perMinute];
            this.origin = now;
        }

        /** Takes a permit for a lesser call; false when this priority is left out. */
        boolean take(Priority priority, Instant now) {
            return locked(now, t -> {
                if (!has(priority, t)) {
                    return false;
                }
                book(t);
                went(t);
                return true;
            });
        }

        /**
         * Books an answer at the first time the minute allows after the ones booked before it; how long until then.
         * A booking past {@link #MOST_OWED} waits that long and is not kept.
         */
        Duration takeForAnswer(Instant now) {
            return locked(now, t -> {
                long turn = Math.max(t, heldUntil);
                if (booked > 0) {
                    turn = Math.max(turn, last());
                }
                if (booked >= capacity) {
                    turn = Math.max(turn, at[(int) (booked % capacity)] + window); // the call a minute's worth back
                }
                if (turn - t > MOST_OWED.toNanos()) {
                    return MOST_OWED;
                }
                book(turn);
                return Duration.ofNanos(turn - t);
            });
        }

        boolean has(Priority priority, Instant now) {
            return locked(now, t -> has(priority, t));
        }

        /** Counts a booked answer as gone now, or says how long until it may go. */
        Duration go(Instant now) {
            return locked(now, t -> {
                long wait = delay(t);
                if (wait == 0) {
                    went(t);
                }
                return Duration.ofNanos(wait);
            });
        }

        void empty(Instant now, Duration retryAfter) {
            locked(now, t -> heldUntil = Math.max(heldUntil, t + retryAfter.toNanos()));
        }

        /** {@code action} at {@code now} (as nanoseconds from {@code origin}), under the lock. */
        private <T> T locked(Instant now, LongFunction<T> action) {
            lock.lock();
            try {
                return action.apply(Duration.between(origin, now).toNanos());
            } finally {
                lock.unlock();
            }
        }

        /** How long from {@code t} until a call may go: Slack's hold, and a minute since the calls that went. */
        private long delay(long t) {
            long until = heldUntil;
            if (gone >= capacity) {
                until = Math.max(until, wentAt[(int) (gone % capacity)] + window);
            }
            return Math.max(0, until - t);
        }

        private void went(long t) {
            wentAt[(int) (gone % capacity)] = t;
            gone++;
        }

        /**
         * Whether a lesser call may go at {@code t}: nothing holds the method ({@link #delay}), no answer is booked
         * ahead, and more than the priority's reserve of the minute is left.
         */
        private boolean has(Priority priority, long t) {
            if (delay(t) > 0 || (booked > 0 && last() > t)) {
                return false; // Slack asked to wait or the minute is full, or an answer is booked ahead
            }
            int recent = 0;
            for (int i = 0; i < Math.min(booked, capacity); i++) {
                recent += at[i] > t - window ? 1 : 0;
            }
            return capacity - recent - 1 >= capacity * priority.reserve;
        }

        private void book(long t) {
            at[(int) (booked % capacity)] = t;
            booked++;
        }

        private long last() {
            return at[(int) ((booked - 1) % capacity)];
        }
    }
}
