package dev.lucy.tools;

import java.time.Instant;
import java.util.Objects;

/**
 * What the {@link Scheduler} hands a due schedule to: lucy-app starts a background agent run as the creator and posts
 * in the schedule's conversation. Called on a virtual thread, once per claimed time; may block briefly (posting) but
 * should not wait for the run: the run's end is reported with {@link Scheduler#finished}.
 */
public interface ScheduleRunner {
    /** Starts the run of one claimed time. */
    Started fire(Firing firing);

    /**
     * Called once for each time of a schedule shortly before it is due (up to {@link Scheduler#PREPARE_AHEAD}), on a
     * virtual thread of its own, so that what {@link #fire} will ask for (whether the creator and the channel are
     * still in reach, say) can be looked up and kept ahead of the time instead of after it. The default does
     * nothing.
     */
    default void prepare(Schedule schedule) {}

    /** Tells the schedule's conversation something about it (paused after failures, paused as its creator left). */
    void tell(Schedule schedule, String text);

    /**
     * Tells the schedule's creator, in a direct message, something about it (paused as they or Lucy lost access to
     * its channel, where telling the channel is no use). The default tells the conversation.
     */
    default void tellCreator(Schedule schedule, String text) {
        tell(schedule, text);
    }

    /**
     * One claimed time of a schedule.
     *
     * @param schedule the schedule as it was when claimed
     * @param due the time that fired
     * @param late true when Lucy was down at that time and runs it now
     * @param skipped older missed times skipped by the policy
     */
    record Firing(Schedule schedule, Instant due, boolean late, int skipped) {
        public Firing {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(due, "due");
        }

        /** The id of this time, the same on every replica: {@code schedule:ID:EPOCH_MILLIS}. */
        public String occurrenceId() {
            return "schedule:" + schedule.id() + ":" + due.toEpochMilli();
        }
    }

    /** Whether the run started. */
    sealed interface Started {
        /** The run is on its way. */
        record Yes() implements Started {}

        /** It ran to its end already, without an agent run (a routine): a success. */
        record Done() implements Started {}

        /** It cannot run as its creator any more (they left the workspace): pause it, telling its conversation. */
        record NoAccess(String why) implements Started {
            public NoAccess {
                Objects.requireNonNull(why, "why");
            }
        }

        /**
         * Its channel is out of reach (its creator is no longer a member, the channel was archived, Lucy was removed
         * from it): pause it, telling its creator in a direct message.
         */
        record ChannelLost(String why) implements Started {
            public ChannelLost {
                Objects.requireNonNull(why, "why");
            }
        }
    }
}
