package dev.lucy.tools;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule a person made: at each time of its {@link ScheduleTiming}, Lucy runs {@link #instruction()} as the
 * creator, with their permissions and tools, and posts in the stored conversation.
 *
 * @param id the schedule's id, unique across workspaces
 * @param workspaceId the workspace it belongs to
 * @param creatorId the person who made it; its runs act as them
 * @param conversationId where its runs post (the channel or direct message it was made in)
 * @param instruction what Lucy is asked to do at each time, as the creator wrote it
 * @param timing when it fires
 * @param state whether it fires
 * @param missedRuns what happens to the times it missed while Lucy was down
 * @param failures runs that failed in a row (a success sets it back to 0)
 * @param nextRunAt the next time it fires; empty once a one-off schedule ran
 * @param createdAt when it was made
 * @param version grows with every change; a store changes a schedule only from the version it was read at
 */
public record Schedule(
        String id,
        String workspaceId,
        String creatorId,
        String conversationId,
        String instruction,
        ScheduleTiming timing,
        State state,
        MissedRuns missedRuns,
        int failures,
        Optional<Instant> nextRunAt,
        Instant createdAt,
        long version) {

    /** Whether a schedule fires. */
    public enum State {
        /** It fires at its next time. */
        ACTIVE,
        /** Paused by a person, or by Lucy after repeated failures or when its creator lost access; resumable. */
        PAUSED,
        /** A one-off schedule that ran. */
        DONE
    }

    /** What happens to the times a schedule missed while no Lucy was running. */
    public enum MissedRuns {
        /** The latest missed time runs once, late, saying so; older ones are skipped. The default. */
        RUN_LATEST,
        /** Missed times are skipped; the schedule waits for its next time. */
        SKIP
    }

    public Schedule {
        requireText(id, "id");
        requireText(workspaceId, "workspaceId");
        requireText(creatorId, "creatorId");
        requireText(conversationId, "conversationId");
        requireText(instruction, "instruction");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(missedRuns, "missedRuns");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(createdAt, "createdAt");
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative: " + failures);
        }
    }

    /** A new, active schedule whose first time is the first of {@code timing} after {@code now}. */
    public static Schedule create(
            String id,
            String workspaceId,
            String creatorId,
            String conversationId,
            String instruction,
            ScheduleTiming timing,
            MissedRuns missedRuns,
            Instant now) {
        Optional<Instant> next = timing.nextAfter(now);
        return new Schedule(
                id,
                workspaceId,
                creatorId,
                conversationId,
                instruction,
                timing,
                next.isPresent() ? State.ACTIVE : State.DONE,
                missedRuns,
                0,
                next,
                now,
                0);
    }

    /** This schedule in another state. */
    public Schedule withState(State next) {
        return with(
                conversationId, instruction, timing, next, missedRuns, next == State.ACTIVE ? 0 : failures, nextRunAt);
    }

    /** This schedule with another next time; none makes it {@link State#DONE}. */
    public Schedule withNextRun(Optional<Instant> next) {
        return with(
                conversationId, instruction, timing, next.isEmpty() ? State.DONE : state, missedRuns, failures, next);
    }

    /** This schedule with another instruction, timing or policy (next time computed from {@code now}). */
    public Schedule withPlan(String newInstruction, ScheduleTiming newTiming, MissedRuns policy, Instant now) {
        Optional<Instant> next = newTiming.nextAfter(now);
        State newState = next.isEmpty() ? State.DONE : (state == State.DONE ? State.ACTIVE : state);
        return with(conversationId, newInstruction, newTiming, newState, policy, failures, next);
    }

    /** This schedule posting in another conversation. */
    public Schedule withConversation(String conversation) {
        return with(conversation, instruction, timing, state, missedRuns, failures, nextRunAt);
    }

    /** This schedule with {@code count} failures in a row. */
    public Schedule withFailures(int count) {
        return with(conversationId, instruction, timing, state, missedRuns, count, nextRunAt);
    }

    /** This schedule with what may change about it replaced: who made it, when, and its version stay. */
    private Schedule with(
            String conversation,
            String newInstruction,
            ScheduleTiming newTiming,
            State newState,
            MissedRuns policy,
            int failureCount,
            Optional<Instant> next) {
        return new Schedule(
                id,
                workspaceId,
                creatorId,
                conversation,
                newInstruction,
                newTiming,
                newState,
                policy,
                failureCount,
                next,
                createdAt,
                version);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
