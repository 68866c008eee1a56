package dev.lucy.app;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelTier;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.core.runtime.TriageRule;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.tools.Routines;
import dev.lucy.tools.Schedule;
import dev.lucy.tools.ScheduleNotices;
import dev.lucy.tools.ScheduleRunner;
import dev.lucy.tools.ScheduleTiming;
import dev.lucy.tools.Scheduler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schedule's time, run: its headline is posted (saying when it is late), then its instruction goes to the runtime
 * as a message from its creator in the headline's thread, so it runs like one of theirs (their tools, approvals in
 * that thread, the durable inbox that a replica taking over resumes). The event id is the time's own
 * ({@code schedule:ID:EPOCH_MILLIS}), so a time started twice runs once. How the run ends comes back through
 * {@link #ended}.
 */
final class ScheduledRuns implements ScheduleRunner {
    static final String EVENT_PREFIX = "schedule:";
    static final String WORKING_EMOJI = "alarm_clock";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final Supplier<LucyRuntime> runtime;
    private final ConversationPort port;
    private final ScheduleOutlet outlet;
    private final CreatorAccess access;
    private final Optional<Routines> routines;
    private final Clock clock;
    private final BiPredicate<String, String> quiet;

    /**
     * Runs due schedules through {@code runtime}; {@code quiet} says whether a workspace's conversation is in its quiet
     * hours now: a repeating schedule or a routine due then is skipped (logged) and runs again at its next time; a
     * one-off schedule still runs.
     */
    ScheduledRuns(
            Supplier<LucyRuntime> runtime,
            ConversationPort port,
            ScheduleOutlet outlet,
            CreatorAccess access,
            Optional<Routines> routines,
            Clock clock,
            BiPredicate<String, String> quiet) {
        this.quiet = quiet;
        this.runtime = runtime;
        this.port = port;
        this.outlet = outlet;
        this.access = access;
        this.routines = routines;
        this.clock = clock;
    }

    /** Looks up, ahead of the time, whether the creator and the channel are still in reach (both are kept a while). */
    @Override
    public void prepare(Schedule schedule) {
        if (Routines.isRoutine(schedule)) {
            return;
        }
        if (access.lost(schedule.workspaceId(), schedule.creatorId()).isEmpty()) {
            access.lostChannel(schedule.workspaceId(), schedule.creatorId(), schedule.conversationId());
        }
    }

    @Override
    public Started fire(Firing firing) {
        Schedule schedule = firing.schedule();
        // A one-off reminder someone asked for at a given moment still goes out: they chose that moment.
        if (!(schedule.timing() instanceof ScheduleTiming.Once)
                && quiet.test(schedule.workspaceId(), schedule.conversationId())) {
            LOG.info(
                    "schedule {} in {} skipped at {}: its channel's quiet hours",
                    schedule.id(),
                    schedule.conversationId(),
                    firing.due());
            return new Started.Done();
        }
        if (Routines.isRoutine(schedule)) {
            // A routine posts by itself, without an agent run; one without the built-in tools has nothing to do.
            routines.ifPresent(r -> r.run(schedule, firing.due()));
            return new Started.Done();
        }
        Optional<String> gone = access.lost(schedule.workspaceId(), schedule.creatorId());
        if (gone.isPresent()) {
            return new Started.NoAccess(gone.get());
        }
        Optional<String> lost =
                access.lostChannel(schedule.workspaceId(), schedule.creatorId(), schedule.conversationId());
        if (lost.isPresent()) {
            return new Started.ChannelLost(lost.get());
        }
        ScheduleOutlet.Opened opened = outlet.open(schedule, ScheduleNotices.runHeader(firing));
        InboundEvent event = new InboundEvent(
                firing.occurrenceId(),
                new Caller(schedule.workspaceId(), schedule.creatorId(), opened.conversationId()),
                opened.messageId(),
                schedule.instruction(),
                clock.instant());
        Admission admission = runtime.get().submit(event);
        return switch (admission) {
            case Admission.Accepted a -> new Started.Yes();
            case Admission.Queued q -> new Started.Yes();
            case Admission.Duplicate d -> new Started.Yes(); // another process started this time already
            case Admission.Stale s -> throw new IllegalStateException("a schedule's own event was stale: " + s);
            case Admission.RejectedBusy busy -> throw new IllegalStateException("Lucy was too busy to run it");
            case Admission.Throttled throttled ->
                throw new IllegalStateException("its creator's request limit was reached");
            case Admission.ShuttingDown down -> new Started.Yes(); // the inbox keeps it for the next start
        };
    }

    @Override
    public void tell(Schedule schedule, String text) {
        if (schedule.conversationId().indexOf(':') < 0) {
            outlet.open(schedule, text); // a channel named at creation, not a thread: a message of its own there
        } else {
            port.post(schedule.conversationId(), text);
        }
    }

    /** A direct message to the creator: posted to their user id, which opens Lucy's conversation with them. */
    @Override
    public void tellCreator(Schedule schedule, String text) {
        outlet.open(schedule.withConversation(schedule.creatorId()), text);
    }

    /** Hands how a run ended to the scheduler, when the run was a schedule's. */
    static void ended(Scheduler scheduler, InboundEvent event, boolean succeeded) {
        scheduleId(event.eventId()).ifPresent(id -> scheduler.finished(id, succeeded));
    }

    /** The schedule of an event id made by {@link Firing#occurrenceId()}. */
    static Optional<String> scheduleId(String eventId) {
        if (!eventId.startsWith(EVENT_PREFIX)) {
            return Optional.empty();
        }
        int end = eventId.lastIndexOf(':');
        return end <= EVENT_PREFIX.length()
                ? Optional.empty()
                : Optional.of(eventId.substring(EVENT_PREFIX.length(), end));
    }

    /** Triage of a schedule's event: always an agent run, at background priority, whatever its words. */
    static TriageRule triageRule() {
        return (event, view) -> event.eventId().startsWith(EVENT_PREFIX)
                ? Optional.of(new TriageDecision.AgentRun(Priority.BACKGROUND, ModelTier.DEFAULT, WORKING_EMOJI, false))
                : Optional.empty();
    }
}
