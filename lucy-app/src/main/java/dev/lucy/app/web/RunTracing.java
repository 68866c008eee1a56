package dev.lucy.app.web;

import dev.lucy.core.agent.AgentObserver;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.spi.ConversationPort;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Follows each agent run to record its trace: the run handler calls {@link #begin} when a run starts, feeds the run's
 * agent events to the {@link Run} it got, writes to the conversation through {@link Run#watch}, and calls
 * {@link Run#end} when it is over. Must never slow or break a run: implementations return at once and never throw. The default,
 * {@link #off()}, records nothing. Thread safe.
 */
public interface RunTracing {

    /** A run starts now. */
    Run begin(RunRequest request);

    /**
     * The run about to start on this thread waited {@code wait} in the queue; the runtime says so just before the run
     * begins, on the same thread. Default: ignored.
     */
    default void queueWait(Duration wait) {}

    /** Wraps the model endpoint (below retries and fallbacks) so each request is recorded in its run. Default: as is. */
    default UnaryOperator<ChatModel> modelWrapper() {
        return UnaryOperator.identity();
    }

    /**
     * {@code audit}, with each approval asked and how it ended (granted or denied, by whom) also recorded in the trace
     * of the run that asked. Default: {@code audit} as is.
     */
    default dev.lucy.tools.spi.ApprovalAudit approvals(dev.lucy.tools.spi.ApprovalAudit audit) {
        return audit;
    }

    /** Records nothing. */
    static RunTracing off() {
        return request -> Run.NONE;
    }

    /** One run being traced. Called from the run's threads; thread safe. */
    interface Run extends AgentObserver {
        /** A run that records nothing. */
        Run NONE = new Run() {
            @Override
            public void on(dev.lucy.core.agent.AgentEvent event) {}

            @Override
            public ConversationPort watch(ConversationPort port) {
                return port;
            }

            @Override
            public void end() {}
        };

        /** {@code port}, with the messages the run posts, edits and deletes through it recorded. */
        ConversationPort watch(ConversationPort port);

        /** The run ended: as its agent's last event said, or failed when there was none. Later calls do nothing. */
        void end();
    }
}
