package dev.lucy.core.spi;

import dev.lucy.core.Caller;
import java.util.List;
import java.util.Objects;

/**
 * Adds context to a run's prompt: remembered facts, team knowledge, anything recalled for this message.
 *
 * <p>Blocks; called once per run before the first model call, possibly from many threads at once. What it
 * returns is placed in the prompt as fenced data, never as instructions. An implementation that fails should
 * return nothing rather than throw: a missing memory must not stop an answer.
 */
@FunctionalInterface
public interface ContextContributor {

    /** Context for this message within {@code tokenBudget} estimated tokens, most important first. */
    List<ContextBlock> contribute(Caller caller, String message, int tokenBudget);

    /** Contributes nothing. */
    static ContextContributor none() {
        return (caller, message, tokenBudget) -> List.of();
    }

    /**
     * A titled block of context.
     *
     * @param title what the block is, for example {@code Team knowledge}
     * @param content the data itself
     */
    record ContextBlock(String title, String content) {
        public ContextBlock {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(content, "content");
        }
    }
}
