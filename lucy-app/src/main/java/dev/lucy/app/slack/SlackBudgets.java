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

/**
 * Lucy's own account of Slack's per-method rate limits, so that when they run short the calls that matter go first.
 * Slack counts them per method and workspace, and so does Lucy: each call names its workspace (empty when Lucy serves
 * one), and one busy workspace never spends another's permits or holds its calls back. Each limited method has a bucket of permits that refills at its tier's rate (Slack allows a
 * minute's worth at once). A call asks with a {@link Priority}: an answer always goes at once and takes a permit,
 * into debt if need be (only Slack's own 429 makes it wait, see {@link SlackCalls}), so that the lower priorities
 * see what answers use; the others go only while more than their reserve is left, and are left out otherwise
 * (counted by method). A 429 from Slack empties the method's bucket until its {@code Retry-After} has passed.
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

    /** At most a minute's worth of permits owed by answers, shared or not. */
    private static final Duration MOST_OWED = Duration.ofMinutes(1);

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
     * Takes a permit for an answer of {@code method} and says how long the answer should wait for it: an answer is
     * never left out, but once the method's minute's worth is spent, answers go one by one at its rate instead of
     * all at once into Slack's 429s.
     */
    Duration admitAnswer(String workspace, String method) {
        Integer rate = perMinute.get(method);
        if (rate == null) {
            return Duration.ZERO;
        }
        if (shared.isPresent()) {
            return shared.get()
                    .reserve(sharedKey(workspace, method), RateBudget.Limit.perMinute(rate), 1, MOST_OWED)
                    .orElse(Duration.ZERO);
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

    /** Calls left out so far, by method and priority ({@code "reactions.remove cosmetic"}). */
    Map<String, Long> leftOut() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        leftOut.forEach((key, count) -> counts.put(key, count.get()));
        return counts;
    }

    /** A refilling bucket of permits that may go into debt for answers. */
    private static final class Bucket {
        private final double capacity;
        private final double perSecond;
        private final ReentrantLock lock = new ReentrantLock();
        private double permits;
        private Instant at;

        Bucket(int perMinute, Instant now) {
            this.capacity = perMinute;
            this.perSecond = perMinute / 60.0;
            this.permits = perMinute;
            this.at = now;
        }

        /** Takes a permit for a lesser call; false when this priority is left out. */
        boolean take(Priority priority, Instant now) {
            lock.lock();
            try {
                refill(now);
                if (permits - 1 < capacity * priority.reserve) {
                    return false;
                }
                permits -= 1;
                return true;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Takes a permit for an answer, into debt if need be; how long until the permit is really there. Debt is
         * bounded: answers past a minute's worth owed no longer push lesser calls further out.
         */
        Duration takeForAnswer(Instant now) {
            lock.lock();
            try {
                refill(now);
                permits = Math.max(permits - 1, -capacity);
                return permits >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-permits / perSecond * 1e9));
            } finally {
                lock.unlock();
            }
        }

        boolean has(Priority priority, Instant now) {
            lock.lock();
            try {
                refill(now);
                return permits - 1 >= capacity * priority.reserve;
            } finally {
                lock.unlock();
            }
        }

        void empty(Instant now, Duration retryAfter) {
            lock.lock();
            try {
                refill(now);
                // Nothing until Retry-After: as many permits owed as would refill meanwhile.
                permits = Math.min(permits, -retryAfter.toMillis() / 1000.0 * perSecond);
            } finally {
                lock.unlock();
            }
        }

        private void refill(Instant now) {
            if (now.isAfter(at)) {
                double seconds = Duration.between(at, now).toNanos() / 1e9;
                permits = Math.min(capacity, permits + seconds * perSecond);
                at = now;
            }
        }
    }
}
