package dev.lucy.core.agent;

import static dev.lucy.core.Check.atLeast;
import static dev.lucy.core.Check.notNegative;
import static dev.lucy.core.Check.positive;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits and knobs of an {@link Agent}. Immutable; start from {@link #defaults()} or {@link #builder()}.
 *
 * @param model the model to ask; empty means the {@code ChatModel}'s own default
 * @param maxTurns model calls that may ask for tools in one run; one more, without tools, forces the answer
 * @param wallClockBudget how long one run may take in all, model and tool calls included
 * @param loopThreshold how often the exact same call (name and arguments) may run before the loop steps in
 * @param maxCallsPerTool how often one tool may run in one run
 * @param duplicateWindow how long, within one run, an identical side-effecting call is refused after it ran
 * @param contextBudgetTokens the estimated size the prompt must fit, tools' results included
 * @param contextContributionTokens the share of that budget offered to context contributors
 * @param toolResultMaxTokens the size a single tool result is cut to (head and tail kept)
 * @param keepLatestMessages the most recent messages kept when older ones must go
 */
public record AgentConfig(
        Optional<String> model,
        int maxTurns,
        Duration wallClockBudget,
        int loopThreshold,
        int maxCallsPerTool,
        Duration duplicateWindow,
        int contextBudgetTokens,
        int contextContributionTokens,
        int toolResultMaxTokens,
        int keepLatestMessages) {

    public static final int DEFAULT_MAX_TURNS = 12;
    public static final Duration DEFAULT_WALL_CLOCK_BUDGET = Duration.ofMinutes(3);
    public static final int DEFAULT_LOOP_THRESHOLD = 2;
    public static final int DEFAULT_MAX_CALLS_PER_TOOL = 8;
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);
    public static final int DEFAULT_CONTEXT_BUDGET_TOKENS = 48_000;
    public static final int DEFAULT_CONTEXT_CONTRIBUTION_TOKENS = 4_000;
    public static final int DEFAULT_TOOL_RESULT_MAX_TOKENS = 4_000;
    public static final int DEFAULT_KEEP_LATEST_MESSAGES = 6;

    public AgentConfig {
        Objects.requireNonNull(model, "model");
        atLeast(maxTurns, 1, "maxTurns");
        positive(wallClockBudget, "wallClockBudget");
        atLeast(loopThreshold, 1, "loopThreshold");
        atLeast(maxCallsPerTool, 1, "maxCallsPerTool");
        notNegative(duplicateWindow, "duplicateWindow");
        atLeast(contextBudgetTokens, 1, "contextBudgetTokens");
        if (contextContributionTokens < 0 || contextContributionTokens >= contextBudgetTokens) {
            throw new IllegalArgumentException("contextContributionTokens must be between 0 and contextBudgetTokens: "
                    + contextContributionTokens);
        }
        atLeast(toolResultMaxTokens, 16, "toolResultMaxTokens");
        atLeast(keepLatestMessages, 1, "keepLatestMessages");
    }

    public static AgentConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.maxTurns = maxTurns;
        b.wallClockBudget = wallClockBudget;
        b.loopThreshold = loopThreshold;
        b.maxCallsPerTool = maxCallsPerTool;
        b.duplicateWindow = duplicateWindow;
        b.contextBudgetTokens = contextBudgetTokens;
        b.contextContributionTokens = contextContributionTokens;
        b.toolResultMaxTokens = toolResultMaxTokens;
        b.keepLatestMessages = keepLatestMessages;
        return b;
    }

    public static final class Builder {
        private Optional<String> model = Optional.empty();
        private int maxTurns = DEFAULT_MAX_TURNS;
        private Duration wallClockBudget = DEFAULT_WALL_CLOCK_BUDGET;
        private int loopThreshold = DEFAULT_LOOP_THRESHOLD;
        private int maxCallsPerTool = DEFAULT_MAX_CALLS_PER_TOOL;
        private Duration duplicateWindow = DEFAULT_DUPLICATE_WINDOW;
        private int contextBudgetTokens = DEFAULT_CONTEXT_BUDGET_TOKENS;
        private int contextContributionTokens = DEFAULT_CONTEXT_CONTRIBUTION_TOKENS;
        private int toolResultMaxTokens = DEFAULT_TOOL_RESULT_MAX_TOKENS;
        private int keepLatestMessages = DEFAULT_KEEP_LATEST_MESSAGES;

        private Builder() {}

        public Builder model(String model) {
            this.model = Optional.of(Objects.requireNonNull(model, "model"));
            return this;
        }

        public Builder maxTurns(int maxTurns) {
            this.maxTurns = maxTurns;
            return this;
        }

        public Builder wallClockBudget(Duration wallClockBudget) {
            this.wallClockBudget = wallClockBudget;
            return this;
        }

        public Builder loopThreshold(int loopThreshold) {
            this.loopThreshold = loopThreshold;
            return this;
        }

        public Builder maxCallsPerTool(int maxCallsPerTool) {
            this.maxCallsPerTool = maxCallsPerTool;
            return this;
        }

        public Builder duplicateWindow(Duration duplicateWindow) {
            this.duplicateWindow = duplicateWindow;
            return this;
        }

        public Builder contextBudgetTokens(int contextBudgetTokens) {
            this.contextBudgetTokens = contextBudgetTokens;
            return this;
        }

        public Builder contextContributionTokens(int contextContributionTokens) {
            this.contextContributionTokens = contextContributionTokens;
            return this;
        }

        public Builder toolResultMaxTokens(int toolResultMaxTokens) {
            this.toolResultMaxTokens = toolResultMaxTokens;
            return this;
        }

        public Builder keepLatestMessages(int keepLatestMessages) {
            this.keepLatestMessages = keepLatestMessages;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(
                    model,
                    maxTurns,
                    wallClockBudget,
                    loopThreshold,
                    maxCallsPerTool,
                    duplicateWindow,
                    contextBudgetTokens,
                    contextContributionTokens,
                    toolResultMaxTokens,
                    keepLatestMessages);
        }
    }
}
