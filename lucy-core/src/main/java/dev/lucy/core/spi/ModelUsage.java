package dev.lucy.core.spi;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the traced runs of one workspace used of one model on one day (UTC), for the cost of a day. Immutable.
 *
 * @param day the day the runs started, in UTC
 * @param workspaceId the workspace
 * @param model the model's name as it answered
 * @param requests how many requests were made to it
 * @param promptTokens tokens of their prompts (input)
 * @param completionTokens tokens of their answers (output)
 */
public record ModelUsage(
        LocalDate day, String workspaceId, String model, long requests, long promptTokens, long completionTokens) {
    public ModelUsage {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(model, "model");
    }

    public long tokens() {
        return promptTokens + completionTokens;
    }
}
