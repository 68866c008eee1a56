package dev.lucy.app;

import dev.lucy.core.spi.ConversationPort;
import dev.lucy.tools.Schedule;
import java.util.Objects;

/**
 * Where a schedule's run shows: the headline of each run is posted, and the run answers under it. {@link
 * #inPlace(ConversationPort)} is the default: the headline goes into the conversation the schedule was made in. On
 * Slack the app posts it as a new message in that channel or direct message instead, and the run answers in its
 * thread. Blocks (one post); a failure throws, and the run counts as failed.
 */
@FunctionalInterface
public interface ScheduleOutlet {
    /** Posts {@code headline} for a run of {@code schedule} and returns where the run answers. */
    Opened open(Schedule schedule, String headline);

    /**
     * Where a run answers.
     *
     * @param conversationId the conversation of the run
     * @param messageId the headline's message, which carries the working emoji while the run works
     */
    record Opened(String conversationId, String messageId) {
        public Opened {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /** Headlines and runs in the conversation each schedule was made in. */
    static ScheduleOutlet inPlace(ConversationPort port) {
        Objects.requireNonNull(port, "port");
        return (schedule, headline) ->
                new Opened(schedule.conversationId(), port.post(schedule.conversationId(), headline));
    }
}
