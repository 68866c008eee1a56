package dev.lucy.memory.spi;

import dev.lucy.core.model.ChatModel;
import dev.lucy.memory.ModelThreadSummarizer;
import dev.lucy.memory.ThreadMessage;
import java.util.List;
import java.util.Optional;

/**
 * Folds a conversation's older messages into its running summary, so that history that no longer fits is
 * summarised, never dropped unsaid. The default, {@link #omissionNote()}, only says how many earlier messages are
 * left out; {@link #model(ChatModel)} asks a (fast) chat model.
 *
 * <p>Implementations are thread safe and block. A failure is a {@link dev.lucy.core.LucyException} (the model
 * could not be reached); thread memory then says what it left out instead.
 */
@FunctionalInterface
public interface ThreadSummarizer {

    /**
     * The summary of everything {@code previous} covered followed by {@code older} (oldest first), in a few
     * sentences.
     */
    String summarize(Optional<String> previous, List<ThreadMessage> older);

    /** No model: the summary only says how many earlier messages are not shown. */
    static ThreadSummarizer omissionNote() {
        return (previous, older) -> {
            int before = previous.map(ThreadSummarizer::omitted).orElse(0);
            return (before + older.size()) + " earlier messages of this thread are not shown.";
        };
    }

    /** Asks {@code model} (the fast tier is enough) to fold the older messages into the summary. */
    static ThreadSummarizer model(ChatModel model) {
        return ModelThreadSummarizer.using(model);
    }

    private static int omitted(String note) {
        int space = note.indexOf(' ');
        try {
            return space > 0 ? Integer.parseInt(note.substring(0, space)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
