package dev.lucy.app.console;

import dev.lucy.core.spi.ConversationPort;
import dev.lucy.slack.Sanitiser;
import dev.lucy.slack.TonePipeline;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The terminal as a conversation, one turn at a time. During a turn Lucy's messages are edited in place as work
 * progresses and the working status and signs are shown at once on {@code notes}; when the turn ends the messages
 * as they finally read go to {@code answers}, so standard output carries exactly what a person would see in Slack and scripts can
 * read it line by line. A reaction is the answer when nothing else is (an emoji-only acknowledgement); during an
 * agent run it is only the working sign. Answers pass through the same tone filter and sanitiser as in Slack and
 * stay Markdown, which reads well in a terminal. Thread safe.
 */
final class ConsolePort implements ConversationPort {
    private final PrintStream answers;
    private final PrintStream notes;
    private final TonePipeline tone = TonePipeline.defaults();
    private final Sanitiser sanitiser = Sanitiser.defaults();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition activity = lock.newCondition();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, String> messages = new LinkedHashMap<>();
    private final List<String> reactions = new ArrayList<>();

    ConsolePort(PrintStream answers, PrintStream notes) {
        this.answers = answers;
        this.notes = notes;
    }

    @Override
    public String post(String conversationId, String text) {
        String id = "m" + ids.incrementAndGet();
        show(id, text);
        return id;
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        show(messageId, text);
    }

    @Override
    public void delete(String conversationId, String messageId) {
        lock.lock();
        try {
            messages.remove(messageId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        lock.lock();
        try {
            reactions.add(":" + emoji + ":");
            notes.println("  :" + emoji + ":");
            activity.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setStatus(String conversationId, String status) {
        if (!status.isEmpty()) {
            lock.lock();
            try {
                notes.println("  (lucy " + status + ")");
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits up to {@code timeoutMillis} until Lucy has said or shown something this turn. */
    boolean awaitActivity(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (messages.isEmpty() && reactions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                activity.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the turn: prints its messages as they finally read and, when the turn was not an agent run, its
     * reactions (then they are the answer).
     */
    void endTurn(boolean agentRun) {
        lock.lock();
        try {
            if (!agentRun && messages.isEmpty()) {
                reactions.forEach(answers::println);
            }
            for (String text : messages.values()) {
                answers.println("lucy: " + text);
            }
            answers.flush();
            messages.clear();
            reactions.clear();
        } finally {
            lock.unlock();
        }
    }

    private void show(String id, String markdown) {
        String text = sanitiser.apply(tone.apply(markdown)).strip();
        lock.lock();
        try {
            messages.put(id, text);
            activity.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
