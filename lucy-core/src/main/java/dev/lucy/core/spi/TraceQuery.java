package dev.lucy.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which run traces to list: always limited to a set of workspaces (a person sees only their own), optionally by
 * person, channel, outcome and time. Immutable; start with {@link #in(Set)} and narrow with the {@code with} methods.
 *
 * @param workspaces the workspaces whose runs may be listed; empty lists nothing
 * @param userId only runs this person asked for
 * @param channelId only runs in this channel
 * @param outcome only runs that ended this way
 * @param since only runs that started at or after this
 * @param until only runs that started before this
 * @param limit at most this many, newest first
 */
public record TraceQuery(
        Set<String> workspaces,
        Optional<String> userId,
        Optional<String> channelId,
        Optional<RunTrace.Outcome> outcome,
        Optional<Instant> since,
        Optional<Instant> until,
        int limit) {
    /** How many runs a query lists unless told otherwise. */
    public static final int DEFAULT_LIMIT = 50;

    public TraceQuery {
        workspaces = Set.copyOf(workspaces);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
    }

    /** The newest {@link #DEFAULT_LIMIT} runs of {@code workspaces}. */
    public static TraceQuery in(Set<String> workspaces) {
        return new TraceQuery(
                workspaces,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_LIMIT);
    }

    public TraceQuery withUser(String userId) {
        return new TraceQuery(workspaces, Optional.of(userId), channelId, outcome, since, until, limit);
    }

    public TraceQuery withChannel(String channelId) {
        return new TraceQuery(workspaces, userId, Optional.of(channelId), outcome, since, until, limit);
    }

    public TraceQuery withOutcome(RunTrace.Outcome outcome) {
        return new TraceQuery(workspaces, userId, channelId, Optional.of(outcome), since, until, limit);
    }

    public TraceQuery withSince(Instant since) {
        return new TraceQuery(workspaces, userId, channelId, outcome, Optional.of(since), until, limit);
    }

    public TraceQuery withUntil(Instant until) {
        return new TraceQuery(workspaces, userId, channelId, outcome, since, Optional.of(until), limit);
    }

    public TraceQuery withLimit(int limit) {
        return new TraceQuery(workspaces, userId, channelId, outcome, since, until, limit);
    }

    /** Whether {@code trace} is one this query lists (limit apart). */
    public boolean matches(RunTrace trace) {
        return workspaces.contains(trace.workspaceId())
                && userId.map(trace.userId()::equals).orElse(true)
                && channelId.map(trace.channelId()::equals).orElse(true)
                && outcome.map(o -> o == trace.outcome()).orElse(true)
                && since.map(s -> !trace.startedAt().isBefore(s)).orElse(true)
                && until.map(u -> trace.startedAt().isBefore(u)).orElse(true);
    }
}
