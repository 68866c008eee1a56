package dev.lucy.core.runtime;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;

/**
 * How the runtime admits and schedules work. Immutable; build with {@link #builder()}, start from
 * {@link #defaults()}. Every bound is finite.
 *
 * @param maxEventAge events older than this when they arrive (replays) are ignored
 * @param dedupTtl how long a delivery is remembered for deduplication
 * @param maxConcurrentRuns agent runs at once, across everything; size it from the model budget (see
 *     {@link #concurrencyFor})
 * @param maxBackgroundRuns of those, how many background tasks at most, so interactive work always has room;
 *     unless set, a quarter of {@code maxConcurrentRuns} (at least 1, at most {@value #DEFAULT_MAX_BACKGROUND_RUNS})
 * @param queueCapacity runs waiting at most, in all; beyond it users are told the queue is full
 * @param workspaceQueueCapacity runs waiting at most for one workspace, so one cannot fill the queue for all
 * @param workspaceEventsPerMinute messages one workspace may send per minute before it is throttled
 * @param userEventsPerMinute messages one person may send per minute before they are throttled
 * @param taskMaxDuration a background task running longer is stopped and marked timed out
 * @param shutdownDeadline how long a graceful shutdown may take: running work gets most of it, and the last part
 *     (at most {@link LucyRuntime#CUT_RESERVE}) is kept to tell the people whose runs are cut
 * @param resumeWithin an event an earlier process left unfinished (in a durable {@link Inbox}) is run again at
 *     start when its message is at most this old; an older one gets a short apology instead
 * @param replicaTimeout a replica that has not said it is alive for this long (it beats every third of it) is taken
 *     for gone: another takes over its unanswered events and unfinished background tasks. Matters only with a
 *     shared database and several replicas
 * @param leaseTtl with {@linkplain ConversationLeases#shared() shared} conversation leases (several replicas), how long
 *     a replica's lease on a conversation lasts unless renewed: a run renews it every third of this, and the
 *     conversations of a replica that dies wait at most this long for another to take them over
 * @param orderWindow with shared conversation leases, how long after a message was received its conversation's run
 *     waits before starting, so that an older message of the same conversation that reached another replica a moment
 *     later still runs first (at most a quarter of leaseTtl); zero runs at once
 */
