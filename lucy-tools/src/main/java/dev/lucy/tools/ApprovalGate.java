package dev.lucy.tools;

import dev.lucy.core.Caller;
import dev.lucy.core.Check;
import dev.lucy.core.spi.RunBudget;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPort;
import dev.lucy.tools.spi.ApprovalPreferences;
import dev.lucy.tools.spi.ApprovalPreferences.Scope;
import dev.lucy.tools.spi.WorkspaceAdmins;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds destructive calls until a human decides: {@link #await} asks through the {@link ApprovalPort} and blocks
 * the run's (virtual) thread; {@link #decide} (from lucy-app's button handler) or expiry releases it.
 *
 * <p>A request lives until its own expiry ({@link #DEFAULT_EXPIRY} unless configured): while it waits, the run's
 * time budget is paused ({@link RunBudget}), so the run's time limit never cuts a person's decision short and the
 * expiry shown to them is the real one. Cancelling the run still ends the request at once.
 *
 * <p>Every request ends exactly once, in an {@link ApprovalRecord} written to the {@link ApprovalAudit}: approved,
 * cancelled, expired, interrupted, or never shown; the port hears each ending, to take the buttons away. An
 * "always allow" answer is remembered in {@link ApprovalPreferences}: for the whole workspace when the person is one
 * of its admins ({@link WorkspaceAdmins}), else for that person's own calls; later calls it covers pass without
 * asking. Time comes from the injected clock: a waiting run expires its own request when the clock says so, and
 * {@link #expireDue()} expires every due request at once (a scheduler in lucy-app calls it; tests call it after
 * moving a fake clock). Thread safe.
 */
public final class ApprovalGate {
    /** What the description of a tool tagged {@link McpServers#OPEN_WORLD_TAG} ends with, in the request and audit. */
    public static final String OPEN_WORLD_NOTE = "(It reaches systems outside Lucy.)";

    /** How long a request waits for a human by default. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);

    private static final Duration MAX_WAIT_SLICE = Duration.ofSeconds(1);
    /** How long an interrupted run waits, at most, for its request's ending to be recorded and shown. */
    private static final Duration ENDING_GRACE = Duration.ofSeconds(5);

    private final ApprovalPort port;
    private final Clock clock;
    private final Duration expiry;
    private final ApprovalAudit audit;
    private final ApprovalPreferences preferences;
    private final WorkspaceAdmins admins;
    private final Supplier<String> ids;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private ApprovalGate(Builder b) {
        this.port = b.port;
        this.clock = b.clock;
        this.expiry = b.expiry;
        this.audit = b.audit;
        this.preferences = b.preferences;
        this.admins = b.admins;
        this.ids = b.ids;
    }

    public static Builder builder(ApprovalPort port) {
        return new Builder(port);
    }

    /**
     * Asks for approval of a call of {@code tool} and waits for the outcome, outside any run's budget. See {@link
     * #await(Caller, Tool, String, RunBudget)}.
     */
    public ApprovalOutcome await(Caller caller, Tool tool, String arguments) {
        return await(caller, tool, arguments, RunBudget.none());
    }

    /**
     * Asks for approval of a call of {@code tool} and waits for the outcome, with the run's {@code budget} paused
     * while it waits. Returns at once when the tool is always allowed for the caller (by their workspace or by
     * themself). Honours interruption: the request ends as {@link ApprovalOutcome#INTERRUPTED} (recorded and shown
     * before this returns, unless that takes longer than a few seconds) and the interrupt flag stays set.
     */
    public ApprovalOutcome await(Caller caller, Tool tool, String arguments, RunBudget budget) {
        Objects.requireNonNull(budget, "budget");
        Instant now = clock.instant();
        // A tool whose server says it reaches outside systems (MCP's openWorldHint) says so to the person and in the
        // audit.
        String description = tool.tags().contains(McpServers.OPEN_WORLD_TAG)
                ? (tool.description() + " " + OPEN_WORLD_NOTE).strip()
                : tool.description();
        ApprovalRequest request =
                new ApprovalRequest(ids.get(), caller, tool.name(), description, arguments, now, now.plus(expiry));
        if (alwaysAllowed(caller, tool.name())) {
            audit.record(new ApprovalRecord(request, ApprovalOutcome.ALWAYS_ALLOWED, "", now));
            return ApprovalOutcome.ALWAYS_ALLOWED;
        }
        Pending waiting = new Pending(request);
        pending.put(request.id(), waiting);
        try (RunBudget.Pause paused = budget.pause()) {
            return waitFor(waiting);
        }
    }

    private boolean alwaysAllowed(Caller caller, String tool) {
        return preferences.alwaysAllowed(Scope.workspace(caller.workspaceId()), tool)
                || preferences.alwaysAllowed(Scope.person(caller.workspaceId(), caller.userId()), tool);
    }

    private ApprovalOutcome waitFor(Pending waiting) {
        ApprovalRequest request = waiting.request;
        try {
            audit.opened(request);
            port.ask(request);
        } catch (RuntimeException e) {
            end(request.id(), ApprovalOutcome.NOT_ASKED, "", Optional.empty());
            return waiting.result.join().outcome();
        }
        try {
            while (true) {
                Duration left = Duration.between(clock.instant(), request.expiresAt());
                if (left.isNegative() || left.isZero()) {
                    end(request.id(), ApprovalOutcome.EXPIRED, "", Optional.empty());
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
            endInterrupted(request.id());
            Thread.currentThread().interrupt();
            return waiting.result
                    .getNow(new Resolution(ApprovalOutcome.INTERRUPTED))
                    .outcome();
        } catch (ExecutionException e) {
            throw new IllegalStateException("approval wait failed", e);
        }
    }

    /**
     * Ends an interrupted run's request on a thread of its own: whatever stops the run (a cancel, a shutdown) tends
     * to interrupt this thread again while it records the ending and updates the person's message, and the person
     * must still see their buttons go. Waits for that a few seconds at most, ignoring further interrupts.
     */
    private void endInterrupted(String requestId) {
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread ending = Thread.ofVirtual().name("lucy-approval-ending").start(() -> {
            try {
                end(requestId, ApprovalOutcome.INTERRUPTED, "", Optional.empty());
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        long until = System.nanoTime() + ENDING_GRACE.toNanos();
        while (ending.isAlive()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                ending.join(Duration.ofNanos(left));
            } catch (InterruptedException again) {
                // Already stopping; the caller sets the flag again.
            }
        }
        if (failed.get() != null) {
            throw failed.get();
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
            end(requestId, ApprovalOutcome.EXPIRED, "", Optional.empty());
            return false;
        }
        return switch (decision) {
            case ApprovalDecision.Approve approve -> {
                // The choice is kept before the waiting run hears its answer, so the run's next call of the same
                // tool is already allowed (recorded after, that call could ask again and wait for nobody).
                Optional<Scope> allowed = Optional.empty();
                if (approve.alwaysAllow() && pending.containsKey(requestId)) {
                    String workspace = waiting.request.caller().workspaceId();
                    Scope scope = admins.isAdmin(workspace, approve.decidedBy())
                            ? Scope.workspace(workspace)
                            : Scope.person(workspace, approve.decidedBy());
                    preferences.allowAlways(scope, waiting.request.tool());
                    allowed = Optional.of(scope);
                }
                yield end(requestId, ApprovalOutcome.APPROVED, approve.decidedBy(), allowed);
            }
            case ApprovalDecision.Cancel cancel ->
                end(requestId, ApprovalOutcome.CANCELLED, cancel.decidedBy(), Optional.empty());
        };
    }

    /** Expires every request whose time is up by the clock; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (Pending waiting : List.copyOf(pending.values())) {
            if (!now.isBefore(waiting.request.expiresAt())
                    && end(waiting.request.id(), ApprovalOutcome.EXPIRED, "", Optional.empty())) {
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
                port.closed(record, Optional.empty());
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
    private boolean end(String requestId, ApprovalOutcome outcome, String decidedBy, Optional<Scope> allowed) {
        Pending waiting = pending.remove(requestId);
        if (waiting == null) {
            return false;
        }
        ApprovalRecord record = new ApprovalRecord(waiting.request, outcome, decidedBy, clock.instant());
        try {
            audit.record(record);
        } finally {
            // A failing audit (a database down) must not leave the run waiting forever: it still gets its outcome,
            // and whoever ended the request sees the audit's failure.
            try {
                port.closed(record, allowed);
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
        private WorkspaceAdmins admins = WorkspaceAdmins.none();
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

        /**
         * Who may allow a tool for a whole workspace; anyone else's "always allow" holds for their own calls only.
         * Default {@link WorkspaceAdmins#none()}.
         */
        public Builder admins(WorkspaceAdmins admins) {
            this.admins = Objects.requireNonNull(admins, "admins");
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
