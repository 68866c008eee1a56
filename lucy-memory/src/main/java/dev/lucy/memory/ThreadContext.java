package dev.lucy.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation as a model is given it: the running summary of the messages that no longer fit, if any, then the
 * newest messages in full, oldest first.
 */
public record ThreadContext(Optional<String> summary, List<ThreadMessage> recent) {
    public ThreadContext {
        Objects.requireNonNull(summary, "summary");
        recent = List.copyOf(recent);
    }
}