public record RuntimeConfig(
        Duration maxEventAge,
        Duration dedupTtl,
        int maxConcurrentRuns,
        int maxBackgroundRuns,
        int queueCapacity,
        int workspaceQueueCapacity,
        int workspaceEventsPerMinute,
        int userEventsPerMinute,
        Duration taskMaxDuration,
        Duration shutdownDeadline,
        Duration resumeWithin,
        Duration replicaTimeout,
        Duration leaseTtl,
        Duration orderWindow) {

    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofHours(2);
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 256;
    public static final int DEFAULT_MAX_BACKGROUND_RUNS = 32;
    public static final int DEFAULT_QUEUE_CAPACITY = 2_000;
    public static final int DEFAULT_WORKSPACE_QUEUE_CAPACITY = 1_000;
    public static final int DEFAULT_WORKSPACE_EVENTS_PER_MINUTE = 3_000;
    public static final int DEFAULT_USER_EVENTS_PER_MINUTE = 60;
    public static final Duration DEFAULT_TASK_MAX_DURATION = Duration.ofMinutes(30);
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RESUME_WITHIN = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPLICA_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ORDER_WINDOW = Duration.ofMillis(200);

    public RuntimeConfig {
        positive(maxEventAge, "maxEventAge");
        positive(dedupTtl, "dedupTtl");
        positive(taskMaxDuration, "taskMaxDuration");
        notNegative(shutdownDeadline, "shutdownDeadline");
        positive(resumeWithin, "resumeWithin");
        positive(replicaTimeout, "replicaTimeout");
        positive(leaseTtl, "leaseTtl");
        notNegative(orderWindow, "orderWindow");
        atLeast(maxConcurrentRuns, 1, "maxConcurrentRuns");
        atLeast(maxBackgroundRuns, 1, "maxBackgroundRuns");
        atLeast(queueCapacity, 1, "queueCapacity");
        atLeast(workspaceQueueCapacity, 1, "workspaceQueueCapacity");
        atLeast(workspaceEventsPerMinute, 1, "workspaceEventsPerMinute");
        atLeast(userEventsPerMinute, 1, "userEventsPerMinute");
        if (maxBackgroundRuns > maxConcurrentRuns) {
            throw new IllegalArgumentException("maxBackgroundRuns (" + maxBackgroundRuns
                    + ") must not exceed maxConcurrentRuns (" + maxConcurrentRuns + ")");
        }
    }

    public static RuntimeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxEventAge(maxEventAge)
                .dedupTtl(dedupTtl)
                .maxConcurrentRuns(maxConcurrentRuns)
                .maxBackgroundRuns(maxBackgroundRuns)
                .queueCapacity(queueCapacity)
                .workspaceQueueCapacity(workspaceQueueCapacity)
                .workspaceEventsPerMinute(workspaceEventsPerMinute)
                .userEventsPerMinute(userEventsPerMinute)
                .taskMaxDuration(taskMaxDuration)
                .shutdownDeadline(shutdownDeadline)
                .resumeWithin(resumeWithin)
                .replicaTimeout(replicaTimeout)
                .leaseTtl(leaseTtl)
                .orderWindow(orderWindow);
    }

    /**
     * The number of runs worth having in flight for a model budget: Little's law, requests per second the budget
     * allows times the model calls a run makes per second of its life. For example 600 requests per minute and
     * runs that call the model every 2 s give 20.
     */
    public static int concurrencyFor(int modelRequestsPerMinute, Duration secondsPerModelCall) {
        double perSecond = modelRequestsPerMinute / 60.0;
        return Math.max(1, (int) Math.ceil(perSecond * secondsPerModelCall.toMillis() / 1000.0));
    }

    public static final class Builder {
        private Duration maxEventAge = DEFAULT_MAX_EVENT_AGE;
        private Duration dedupTtl = DEFAULT_DEDUP_TTL;
        private int maxConcurrentRuns = DEFAULT_MAX_CONCURRENT_RUNS;
        private Integer maxBackgroundRuns;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int workspaceQueueCapacity = DEFAULT_WORKSPACE_QUEUE_CAPACITY;
        private int workspaceEventsPerMinute = DEFAULT_WORKSPACE_EVENTS_PER_MINUTE;
        private int userEventsPerMinute = DEFAULT_USER_EVENTS_PER_MINUTE;
        private Duration taskMaxDuration = DEFAULT_TASK_MAX_DURATION;
        private Duration shutdownDeadline = DEFAULT_SHUTDOWN_DEADLINE;
        private Duration resumeWithin = DEFAULT_RESUME_WITHIN;
        private Duration replicaTimeout = DEFAULT_REPLICA_TIMEOUT;
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private Duration orderWindow = DEFAULT_ORDER_WINDOW;

        private Builder() {}

        public Builder maxEventAge(Duration value) {
            this.maxEventAge = value;
            return this;
        }

        public Builder dedupTtl(Duration value) {
            this.dedupTtl = value;
            return this;
        }

        public Builder maxConcurrentRuns(int value) {
            this.maxConcurrentRuns = value;
            return this;
        }

        public Builder maxBackgroundRuns(int value) {
            this.maxBackgroundRuns = value;
            return this;
        }

        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        public Builder workspaceQueueCapacity(int value) {
            this.workspaceQueueCapacity = value;
            return this;
        }

        public Builder workspaceEventsPerMinute(int value) {
            this.workspaceEventsPerMinute = value;
            return this;
        }

        public Builder userEventsPerMinute(int value) {
            this.userEventsPerMinute = value;
            return this;
        }

        public Builder taskMaxDuration(Duration value) {
            this.taskMaxDuration = value;
            return this;
        }

        public Builder shutdownDeadline(Duration value) {
            this.shutdownDeadline = value;
            return this;
        }

        public Builder resumeWithin(Duration value) {
            this.resumeWithin = value;
            return this;
        }

        public Builder replicaTimeout(Duration value) {
            this.replicaTimeout = value;
            return this;
        }

        public Builder leaseTtl(Duration value) {
            this.leaseTtl = value;
            return this;
        }

        public Builder orderWindow(Duration value) {
            this.orderWindow = value;
            return this;
        }

        public RuntimeConfig build() {
            return new RuntimeConfig(
                    maxEventAge,
                    dedupTtl,
                    maxConcurrentRuns,
                    maxBackgroundRuns != null
                            ? maxBackgroundRuns
                            : Math.max(1, Math.min(DEFAULT_MAX_BACKGROUND_RUNS, maxConcurrentRuns / 4)),
                    queueCapacity,
                    workspaceQueueCapacity,
                    workspaceEventsPerMinute,
                    userEventsPerMinute,
                    taskMaxDuration,
                    shutdownDeadline,
                    resumeWithin,
                    replicaTimeout,
                    leaseTtl,
                    orderWindow);
        }
    }
}
