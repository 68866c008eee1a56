package dev.lucy.core.agent;

import dev.lucy.core.model.Message;
import dev.lucy.core.model.Usage;
import dev.lucy.core.spi.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers what a run produces (the transcript an embedder stores, every tool call and what became of it, token
 * usage, counters for metrics) and assembles the {@link AgentResult}, including the loop's own summary of what the
 * tools returned when the model gave no answer. Used by the run's own thread only.
 */
final class ResultAssembler {
    private static final int SUMMARY_EXCERPT_CHARS = 400;

    private final List<Message> transcript = new ArrayList<>();
    private final List<ToolCallRecord> records = new ArrayList<>();
    private Usage usage = Usage.NONE;

    private int unknownToolCalls;
    private int invalidArgumentCalls;
    private int loopsDetected;
    private int duplicatesRefused;
    private int contextTrims;
    private int answerNudges;
    private int completenessChecks;

    /** A message this run adds to the conversation. */
    void said(Message message) {
        transcript.add(message);
    }

    void used(Usage more) {
        usage = usage.plus(more);
    }

    /** A tool call's final record, in the order the model asked for the calls. */
    void recorded(ToolCallRecord record) {
        records.add(record);
    }

    /** Counts a call answered without running, when it is refused (even if the run stops before it is recorded). */
    void refused(ToolCallRecord refusal) {
        switch (refusal.disposition()) {
            case UNKNOWN_TOOL -> unknownToolCalls++;
            case INVALID_ARGUMENTS -> invalidArgumentCalls++;
            case LOOP_DETECTED -> loopsDetected++;
            case DUPLICATE_REFUSED -> duplicatesRefused++;
            case EXECUTED, WITHDRAWN, CAP_REACHED -> {}
        }
    }

    void contextTrimmed() {
        contextTrims++;
    }

    void nudgedForAnswer() {
        answerNudges++;
    }

    void checkedCompleteness() {
        completenessChecks++;
    }

    /** A call without its result must never reach the transcript an embedder stores. */
    void dropUnansweredCalls() {
        int answered = 0;
        for (int i = transcript.size() - 1; i >= 0; i--) {
            Message message = transcript.get(i);
            if (message instanceof Message.Tool) {
                answered++;
            } else {
                if (message instanceof Message.Assistant assistant
                        && assistant.hasToolCalls()
                        && answered < assistant.toolCalls().size()) {
                    transcript.subList(i, transcript.size()).clear();
                }
                return;
            }
        }
    }

    /** The model's answer, already in the transcript. */
    AgentResult answered(String text, int turns) {
        return result(text, new Outcome.Answered(), turns, false);
    }

    /** The model gave no answer: the loop answers with what the tools found, or asks to try again. */
    AgentResult partial(String reason, int turns) {
        String text = summary()
                .orElse("I could not come up with an answer this time. Please try again, perhaps with more"
                        + " detail.");
        transcript.add(Message.assistant(text));
        return result(text, new Outcome.Partial(reason), turns, true);
    }

    /** The run stopped early; a time-out still hands over what the tools had found. */
    AgentResult stopped(Outcome outcome, int turns) {
        String text = outcome instanceof Outcome.TimedOut ? summary().orElse("") : "";
        return result(text, outcome, turns, false);
    }

    /** What the tools returned, for when the model gave no answer of its own. */
    private Optional<String> summary() {
        List<String> found = new ArrayList<>();
        for (ToolCallRecord record : records) {
            if (record.result() instanceof ToolResult.Success success
                    && !success.content().isBlank()) {
                String excerpt = success.content().strip();
                if (excerpt.length() > SUMMARY_EXCERPT_CHARS) {
                    excerpt = excerpt.substring(0, SUMMARY_EXCERPT_CHARS) + " ...";
                }
                found.add("- " + excerpt.replace("\n", " "));
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("I could not finish a full answer, so here is what I found (it may be" + " incomplete):\n"
                + String.join("\n", found));
    }

    private AgentResult result(String text, Outcome outcome, int turns, boolean fallbackSummary) {
        return new AgentResult(
                text,
                outcome,
                records,
                usage,
                turns,
                transcript,
                new AgentResult.Stats(
                        unknownToolCalls,
                        invalidArgumentCalls,
                        loopsDetected,
                        duplicatesRefused,
                        contextTrims,
                        answerNudges,
                        completenessChecks,
                        fallbackSummary));
    }
}
