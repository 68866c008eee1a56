package dev.lucy.core.model;

import dev.lucy.core.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat-completions request. Immutable; build with {@link #builder()}.
 *
 * @param model the model to ask; empty means the client's configured default
 * @param messages the conversation so far, oldest first; never empty
 * @param tools the tools the model may call; empty for none
 * @param toolChoice whether tools may, must or must not be called (ignored when there are no tools)
 * @param temperature sampling temperature, when set
 * @param maxTokens the cap on completion tokens, when set
 * @param parallelToolCalls whether the model may ask for several tool calls in one turn
 * @param timeLimit how long the caller can wait for the answer in all, from when the call starts, when it has a
 *     limit: a {@link ResilientChatModel} then starts no wait (backoff, {@code Retry-After}, rate budget) that would
 *     leave too little of it for the answer, and moves on to the next model instead. Never sent to the provider.
 */
public record ChatRequest(
        Optional<String> model,
        List<Message> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        OptionalDouble temperature,
        OptionalInt maxTokens,
        boolean parallelToolCalls,
        Optional<Duration> timeLimit) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(timeLimit, "timeLimit");
        timeLimit.ifPresent(limit -> Check.positive(limit, "timeLimit"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages: a request needs at least one message");
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens.getAsInt());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.messages = new ArrayList<>(messages);
        b.tools = new ArrayList<>(tools);
        b.toolChoice = toolChoice;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.parallelToolCalls = parallelToolCalls;
        b.timeLimit = timeLimit;
        return b;
    }

    /** The same request addressed to another model. */
    public ChatRequest withModel(String name) {
        return toBuilder().model(name).build();
    }

    public static final class Builder {
        private Optional<String> model = Optional.empty();
        private List<Message> messages = new ArrayList<>();
        private List<ToolSpec> tools = new ArrayList<>();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalInt maxTokens = OptionalInt.empty();
        private boolean parallelToolCalls = true;
        private Optional<Duration> timeLimit = Optional.empty();

        private Builder() {}

        public Builder model(String name) {
            this.model = Optional.of(name);
            return this;
        }

        public Builder messages(List<? extends Message> messages) {
            this.messages = new ArrayList<>(messages);
            return this;
        }

        public Builder addMessage(Message message) {
            this.messages.add(message);
            return this;
        }

        public Builder tools(List<ToolSpec> tools) {
            this.tools = new ArrayList<>(tools);
            return this;
        }

        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder temperature(double temperature) {
            this.temperature = OptionalDouble.of(temperature);
            return this;
        }

        public Builder maxTokens(int maxTokens) {
            this.maxTokens = OptionalInt.of(maxTokens);
            return this;
        }

        public Builder parallelToolCalls(boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** How long the caller can wait for the answer in all, retries and fallbacks included. Default: no limit. */
        public Builder timeLimit(Duration timeLimit) {
            this.timeLimit = Optional.of(Objects.requireNonNull(timeLimit, "timeLimit"));
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(
                    model, messages, tools, toolChoice, temperature, maxTokens, parallelToolCalls, timeLimit);
        }
    }
}
