package dev.lucy.testkit.model;

import dev.lucy.core.model.ToolCall;
import dev.lucy.core.model.Usage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A successful answer: assistant text, tool calls, or both, with the {@code finish_reason} the server reports.
 * Immutable; the {@code with...} methods return changed copies.
 *
 * <p>Streamed, the content is sent a word at a time, like tokens (a word and the space after it, cut at
 * {@link #chunkSize()} characters when longer), and each tool call's arguments in fragments of that size, with {@link #chunkDelay()} between
 * two events.
 *
 * @param content the assistant text; empty for none
 * @param toolCalls the tool calls, in order; empty for none
 * @param finishReason the wire value: {@code stop}, {@code tool_calls}, {@code length}, {@code content_filter}, ...
 * @param latency a wait before answering that overrides the model's and the server's latency, when set
 * @param chunkDelay the pause between two streamed events
 * @param chunkSize the longest streamed piece of text, in characters
 * @param usage the token counts to report instead of the server's rough estimate, when set
 */
public record Reply(
        String content,
        List<ToolCall> toolCalls,
        String finishReason,
        Optional<Latency> latency,
        Duration chunkDelay,
        int chunkSize,
        Optional<Usage> usage)
        implements Turn {

    /** The default size of a streamed piece of text. */
    public static final int DEFAULT_CHUNK_SIZE = 12;

    /** Arguments that are not valid JSON: the object is never closed. */
    public static final String MALFORMED_ARGUMENTS = "{\"query\": \"unterminated";

    public Reply {
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        Objects.requireNonNull(usage, "usage");
        if (finishReason.isBlank()) {
            throw new IllegalArgumentException("finishReason cannot be blank");
        }
        if (chunkDelay.isNegative()) {
            throw new IllegalArgumentException("chunkDelay cannot be negative: " + chunkDelay);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
        }
    }

    /** Answers with text and {@code finish_reason: stop}. */
    public static Reply text(String content) {
        return new Reply(
                content, List.of(), "stop", Optional.empty(), Duration.ZERO, DEFAULT_CHUNK_SIZE, Optional.empty());
    }

    /** Calls one tool, with a fresh call id, and {@code finish_reason: tool_calls}. */
    public static Reply toolCall(String name, String argumentsJson) {
        return toolCalls(new ToolCall(newCallId(), name, argumentsJson));
    }

    /** Calls several tools at once ({@code parallel tool calls}), in the given order. */
    public static Reply toolCalls(ToolCall... calls) {
        return toolCalls(Arrays.asList(calls));
    }

    /** Calls several tools at once ({@code parallel tool calls}), in the given order. */
    public static Reply toolCalls(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("toolCalls: a tool-call reply needs at least one call");
        }
        return new Reply(
                "", calls, "tool_calls", Optional.empty(), Duration.ZERO, DEFAULT_CHUNK_SIZE, Optional.empty());
    }

    /** Calls {@code name} with arguments that are not valid JSON ({@link #MALFORMED_ARGUMENTS}). */
    public static Reply malformedToolCall(String name) {
        return toolCall(name, MALFORMED_ARGUMENTS);
    }

    /** Empty content with {@code finish_reason: length}: the model ran out of output tokens before saying anything. */
    public static Reply truncated() {
        return text("").withFinishReason("length");
    }

    /** A call id in the provider's shape ({@code call_} and 24 letters and digits), different every time. */
    public static String newCallId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    public Reply withContent(String newContent) {
        return new Reply(newContent, toolCalls, finishReason, latency, chunkDelay, chunkSize, usage);
    }

    public Reply withFinishReason(String newFinishReason) {
        return new Reply(content, toolCalls, newFinishReason, latency, chunkDelay, chunkSize, usage);
    }

    /** Waits this long before answering, whatever latency the model or the server has. */
    public Reply withLatency(Latency newLatency) {
        return new Reply(content, toolCalls, finishReason, Optional.of(newLatency), chunkDelay, chunkSize, usage);
    }

    /** Streams slowly: pauses {@code perChunk} between two events of the stream. */
    public Reply streamedSlowly(Duration perChunk) {
        return new Reply(content, toolCalls, finishReason, latency, perChunk, chunkSize, usage);
    }

    public Reply withChunkSize(int newChunkSize) {
        return new Reply(content, toolCalls, finishReason, latency, chunkDelay, newChunkSize, usage);
    }

    /** Reports these token counts instead of the server's estimate. */
    public Reply withUsage(Usage newUsage) {
        return new Reply(content, toolCalls, finishReason, latency, chunkDelay, chunkSize, Optional.of(newUsage));
    }
}
