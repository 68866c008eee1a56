package dev.lucy.bench;

import dev.lucy.core.model.Message;
import dev.lucy.testkit.model.Fault;
import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.Turn;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model behind {@code ./lucy bench load}: answers questions in one call and runs the three-turn task (look the
 * order up, track its shipment, answer from both results), and injects faults deterministically from a seed.
 *
 * <p>Every request is tied to its conversation by the number in the person's message ({@code question #12},
 * {@code task #12}) and to its step by the tool results it already holds. Whether a request fails, and how, is a
 * function of the seed, the conversation, the step and how many times that step was asked before, so a run with
 * the same seed injects the same faults whatever the thread interleaving. Malformed arguments only happen on tool
 * calling steps. Thread safe.
 */
final class LoadScript implements Script {
    static final String FIND_ORDER = "find_order";
    static final String TRACK_SHIPMENT = "track_shipment";
    static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}}," + "\"required\":[\"order\"]}";

    private static final Pattern ASKED = Pattern.compile("(question|task) #(\\d+)");
    private static final Pattern CARRIER = Pattern.compile("\"carrier\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ETA = Pattern.compile("\"eta\"\\s*:\\s*\"([^\"]+)\"");
    private static final String[] CARRIERS = {"Parcelway", "Northpost", "Swift Freight"};
    private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};

    /** The kinds of injected model fault. */
    enum FaultKind {
        RATE_LIMITED,
        SERVER_ERROR,
        TIMEOUT,
        MALFORMED_ARGUMENTS
    }

    private final long seed;
    private final double faultRate;
    private final Duration retryAfter;
    private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<FaultKind, AtomicInteger> injected = new EnumMap<>(FaultKind.class);
    private final AtomicInteger conversationRequests = new AtomicInteger();
    private final AtomicInteger otherRequests = new AtomicInteger();

    LoadScript(long seed, double faultRate, Duration retryAfter) {
        this.seed = seed;
        this.faultRate = faultRate;
        this.retryAfter = retryAfter;
        for (FaultKind kind : FaultKind.values()) {
            injected.put(kind, new AtomicInteger());
        }
    }

    /** What a person asking {@code question #id} should read. */
    static String questionAnswer(int id) {
        return "Answer " + id + ": the office opens at 9 and closes at 6.";
    }

    /** What a person asking {@code task #id} should read: built by the model from both tools' results. */
    static String taskAnswer(int id) {
        return "Order " + id + " ships with " + carrier(id) + " and arrives on " + eta(id) + ".";
    }

    static String questionText(int id) {
        return "question #" + id + ": when does the office open?";
    }

    static String taskText(int id) {
        return "task #" + id + ": where is order " + id + " and when will it arrive?";
    }

    /** What {@code find_order} returns for an order. */
    static String findOrderResult(String order) {
        return "{\"order\":\"" + order + "\",\"carrier\":\"" + carrier(parse(order)) + "\"}";
    }

    /** What {@code track_shipment} returns for an order. */
    static String trackShipmentResult(String order) {
        return "{\"order\":\"" + order + "\",\"eta\":\"" + eta(parse(order)) + "\"}";
    }

    private static int parse(String order) {
        try {
            return Integer.parseInt(order.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String carrier(int id) {
        return CARRIERS[Math.floorMod(id, CARRIERS.length)];
    }

    private static String eta(int id) {
        return DAYS[Math.floorMod(id * 7 + 3, DAYS.length)];
    }

    @Override
    public Turn next(ModelRequest request) {
        Matcher asked = ASKED.matcher(request.lastUserText().orElse(""));
        if (!asked.find()) {
            otherRequests.incrementAndGet();
            return Reply.text("OK.");
        }
        conversationRequests.incrementAndGet();
        boolean task = asked.group(1).equals("task");
        int id = Integer.parseInt(asked.group(2));
        Optional<String> carrier = toolValue(request, FIND_ORDER, CARRIER);
        Optional<String> eta = toolValue(request, TRACK_SHIPMENT, ETA);
        int step = !task ? 0 : carrier.isEmpty() ? 1 : eta.isEmpty() ? 2 : 3;
        Optional<Turn> fault = fault(id, step, task && step < 3);
        if (fault.isPresent()) {
            return fault.get();
        }
        return switch (step) {
            case 0 -> Reply.text(questionAnswer(id));
            case 1 -> Reply.toolCall(FIND_ORDER, "{\"order\":\"" + id + "\"}");
            case 2 -> Reply.toolCall(TRACK_SHIPMENT, "{\"order\":\"" + id + "\"}");
            default ->
                Reply.text("Order " + id + " ships with " + carrier.get() + " and arrives on " + eta.get() + ".");
        };
    }

    /** The value a tool's successful result holds, when the conversation has one. */
    private static Optional<String> toolValue(ModelRequest request, String tool, Pattern value) {
        for (Message.Tool result : request.toolResults()) {
            if (result.name().equals(tool)) {
                Matcher m = value.matcher(result.content());
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Turn> fault(int id, int step, boolean callsTool) {
        if (faultRate <= 0) {
            return Optional.empty();
        }
        long key = (long) id * 4 + step;
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        long h = mix(seed ^ mix(key * 31 + attempt));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= faultRate) {
            return Optional.empty();
        }
        int kinds = callsTool ? 4 : 3;
        FaultKind kind = FaultKind.values()[(int) Math.floorMod(mix(h), (long) kinds)];
        injected.get(kind).incrementAndGet();
        return Optional.of(
                switch (kind) {
                    case RATE_LIMITED -> Fault.rateLimited(retryAfter);
                    case SERVER_ERROR -> Fault.serverError();
                    case TIMEOUT -> Fault.noAnswer();
                    case MALFORMED_ARGUMENTS -> Reply.malformedToolCall(step == 1 ? FIND_ORDER : TRACK_SHIPMENT);
                });
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Faults injected so far, by kind. */
    Map<FaultKind, Integer> injected() {
        Map<FaultKind, Integer> out = new EnumMap<>(FaultKind.class);
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Requests tied to a conversation of the load (agent turns, retries included). */
    int conversationRequests() {
        return conversationRequests.get();
    }

    /** Requests not tied to a conversation (anything else the app asks the model). */
    int otherRequests() {
        return otherRequests.get();
    }
}
