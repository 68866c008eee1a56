package dev.lucy.core.agent;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.spi.ContextContributor;
import dev.lucy.core.spi.ToolExecutor;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs one conversation turn to completion: system prompt, fenced context, history and the new message go to the
 * model; the tool calls it asks for run in parallel on virtual threads; and so on until a final answer.
 *
 * <p>The loop is hardened: a turn limit and a wall-clock budget, cancellation that interrupts in-flight calls,
 * loop detection on repeated identical calls, a per-tool call cap, context trimming that never separates a tool
 * call from its result, tool results for unknown tools and malformed arguments, refusal of duplicate
 * side-effecting calls, a never-empty answer, and a check on answers that claim completeness over partial data.
 *
 * <p>Immutable and thread safe: one agent serves any number of concurrent runs, and each run's state lives only
 * in that run. {@link #run} blocks; call it from a virtual thread.
 */
public final class Agent {
    // What every run works with; AgentRun reads them from here.
    final ChatModel model;
    final ToolExecutor tools;
    final List<ContextContributor> contributors;
    final String systemPrompt;
    final AgentConfig config;
    final InstantSource clock;

    private Agent(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model: an agent needs a ChatModel");
        this.tools = b.tools;
        this.contributors = List.copyOf(b.contributors);
        this.systemPrompt = b.systemPrompt;
        this.config = b.config;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers one message. Blocks until the run ends; never throws for an expected outcome (time-out,
     * cancellation, a failing model): {@link AgentResult#outcome()} says how it ended.
     */
    public AgentResult run(AgentRequest request) {
        Objects.requireNonNull(request, "request");
        return new AgentRun(this, request).run();
    }

    /** Answers one message with no history. */
    public AgentResult run(Caller caller, String message) {
        return run(AgentRequest.of(caller, message));
    }

    public AgentConfig config() {
        return config;
    }

    public static final class Builder {
        private ChatModel model;
        private ToolExecutor tools = ToolExecutor.none();
        private final List<ContextContributor> contributors = new ArrayList<>();
        private String systemPrompt = "";
        private AgentConfig config = AgentConfig.defaults();
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        /** The model to talk to; required. */
        public Builder model(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Chooses and runs tools; default {@link ToolExecutor#none()}. */
        public Builder tools(ToolExecutor tools) {
            this.tools = Objects.requireNonNull(tools, "tools");
            return this;
        }

        /** Adds context (memory, knowledge) to every run, placed in the prompt as fenced data; default none. */
        public Builder contextContributor(ContextContributor contributor) {
            this.contributors.add(Objects.requireNonNull(contributor, "contributor"));
            return this;
        }

        /** The instructions that open every prompt; default none. */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt");
            return this;
        }

        /** Limits and knobs; default {@link AgentConfig#defaults()}. */
        public Builder config(AgentConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The time source for the wall-clock budget and durations; default the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Agent build() {
            return new Agent(this);
        }
    }
}
