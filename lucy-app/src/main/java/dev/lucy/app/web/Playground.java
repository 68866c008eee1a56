package dev.lucy.app.web;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.spi.ConversationPort;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The web console's Playground: a conversation port of its own, so a person can talk to Lucy in the browser through the
 * same runtime, triage, agent and memory as Slack, and see what Lucy would have posted. Its conversations look like
 * Slack direct messages ({@code DPLAYGROUND:ts}); the engine sends what it posts there here instead of to Slack
 * ({@link #owns}). Each message starts a conversation of its own. Kept in this process only. Thread safe.
 */
public final class Playground implements ConversationPort {
    static final String CHANNEL = "DPLAYGROUND";
    private static final int KEPT = 200;

    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentMap<String, List<Said>> conversations = new ConcurrentHashMap<>();

    /** One message in a playground conversation; Lucy's may be edited while it works. */
    public record Said(String messageId, boolean fromLucy, String text, Instant at) {}

    public Playground(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code conversationId} is a playground conversation. */
    public boolean owns(String conversationId) {
        return conversationId.startsWith(CHANNEL + ":");
    }

    /** A new conversation in {@code workspaceId} with {@code text} from {@code userId}: the event to submit. */
    InboundEvent open(String workspaceId, String userId, String text) {
        Instant now = clock.instant();
        String ts = now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        String conversation = CHANNEL + ":" + ts;
        lock.lock();
        try {
            if (conversations.size() >= KEPT) {
                conversations.keySet().stream().sorted().findFirst().ifPresent(conversations::remove);
            }
            List<Said> said = new ArrayList<>();
            said.add(new Said(ts, false, text, now));
            conversations.put(conversation, said);
        } finally {
            lock.unlock();
        }
        return new InboundEvent("playground-" + ts, new Caller(workspaceId, userId, conversation), ts, text, now);
    }

    /** What was said in {@code conversationId}, in order. */
    List<Said> conversation(String conversationId) {
        lock.lock();
        try {
            return List.copyOf(conversations.getOrDefault(conversationId, List.of()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String post(String conversationId, String text) {
        String id = CHANNEL + "-" + sequence.incrementAndGet();
        change(conversationId, said -> said.add(new Said(id, true, text, clock.instant())));
        return id;
    }

    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        return Optional.of(post(conversationId, text));
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        change(
                conversationId,
                said -> said.replaceAll(
                        s -> s.messageId().equals(messageId) ? new Said(messageId, true, text, s.at()) : s));
    }

    @Override
    public void delete(String conversationId, String messageId) {
        change(
                conversationId,
                said -> said.removeIf(s -> s.fromLucy() && s.messageId().equals(messageId)));
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {}

    private void change(String conversationId, java.util.function.Consumer<List<Said>> change) {
        lock.lock();
        try {
            List<Said> said = conversations.get(conversationId);
            if (said != null) {
                change.accept(said);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code slack}, with the playground's conversations sent to {@code playground} instead. */
    public static ConversationPort routing(Playground playground, ConversationPort slack) {
        return new RoutedPort(playground, slack);
    }
}
