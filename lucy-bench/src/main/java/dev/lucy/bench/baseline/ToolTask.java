package dev.lucy.bench.baseline;

import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The three-turn tool task both sides run: the model asks for {@code find_order}, then for
 * {@code track_shipment}, then answers with what the two tools returned. The answer therefore holds both tool
 * results only when both tools really ran and their results reached the model.
 *
 * <p>{@link #script()} plays the model for the testkit's scripted model server; it counts the answers it gave
 * (agent turns served) and the faults it injected. Thread safe.
 */
public final class ToolTask {
    public static final String QUESTION = "Where is order 17 and when will it arrive?";
    public static final String SYSTEM_PROMPT = "You are a helpful coworker. Use the tools to answer.";
    public static final String FIND_ORDER = "find_order";
    public static final String FIND_ORDER_DESCRIPTION = "Finds an order by its number.";
    public static final String TRACK_SHIPMENT = "track_shipment";
    public static final String TRACK_SHIPMENT_DESCRIPTION = "Tracks the shipment of an order.";
    public static final String ARGUMENTS = "{\"order\":\"17\"}";
    /** The JSON schema of both tools' arguments. */
    public static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}";
    /** What {@code find_order} returns for order 17. */
    public static final String ORDER_RESULT = "order 17: shipped on Tuesday";
    /** What {@code track_shipment} returns for order 17. */
    public static final String SHIPMENT_RESULT = "order 17: with the courier, arrives Friday";
    /** Model turns per task: two tool calls and the answer. */
    public static final int MODEL_TURNS = 3;
    /** Tool calls per task on the critical path. */
    public static final int TOOL_CALLS = 2;

    private final double faultRate;
    private final ReentrantLock randomLock = new ReentrantLock();
    private final SplittableRandom random;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();

    /**
     * @param faultRate share of model requests answered with HTTP 500 instead, from 0 (none) to 1
     * @param seed the seed of the fault draws, so runs are repeatable
     */
    public ToolTask(double faultRate, long seed) {
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("the fault rate must be between 0 and 1, not " + faultRate);
        }
        this.faultRate = faultRate;
        this.random = new SplittableRandom(seed);
    }

    /** The ideal time of one task: three model calls and two tool calls, one after another. */
    public static Duration ideal(Duration modelLatency, Duration toolLatency) {
        return modelLatency.multipliedBy(MODEL_TURNS).plus(toolLatency.multipliedBy(TOOL_CALLS));
    }

    /** Whether {@code answer} is the task's correct answer: it holds both tools' results. */
    public static boolean correct(String answer) {
        return answer != null && answer.contains(ORDER_RESULT) && answer.contains(SHIPMENT_RESULT);
    }

    /** The model's side of the task, for {@code ScriptedModelServer.builder().script(...)}. */
    public Script script() {
        return request -> {
            if (faultRate > 0 && draw() < faultRate) {
                faults.incrementAndGet();
                return Fault.serverError();
            }
            List<Message.Tool> results = request.toolResults();
            replies.incrementAndGet();
            return switch (results.size()) {
                case 0 -> Reply.toolCall(FIND_ORDER, ARGUMENTS);
                case 1 -> Reply.toolCall(TRACK_SHIPMENT, ARGUMENTS);
                default ->
                    Reply.text("Here is what I found. "
                            + String.join(
                                    " ",
                                    results.stream().map(Message.Tool::content).toList()));
            };
        };
    }

    /** Model answers given so far (turns served), faults excluded. */
    public long replies() {
        return replies.get();
    }

    /** Faults injected so far. */
    public long faults() {
        return faults.get();
    }

    private double draw() {
        randomLock.lock();
        try {
            return random.nextDouble();
        } finally {
            randomLock.unlock();
        }
    }
}
