package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.fail;

import dev.lucy.core.spi.ConversationPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A conversation port that records what a user would see, per conversation, in order. */
final class RecordingPort implements ConversationPort {
    record Reaction(String messageId, String emoji, boolean added) {}

    private final ConcurrentHashMap<String, List<String>> posts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<Reaction>> reactions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public String post(String conversationId, String text) {
        posts.computeIfAbsent(conversationId, k -> new CopyOnWriteArrayList<>()).add(text);
        return "m" + ids.incrementAndGet();
    }

    @Override
    public void update(String conversationId, String messageId, String text) {}

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        reactions
                .computeIfAbsent(conversationId, k -> new CopyOnWriteArrayList<>())
                .add(new Reaction(messageId, emoji, true));
    }

    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        reactions
                .computeIfAbsent(conversationId, k -> new CopyOnWriteArrayList<>())
                .add(new Reaction(messageId, emoji, false));
    }

    List<String> posts(String conversationId) {
        return new ArrayList<>(posts.getOrDefault(conversationId, List.of()));
    }

    List<Reaction> reactions(String conversationId) {
        return new ArrayList<>(reactions.getOrDefault(conversationId, List.of()));
    }

    int totalPosts() {
        return posts.values().stream().mapToInt(List::size).sum();
    }

    List<String> awaitPosts(String conversationId, int count) {
        await(() -> posts(conversationId).size() >= count, "posts in " + conversationId + ": " + posts(conversationId));
        return posts(conversationId);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
