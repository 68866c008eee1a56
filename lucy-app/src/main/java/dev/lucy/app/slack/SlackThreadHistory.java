package dev.lucy.app.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.Message;
import dev.lucy.core.Caller;
import dev.lucy.memory.ThreadMessage;
import dev.lucy.memory.spi.ThreadHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation's history from Slack's {@code conversations.replies}: the thread's newest {@code limit} messages
 * with text, oldest first; Lucy's own (posted by its bot user or bot id) marked {@code fromAssistant}.
 *
 * <p>Slack pages a thread from its start, so every page is read (up to {@value ThreadReplies#MAX_PAGES} pages of
 * {@value ThreadReplies#PAGE_SIZE}) keeping only the newest {@code limit}. Rate limits are waited out and retried; other
 * failures throw a {@link dev.lucy.core.LucyException}. A thread Slack does not know yet has no history. No
 * caching here: lucy-memory's {@code ThreadMemory} caches what this returns. Thread safe.
 */
public final class SlackThreadHistory implements ThreadHistory {
    private final MethodsClient methods;
    private final java.util.function.Function<String, String> botUserIn;
    private final Optional<String> botId;
    private final SlackCalls calls;

    /**
     * @param methods a bot token's client
     * @param botUserId Lucy's bot user id ({@code auth.test}'s {@code user_id})
     */
    public SlackThreadHistory(MethodsClient methods, String botUserId) {
        this(methods, botUserId, Optional.empty(), SlackCalls.defaults());
    }

    /** Also recognises messages carrying Lucy's {@code bot_id} ({@code auth.test}'s {@code bot_id}). */
    public SlackThreadHistory(MethodsClient methods, String botUserId, String botId) {
        this(methods, botUserId, Optional.of(botId), SlackCalls.defaults());
    }

    /**
     * For Lucy serving several workspaces: {@code botUserIn} gives its bot user id in a workspace ({@link
     * SlackWorkspaces#botUserId}), as each workspace gives Lucy another, and {@code workspaceOf} a channel's workspace
     * ({@link SlackWorkspaces#workspaceOf}, empty when not known), so that Slack's 429 holds that workspace's reads only.
     */
    public SlackThreadHistory(
            MethodsClient methods,
            java.util.function.Function<String, String> botUserIn,
            java.util.function.Function<String, String> workspaceOf) {
        this(methods, botUserIn, Optional.empty(), SlackCalls.defaults().inWorkspaces(workspaceOf));
    }

    SlackThreadHistory(MethodsClient methods, String botUserId, Optional<String> botId, SlackCalls calls) {
        this(methods, workspace -> botUserId, botId, calls);
        Objects.requireNonNull(botUserId, "botUserId");
    }

    private SlackThreadHistory(
            MethodsClient methods,
            java.util.function.Function<String, String> botUserIn,
            Optional<String> botId,
            SlackCalls calls) {
        this.methods = Objects.requireNonNull(methods, "methods");
        this.botUserIn = Objects.requireNonNull(botUserIn, "botUserIn");
        this.botId = Objects.requireNonNull(botId, "botId");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public List<ThreadMessage> load(Caller caller, int limit) {
        Objects.requireNonNull(caller, "caller");
        if (limit <= 0) {
            return List.of();
        }
        SlackConversation conversation = SlackConversation.parse(caller.conversationId());
        String botUserId = botUserIn.apply(caller.workspaceId());
        Deque<ThreadMessage> newest = new ArrayDeque<>(Math.min(limit, ThreadReplies.PAGE_SIZE));
        new ThreadReplies(methods, calls)
                .forEach(
                        conversation,
                        message -> toThreadMessage(message, botUserId).ifPresent(m -> {
                            if (newest.size() == limit) {
                                newest.removeFirst();
                            }
                            newest.addLast(m);
                        }));
        return List.copyOf(newest);
    }

    private Optional<ThreadMessage> toThreadMessage(Message message, String botUserId) {
        String text = message.getText();
        if (text == null || text.isBlank() || message.getTs() == null) {
            return Optional.empty();
        }
        boolean fromLucy = botUserId.equals(message.getUser())
                || botId.isPresent() && botId.get().equals(message.getBotId());
        String author = message.getUser() != null
                ? message.getUser()
                : message.getBotId() != null ? message.getBotId() : "unknown";
        return Optional.of(new ThreadMessage(author, text, instant(message.getTs()), fromLucy));
    }

    /** Slack's {@code ts} is seconds and microseconds since the epoch: "1700000000.000100". */
    static Instant instant(String ts) {
        try {
            BigDecimal seconds = new BigDecimal(ts);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            return Instant.EPOCH;
        }
    }
}
