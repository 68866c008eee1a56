package dev.lucy.memory;

import dev.lucy.core.Caller;
import dev.lucy.core.model.ChatModel;
import dev.lucy.core.model.Usage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Model extraction off the reply's path: messages the rules could not settle wait here, and are asked about in
 * batches ({@link ModelExtractor#extractAll}) when a batch is full or its first message has waited
 * {@link ExtractionConfig#maxDelay()}, within a daily token budget. What the model finds goes to the consumer the
 * message was offered with ({@link SessionMemory} stores it for the person who said it).
 *
 * <p>Thread safe. Owns one scheduler thread, stopped by {@link #close()}; what still waits then is left to the
 * rules (model extraction is a best effort on top of them). The budget is this process's: replicas each have their
 * own.
 */
public final class BackgroundExtraction implements AutoCloseable {
    private final ModelExtractor extractor;
    private final ExtractionConfig config;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock calling = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private ScheduledFuture<?> timer;
    private LocalDate day;
    private long usedToday;
    private long asked;
    private long skipped;
    private boolean closed;

    private record Pending(Caller caller, String message, BiConsumer<Caller, Extraction> done) {}

    /** What model extraction has done so far in this process. */
    public record Stats(long asked, long skippedForBudget, long tokensToday, int queued) {}

    private BackgroundExtraction(ModelExtractor extractor, ExtractionConfig config, Clock clock) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lucy-memory-extraction").factory());
        this.day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Extraction asking {@code model}, with {@code config}'s batches and budget, days counted by {@code clock}. */
    public static BackgroundExtraction create(ChatModel model, ExtractionConfig config, Clock clock) {
        return new BackgroundExtraction(ModelExtractor.using(model), config, clock);
    }

    /**
     * Queues {@code message} (already masked of credentials) to be asked about; {@code done} hears the result, on
     * the extraction thread. False, and nothing queued, when the day's budget is spent, the queue is full or this
     * is closed: then the rules' answer stands.
     */
    public boolean offer(Caller caller, String message, BiConsumer<Caller, Extraction> done) {
        Pending p = new Pending(Objects.requireNonNull(caller, "caller"), message, Objects.requireNonNull(done));
        lock.lock();
        try {
            rollDay();
            if (closed || queue.size() >= config.maxQueued() || usedToday >= config.dailyTokenBudget()) {
                skipped++;
                return false;
            }
            queue.add(p);
            if (queue.size() >= config.batchSize()) {
                scheduler.execute(this::flush);
            } else if (timer == null || timer.isDone()) {
                timer = scheduler.schedule(this::flush, config.maxDelay().toNanos(), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks about everything waiting now, in batches, on the calling thread; returns how many messages were asked
     * about. The scheduler calls it; a test or a shutdown may too.
     */
    public int flush() {
        int done = 0;
        calling.lock();
        try {
            while (true) {
                List<Pending> batch = new ArrayList<>();
                lock.lock();
                try {
                    rollDay();
                    while (!queue.isEmpty() && batch.size() < config.batchSize()) {
                        batch.add(queue.poll());
                    }
                    if (batch.isEmpty()) {
                        return done;
                    }
                    long estimate = estimate(batch);
                    if (usedToday + estimate > config.dailyTokenBudget()) {
                        skipped += batch.size() + queue.size();
                        queue.clear(); // the day's budget is spent: the rules' answers stand
                        return done;
                    }
                    usedToday += estimate; // reserved now, corrected by what the call reports
                } finally {
                    lock.unlock();
                }
                List<String> messages = batch.stream().map(Pending::message).toList();
                ModelExtractor.Batch result = extractor.extractAll(messages);
                lock.lock();
                try {
                    Usage usage = result.usage();
                    int reported = usage.promptTokens() + usage.completionTokens();
                    if (reported > 0) {
                        usedToday += reported - estimate(batch);
                    }
                    asked += batch.size();
                } finally {
                    lock.unlock();
                }
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    try {
                        p.done().accept(p.caller(), result.extractions().get(i));
                    } catch (RuntimeException e) {
                        // one message's store failing must not lose the others' facts
                        System.getLogger(BackgroundExtraction.class.getName())
                                .log(
                                        System.Logger.Level.WARNING,
                                        "a fact found by the model was not stored: {0}",
                                        e.getMessage());
                    }
                }
                done += batch.size();
            }
        } finally {
            calling.unlock();
        }
    }

    /** Prompt (instructions and messages, at four characters a token) plus the most the answer may take. */
    private static long estimate(List<Pending> batch) {
        long chars = ModelExtractor.MANY.length();
        for (Pending p : batch) {
            chars += p.message().length() + 16;
        }
        return chars / 4 + ModelExtractor.maxTokens(batch.size());
    }

    private void rollDay() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(day)) {
            day = today;
            usedToday = 0;
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            rollDay();
            return new Stats(asked, skipped, usedToday, queue.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops: the messages still waiting are left to the rules' answer (they were told already), and a batch being
     * asked about is interrupted. Never waits for the model, so a shutdown's deadline is not spent here.
     */
    @Override
    public void close() {
        int dropped;
        lock.lock();
        try {
            closed = true;
            dropped = queue.size();
            queue.clear();
            if (timer != null) {
                timer.cancel(false);
            }
        } finally {
            lock.unlock();
        }
        scheduler.shutdownNow();
        if (dropped > 0) {
            System.getLogger(BackgroundExtraction.class.getName())
                    .log(
                            System.Logger.Level.INFO,
                            "{0} message(s) waiting for model extraction were left to the rules",
                            dropped);
        }
    }
}
