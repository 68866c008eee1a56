package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.core.Check;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPort;
import dev.lucy.tools.spi.ApprovalPreferences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Holds destructive calls until a human decides: {@link #await} asks through the {@link ApprovalPort} and blocks
 * the run's (virtual) thread; {@link #decide} (from lucy-app's button handler) or expiry releases it.
 *
 * <p>Every request ends exactly once, in an {@link ApprovalRecord} written to the {@link ApprovalAudit}: approved,
 * cancelled, expired, interrupted, or never shown. An "always allow" answer is remembered per workspace and tool
 * in {@link ApprovalPreferences}, and later calls pass without asking. Time comes from the injected clock: a
 * waiting run expires its own request when the clock says so, and {@link #expireDue()} expires every due request
 * at once (a scheduler in lucy-app calls it; tests call it after moving a fake clock). Thread safe.
 */
public final class ApprovalGate {
    /** How long a request waits for a human by default. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);

    private static final Duration MAX_WAIT_SLICE = Duration.ofSeconds(1);

    private final ApprovalPort port;
    private final Clock clock;
    private final Duration expiry;
    private final ApprovalAudit audit;
    private final ApprovalPreferences preferences;
    private final Supplier<String> ids;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private ApprovalGate(Builder b) {
        this.port = b.port;
        this.clock = b.clock;
        this.expiry = b.expiry;
        this.audit = b.audit;
        this.preferences = b.preferences;
        this.ids = b.ids;
    }

    public static Builder builder(ApprovalPort port) {
        return new Builder(port);
    }

    /**
     * Asks for approval of a call of {@code tool} and waits for the outcome. Returns at once when the workspace
     * always allows the tool. Honours interruption: the request ends as {@link ApprovalOutcome#INTERRUPTED} and the
     * interrupt flag stays set.
     */
    public ApprovalOutcome await(Caller caller, Tool tool, String arguments) {
        Instant now = clock.instant();
        ApprovalRequest request = new ApprovalRequest(
                ids.get(), caller, tool.name(), tool.description(), arguments, now, now.plus(expiry));
        if (preferences.alwaysAllowed(caller.workspaceId(), tool.name())) {
            audit.record(new ApprovalRecord(request, ApprovalOutcome.ALWAYS_ALLOWED, "", now));
            return ApprovalOutcome.ALWAYS_ALLOWED;
        }
        Pending waiting = new Pending(request);
        pending.put(request.id(), waiting);
        try {
            audit.opened(request);
            port.ask(request);
        } catch (RuntimeException e) {
            end(request.id(), ApprovalOutcome.NOT_ASKED, "");
            return waiting.result.join().outcome();
        }
        try {
            while (true) {
                Duration left = Duration.between(clock.instant(), request.expiresAt());
                if (left.isNegative() || left.isZero()) {
                    end(request.id(), ApprovalOutcome.EXPIRED, "");
                    return waiting.result.join().outcome();
                }
                Duration slice = left.compareTo(MAX_WAIT_SLICE) < 0 ? left : MAX_WAIT_SLICE;
                try {
                    return waiting.result
                            .get(slice.toNanos(), TimeUnit.NANOSECONDS)
                            .outcome();
                } catch (TimeoutException e) {
                    // Not decided yet: look at the clock again (it may be a test's clock) and keep waiting.
                }
            }
        } catch (InterruptedException e) {
            end(request.id(), ApprovalOutcome.INTERRUPTED, "");
            Thread.currentThread().interrupt();
            return waiting.result
                    .getNow(new Resolution(ApprovalOutcome.INTERRUPTED))
                    .outcome();
        } catch (ExecutionException e) {
            throw new IllegalStateException("approval wait failed", e);
        }
    }

    /**
     * Records a human's answer. Returns false when the request is unknown or already ended (decided, expired):
     * a late click changes nothing.
     */
    public boolean decide(String requestId, ApprovalDecision decision) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(decision, "decision");
        Pending waiting = pending.get(requestId);
        if (waiting == null) {
            return false;
        }
        if (!clock.instant().isBefore(waiting.request.expiresAt())) {
            end(requestId, ApprovalOutcome.EXPIRED, "");
            return false;
        }
        return switch (decision) {
            case ApprovalDecision.Approve approve -> {
                // The choice is kept before the waiting run hears its answer, so the run's next call of the same
                // tool is already allowed (recorded after, that call could ask again and wait for nobody).
                if (approve.alwaysAllow() && pending.containsKey(requestId)) {
                    preferences.allowAlways(waiting.request.caller().workspaceId(), waiting.request.tool());
                }
                yield end(requestId, ApprovalOutcome.APPROVED, approve.decidedBy());
            }
            case ApprovalDecision.Cancel cancel -> end(requestId, ApprovalOutcome.CANCELLED, cancel.decidedBy());
        };
    }

    /** Expires every request whose time is up by the clock; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Pending waiting : List.copyOf(pending.values())) {
            if (!now.isBefore(waiting.request.expiresAt()) && end(waiting.request.id(), ApprovalOutcome.EXPIRED, "")) {
                expired++;
            }
        }
        return expired;
    }

    /**
     * Ends the requests an earlier run of this process left waiting (it stopped or crashed before anyone decided)
     * as {@link ApprovalOutcome#INTERRUPTED}, and tells their people through the port ({@link ApprovalPort#closed}).
     * Call it once at startup; it needs a durable {@link ApprovalAudit}, and with the in-memory one there is nothing
     * to end. Returns what it ended.
     */
    public List<ApprovalRecord> endInterrupted() {
        List<ApprovalRecord> ended = audit.endAbandoned(clock.instant());
        for (ApprovalRecord record : ended) {
            try {
                port.closed(record.request(), ApprovalOutcome.INTERRUPTED);
            } catch (RuntimeException e) {
                // Updating the message is cosmetic; the outcome stands.
            }
        }
        return ended;
    }

    /** Requests waiting for a human, oldest first. */
    public List<ApprovalRequest> pending() {
        return pending.values().stream()
                .map(p -> p.request)
                .sorted(Comparator.comparing(ApprovalRequest::requestedAt).thenComparing(ApprovalRequest::id))
                .toList();
    }

    /** The waiting request with this id. */
    public Optional<ApprovalRequest> find(String requestId) {
        return Optional.ofNullable(pending.get(requestId)).map(p -> p.request);
    }

    /** Ends a request once: whoever removes it from the map decides the outcome. */
    private boolean end(String requestId, ApprovalOutcome outcome, String decidedBy) {
        Pending waiting = pending.remove(requestId);
        if (waiting == null) {
            return false;
        }
        try {
            audit.record(new ApprovalRecord(waiting.request, outcome, decidedBy, clock.instant()));
        } finally {
            // A failing audit (a database down) must not leave the run waiting forever: it still gets its outcome,
            // and whoever ended the request sees the audit's failure.
            try {
                port.closed(waiting.request, outcome);
            } catch (RuntimeException e) {
                // Updating the message is cosmetic; the outcome stands.
            }
            waiting.result.complete(new Resolution(outcome));
        }
        return true;
    }

    private record Resolution(ApprovalOutcome outcome) {}

    private static final class Pending {
        final ApprovalRequest request;
        final CompletableFuture<Resolution> result = new CompletableFuture<>();

        Pending(ApprovalRequest request) {
            this.request = request;
        }
    }

    /** Builds an {@link ApprovalGate}. */
    public static final class Builder {
        private final ApprovalPort port;
        private Clock clock = Clock.systemUTC();
        private Duration expiry = DEFAULT_EXPIRY;
        private ApprovalAudit audit = ApprovalAudit.inMemory();
        private ApprovalPreferences preferences = ApprovalPreferences.inMemory();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();

        private Builder(ApprovalPort port) {
            this.port = Objects.requireNonNull(port, "port");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder expiry(Duration expiry) {
            this.expiry = Check.positive(expiry, "expiry");
            return this;
        }

        public Builder audit(ApprovalAudit audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        public Builder preferences(ApprovalPreferences preferences) {
            this.preferences = Objects.requireNonNull(preferences, "preferences");
            return this;
        }

        /** Where request ids come from (random UUIDs by default). */
        public Builder ids(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public ApprovalGate build() {
            return new ApprovalGate(this);
        }
    }
}
