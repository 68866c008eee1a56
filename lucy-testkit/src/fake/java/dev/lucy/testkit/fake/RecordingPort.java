package dev.lucy.testkit.fake;

import static dev.lucy.core.Locks.locked;

import dev.lucy.core.spi.ConversationPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A {@link ConversationPort} that records every call, in order, as a user of the chat would see it: posts, edits,
 * deletions, reactions, statuses and streamed answers. Tests read it back per conversation ({@link #posts},
 * {@link #reactions}, {@link #statuses}, {@link #text}) and wait on it ({@link #awaitPosts(String, int)}).
 *
 * <pre>{@code
 * RecordingPort port = new RecordingPort();
 * LucyRuntime runtime = LucyRuntime.builder().port(port).handler(handler).build().start();
 * runtime.submit(event);
 * assertThat(port.awaitPosts("C1", 1)).containsExactly("Invoice 42 is paid.");
 * }</pre>
 *
 * <p>Message ids are {@code m1}, {@code m2}, ... in the order messages were posted or streams started. Thread safe:
 * calls may come from any number of threads; each is recorded whole. Waiting helpers poll with a deadline and
 * never sleep longer than a few milliseconds at a time.
 */
public final class RecordingPort implements ConversationPort {

    /** How long {@link #awaitPosts(String, int)} and {@link #await(BooleanSupplier, String)} wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    /** One call the port received. */
    public sealed interface Call {
        String conversationId();
    }

    /**
     * A posted message. {@code nanoTime} is {@link System#nanoTime()} when the port received it, for measuring how
     * long an answer took.
     */
    public record Post(String conversationId, String messageId, String text, long nanoTime) implements Call {}

    /** A message's text replaced. */
    public record Update(String conversationId, String messageId, String text) implements Call {}

    /** A message deleted. */
    public record Delete(String conversationId, String messageId) implements Call {}

    /** A reaction added ({@code added}) or removed. */
    public record Reaction(String conversationId, String messageId, String emoji, boolean added) implements Call {}

    /** A working status shown; empty clears it. */
    public record Status(String conversationId, String status) implements Call {}

    /** A streamed answer started with {@code text}. */
    public record StreamStart(String conversationId, String messageId, String text) implements Call {}

    /** Text appended to a streamed answer. */
    public record StreamAppend(String conversationId, String messageId, String text) implements Call {}

    /** A streamed answer finished. */
    public record StreamFinish(String conversationId, String messageId) implements Call {}

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, List<Call>> byConversation = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<String> answers = ConcurrentHashMap.newKeySet();

    @Override
    public String post(String conversationId, String text) {
        String messageId = nextId();
        record(new Post(conversationId, messageId, text, System.nanoTime()));
        return messageId;
    }

    /** Posts as {@link #post} and keeps the mark {@link #answered} looks for. */
    @Override
    public String postAnswer(String conversationId, String eventId, String text) {
        String messageId = post(conversationId, text);
        answers.add(answerKey(conversationId, eventId));
        return messageId;
    }

    /** Edits as {@link #update} and keeps the mark {@link #answered} looks for. */
    @Override
    public void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        update(conversationId, messageId, text);
        answers.add(answerKey(conversationId, eventId));
    }

    @Override
    public boolean answered(String conversationId, String eventId) {
        return answers.contains(answerKey(conversationId, eventId));
    }

    private static String answerKey(String conversationId, String eventId) {
        return conversationId + "\u0000" + eventId;
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        record(new Reaction(conversationId, messageId, emoji, true));
    }

    @Override
    public void delete(String conversationId, String messageId) {
        record(new Delete(conversationId, messageId));
    }

    @Override
    public void setStatus(String conversationId, String status) {
        record(new Status(conversationId, status));
    }

    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        record(new Reaction(conversationId, messageId, emoji, false));
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        record(new Update(conversationId, messageId, text));
    }

    @Override
    public Stream startStream(String conversationId, String initialText) {
        String messageId = nextId();
        record(new StreamStart(conversationId, messageId, initialText));
        return new Stream() {
            @Override
            public void append(String markdown) {
                record(new StreamAppend(conversationId, messageId, markdown));
            }

            @Override
            public String finish() {
                record(new StreamFinish(conversationId, messageId));
                return messageId;
            }

            @Override
            public Optional<String> messageId() {
                return Optional.of(messageId);
            }

            @Override
            public String finishAnswer(String eventId) {
                finish();
                answers.add(answerKey(conversationId, eventId));
                return messageId;
            }
        };
    }

    /** Every call so far, in order. */
    public List<Call> calls() {
        return locked(lock, () -> List.copyOf(calls));
    }

    /** Every call into {@code conversationId} so far, in order. */
    public List<Call> calls(String conversationId) {
        return locked(lock, () -> List.copyOf(byConversation.getOrDefault(conversationId, List.of())));
    }

    /** The texts posted into {@code conversationId}, as posted, in order (a mutable copy). */
    public List<String> posts(String conversationId) {
        return new ArrayList<>(posted(conversationId).stream().map(Post::text).toList());
    }

    /** The posts into {@code conversationId}, in order. */
    public List<Post> posted(String conversationId) {
        return only(Post.class, calls(conversationId));
    }

    /** The reactions added and removed in {@code conversationId}, in order. */
    public List<Reaction> reactions(String conversationId) {
        return only(Reaction.class, calls(conversationId));
    }

    /** The statuses shown in {@code conversationId}, in order; an empty one cleared the status. */
    public List<String> statuses(String conversationId) {
        return only(Status.class, calls(conversationId)).stream()
                .map(Status::status)
                .toList();
    }

    /** Posts into every conversation. */
    public int totalPosts() {
        return count(call -> true);
    }

    /** Posts, in any conversation, that {@code which} matches. */
    public int count(Predicate<Post> which) {
        return locked(lock, () -> matches(which, 0));
    }

    /**
     * What message {@code messageId} shows now: its posted or streamed text with every edit and appended piece; empty
     * for a message deleted or never sent.
     */
    public Optional<String> text(String messageId) {
        String text = null;
        for (Call call : calls()) {
            switch (call) {
                case Post p when p.messageId().equals(messageId) -> text = p.text();
                case StreamStart s when s.messageId().equals(messageId) -> text = s.text();
                case StreamAppend a
                when a.messageId().equals(messageId) -> text = text == null ? null : text + a.text();
                case Update u when u.messageId().equals(messageId) -> text = u.text();
                case Delete d when d.messageId().equals(messageId) -> text = null;
                default -> {}
            }
        }
        return Optional.ofNullable(text);
    }

    /**
     * Waits until {@code conversationId} has at least {@code count} posts and returns them.
     *
     * @throws AssertionError after {@link #DEFAULT_TIMEOUT}, naming the posts there are
     */
    public List<String> awaitPosts(String conversationId, int count) {
        if (!awaitUntil(() -> posted(conversationId).size() >= count, DEFAULT_TIMEOUT)) {
            throw new AssertionError("timed out waiting for " + count + " post(s) in " + conversationId + ", got "
                    + posts(conversationId));
        }
        return posts(conversationId);
    }

    /**
     * Waits until {@code count} posts in any conversation match {@code which}, or {@code timeout} passes; returns
     * how many matched by then. Counts each post once, so waiting for many posts stays cheap.
     */
    public int awaitCount(Predicate<Post> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        int matched = 0;
        while (true) {
            int from = seen;
            Scan scan = locked(lock, () -> new Scan(calls.size(), matches(which, from)));
            seen = scan.upTo();
            matched += scan.matched();
            if (matched >= count || System.nanoTime() - deadline >= 0) {
                return matched;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Forgets every call recorded so far (message ids keep counting up). */
    public void clear() {
        locked(lock, () -> {
            calls.clear();
            byConversation.clear();
            return null;
        });
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError after {@link #DEFAULT_TIMEOUT}, saying it timed out waiting for {@code what}
     */
    public static void await(BooleanSupplier condition, String what) {
        if (!awaitUntil(condition, DEFAULT_TIMEOUT)) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    /**
     * Waits until {@code latch} is released: for a handler or model script that holds its run until the test lets
     * it go, or a test that waits for one to get there.
     *
     * @throws IllegalStateException after 30 seconds, or when interrupted (with the interrupt flag set again), so a
     *     run stopped while it waits ends as any failed run does
     */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    private String nextId() {
        return "m" + ids.incrementAndGet();
    }

    private void record(Call call) {
        locked(lock, () -> {
            calls.add(call);
            return byConversation
                    .computeIfAbsent(call.conversationId(), k -> new ArrayList<>())
                    .add(call);
        });
    }

    /** Posts matching {@code which} among the calls from index {@code from} on; the caller holds the lock. */
    private int matches(Predicate<Post> which, int from) {
        int n = 0;
        for (Call call : calls.subList(Math.min(from, calls.size()), calls.size())) {
            if (call instanceof Post post && which.test(post)) {
                n++;
            }
        }
        return n;
    }

    /** How far {@link #awaitCount} has read the calls, and what matched there. */
    private record Scan(int upTo, int matched) {}

    private static <T extends Call> List<T> only(Class<T> type, List<Call> calls) {
        return calls.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
