package dev.lucy.app.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A thread's messages from Slack's {@code conversations.replies}, oldest first, page by page: Slack pages a thread
 * from its start, so a reader of the newest messages or a search for one reads them all (up to {@value #MAX_PAGES}
 * pages of {@value #PAGE_SIZE}). Rate limits are waited out by {@link SlackCalls}; a thread Slack does not know has
 * no messages.
 */
record ThreadReplies(MethodsClient methods, SlackCalls calls) {
    static final int PAGE_SIZE = 200;
    static final int MAX_PAGES = 50;

    /** Hands every message of the thread to {@code each}. */
    void forEach(SlackConversation conversation, Consumer<Message> each) {
        anyMatch(conversation, false, message -> {
            each.accept(message);
            return false;
        });
    }

    /**
     * Whether a message of the thread matches, reading until one does; with {@code withMetadata}, messages carry the
     * app's message metadata.
     */
    boolean anyMatch(SlackConversation conversation, boolean withMetadata, Predicate<Message> match) {
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String pageCursor = cursor;
            ConversationsRepliesResponse response = calls.run(
                    conversation.channel(),
                    "conversations.replies",
                    Set.of("thread_not_found"),
                    () -> methods.conversationsReplies(r -> r.channel(conversation.channel())
                            .ts(conversation.threadTs())
                            .includeAllMetadata(withMetadata)
                            .limit(PAGE_SIZE)
                            .cursor(pageCursor)));
            if (!response.isOk() || response.getMessages() == null) {
                return false; // thread_not_found: nothing said yet
            }
            for (Message message : response.getMessages()) {
                if (match.test(message)) {
                    return true;
                }
            }
            cursor = response.getResponseMetadata() == null
                    ? null
                    : response.getResponseMetadata().getNextCursor();
            if (!response.isHasMore() || cursor == null || cursor.isBlank()) {
                return false;
            }
        }
        return false;
    }
}
