package dev.lucy.core.spi;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the traced runs of one workspace used on one day (UTC): how many runs and their tokens. Immutable.
 *
 * @param day the day the runs started, in UTC
 * @param workspaceId the workspace
 * @param runs how many runs started that day
 * @param promptTokens tokens of their prompts
 * @param completionTokens tokens of their answers
 */
public record DailyUsage(LocalDate day, String workspaceId, long runs, long promptTokens, long completionTokens) {
    public DailyUsage {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }

    public long tokens() {
        return promptTokens + completionTokens;
    }
}
