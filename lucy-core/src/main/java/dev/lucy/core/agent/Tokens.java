package dev.lucy.core.agent;

import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import java.util.List;

/**
 * Estimates prompt sizes without a tokenizer: about four characters per token plus a small overhead per
 * message, which errs on the large side for English and code.
 */
final class Tokens {
    static final int PER_MESSAGE = 4;

    private Tokens() {}

    static int of(String text) {
        return (text.length() + 3) / 4;
    }

    static int of(Message message) {
        int tokens = PER_MESSAGE + of(message.content());
        if (message instanceof Message.Assistant assistant) {
            for (ToolCall call : assistant.toolCalls()) {
                tokens += PER_MESSAGE + of(call.name()) + of(call.arguments()) + of(call.id());
            }
        }
        return tokens;
    }

    static int of(List<Message> messages) {
        int total = 0;
        for (Message message : messages) {
            total += of(message);
        }
        return total;
    }

    /** Cuts {@code text} to about {@code maxTokens}, keeping its head and tail around a marker. */
    static String headAndTail(String text, int maxTokens) {
        int maxChars = maxTokens * 4;
        if (text.length() <= maxChars) {
            return text;
        }
        int marker = 80;
        int keep = Math.max(0, maxChars - marker);
        int head = keep * 2 / 3;
        int tail = keep - head;
        int cut = text.length() - head - tail;
        return text.substring(0, head)
                + "\n[... " + cut + " characters cut from the middle of this result ...]\n"
                + text.substring(text.length() - tail);
    }
}
