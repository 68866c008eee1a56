package dev.lucy.core.agent;

import dev.lucy.core.model.Message;
import dev.lucy.core.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * What one run produced.
 *
 * @param text the answer for the person; never blank when the outcome is {@link Outcome.Answered} or
 *     {@link Outcome.Partial}; for a time-out it holds what had been gathered, possibly nothing
 * @param outcome how the run ended
 * @param toolCalls every call the model asked for, in order, with what became of it
 * @param usage tokens used by all model calls of the run
 * @param turns model calls made
 * @param transcript the messages this run added after the history: the user message, tool calls and results,
 *     and the final answer; what an embedder stores to continue the conversation
 * @param stats counters for metrics
 */
public record AgentResult(
        String text,
        Outcome outcome,
        List<ToolCallRecord> toolCalls,
        Usage usage,
        int turns,
        List<Message> transcript,
        Stats stats) {

    public AgentResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(outcome, "outcome");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(usage, "usage");
        transcript = List.copyOf(transcript);
        Objects.requireNonNull(stats, "stats");
    }

    /**
     * Counters of one run, for metrics such as the tool-loop rate and the no-text fallback rate.
     *
     * @param unknownToolCalls calls naming no offered tool
     * @param invalidArgumentCalls calls whose arguments were not a JSON object
     * @param loopsDetected calls stopped as repetitions
     * @param duplicatesRefused side-effecting calls refused as duplicates
     * @param contextTrims model calls whose prompt had to be trimmed
     * @param answerNudges extra requests made because the model gave no answer
     * @param completenessChecks answers sent back because they claimed completeness over partial results
     * @param fallbackSummary whether the text is the loop's own summary because the model gave none
     */
    public record Stats(
            int unknownToolCalls,
            int invalidArgumentCalls,
            int loopsDetected,
            int duplicatesRefused,
            int contextTrims,
            int answerNudges,
            int completenessChecks,
            boolean fallbackSummary) {}
}
