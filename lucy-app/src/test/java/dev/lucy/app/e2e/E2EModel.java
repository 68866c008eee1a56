package dev.lucy.app.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.Turn;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model the end-to-end tests talk to by default. It answers from what Lucy sends, as a real model would: a
 * request to remember is acknowledged, a question about a fact is answered from the facts Lucy put in the prompt
 * (and says it does not know when they are missing), and anything else is answered by naming the question, so a
 * test sees which question an answer belongs to. Stateless, so thread safe.
 */
final class E2EModel implements Script {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TARGET = Pattern.compile("(?i)Q1 target is (\\$?[0-9][0-9.,]*[KkMm]?)");
    private static final Pattern STACK = Pattern.compile("(?i)company uses ([A-Za-z]+ and [A-Za-z]+)");

    @Override
    public Turn next(ModelRequest request) {
        String asked = request.lastUserText().orElse("");
        String lower = asked.toLowerCase(Locale.ROOT);
        if (lower.startsWith("remember")) {
            return Reply.text("Noted, I'll keep that in mind for the team.");
        }
        if (lower.contains("target")) {
            return Reply.text(find(request, TARGET)
                    .map(target -> "Our Q1 target is **" + target + "**, as the team told me.")
                    .orElse("I don't know our target yet."));
        }
        if (lower.contains("what does our company use")) {
            return Reply.text(find(request, STACK)
                    .map(stack -> "The company uses " + stack + ".")
                    .orElse("I don't know what the company uses yet."));
        }
        return Reply.text(answerTo(asked));
    }

    /**
     * The answer to any other question: it names the question, and ends as a statement (an answer ending in a
     * question would make Lucy wait for a reply in that thread).
     */
    static String answerTo(String question) {
        return "You asked: " + question + " Here is what I know.";
    }

    /**
     * A schedule for {@code instruction} on weekdays at nine: the {@code create_schedule} call first, then, once its
     * result is back, "Done." with the summary Lucy's tool gave.
     */
    static Turn scheduleOnWeekdays(ModelRequest request, String instruction) {
        if (request.toolResults().isEmpty()) {
            return Reply.toolCall(
                    "create_schedule", "{\"instruction\":\"" + instruction + "\",\"cron\":\"0 9 * * MON-FRI\"}");
        }
        try {
            return Reply.text("Done. "
                    + JSON.readTree(request.toolResults().getFirst().content())
                            .path("summary")
                            .asText());
        } catch (IOException e) {
            return Reply.text("Could not read the tool result: " + e.getMessage());
        }
    }

    /** The first match of {@code fact} anywhere in what Lucy sent (system prompt, recalled facts, history). */
    static Optional<String> find(ModelRequest request, Pattern fact) {
        for (Message message : request.messages()) {
            Matcher matcher = fact.matcher(message.content() == null ? "" : message.content());
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }
}
