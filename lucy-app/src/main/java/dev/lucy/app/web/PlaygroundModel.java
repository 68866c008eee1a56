package dev.lucy.app.web;

import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.ChatRequest;
import dev.lucy.core.model.ChatResponse;
import dev.lucy.core.model.FinishReason;
import dev.lucy.core.model.Message;
import dev.lucy.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The playground's scripted model: answers in this process, without any model or key, so a person can try Lucy's
 * runtime, formatting and traces for free. It says what it was asked, how much of the conversation it was given (so a
 * follow-up shows the thread keeps its history), and draws a table when asked for one. Its tokens are counted as a
 * model's would be, roughly four characters a token, under its own name {@link #NAME}. Stateless, thread safe.
 */
final class PlaygroundModel implements ChatModel {
    /** The name the scripted model answers under, in traces and on the Operations page. */
    static final String NAME = "lucy/scripted-playground";

    @Override
    public ChatResponse chat(ChatRequest request) {
        List<Message> messages = request.messages();
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Message.User) {
                last = i;
                break;
            }
        }
        String asked = last < 0 ? "" : messages.get(last).content().strip();
        List<String> earlier = new ArrayList<>();
        int answers = 0;
        for (int i = 0; i < Math.max(last, 0); i++) {
            Message m = messages.get(i);
            if (m instanceof Message.User) {
                earlier.add(m.content().strip());
            } else if (m instanceof Message.Assistant a && !a.content().isBlank()) {
                answers++;
            }
        }
        StringBuilder text = new StringBuilder("This is the *scripted model*: no model was asked. You said: _")
                .append(oneLine(asked))
                .append("_\n\n");
        if (earlier.isEmpty()) {
            text.append("This is the first message of the conversation.");
        } else {
            text.append("Earlier in this conversation: ")
                    .append(earlier.size())
                    .append(earlier.size() == 1 ? " message" : " messages")
                    .append(" and ")
                    .append(answers)
                    .append(answers == 1 ? " answer" : " answers")
                    .append(". The first was: _")
                    .append(oneLine(earlier.get(0)))
                    .append("_");
        }
        if (asked.toLowerCase(Locale.ROOT).contains("table")) {
            text.append("\n\n| Setting | Value |\n|---|---|\n| Model | scripted |\n| Earlier messages | ")
                    .append(earlier.size())
                    .append(" |\n");
        }
        int prompt = messages.stream().mapToInt(m -> m.content().length()).sum() / 4 + 1;
        String answer = text.toString();
        return new ChatResponse(
                NAME, Message.assistant(answer), FinishReason.STOP, new Usage(prompt, answer.length() / 4 + 1));
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").replace("_", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
