package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property tests over many seeded random histories: whatever the budget, no request ever carries a tool result
 * without its call or a call without its result, and the pinned messages stay.
 */
class ContextWindowTest {
    private static final int HISTORIES = 2_000;

    @Test
    void never_sends_a_tool_result_without_its_call_or_a_call_without_its_results() {
        forEachHistory((c, fitted) -> assertPaired(
                fitted.messages().subList(c.head.size(), fitted.messages().size())));
    }

    @Test
    void keeps_the_head_first_and_the_pinned_requests_and_the_order() {
        forEachHistory((c, fitted) -> {
            assertThat(fitted.messages().subList(0, c.head.size())).isEqualTo(c.head);
            List<Integer> kept = matchInOrder(
                    c.body,
                    fitted.messages().subList(c.head.size(), fitted.messages().size()));
            assertThat(kept).as("pinned requests").containsAll(c.pinned);
        });
    }

    @Test
    void fits_the_budget_unless_only_pinned_messages_and_the_latest_exchange_are_left() {
        forEachHistory((c, fitted) -> {
            List<Message> body =
                    fitted.messages().subList(c.head.size(), fitted.messages().size());
            assertThat(fitted.estimatedTokens()).isEqualTo(Tokens.of(fitted.messages()));
            if (fitted.estimatedTokens() > c.budget) {
                List<Integer> kept = matchInOrder(c.body, body);
                int lastUnitStart = lastUnitStart(body);
                for (int i = 0; i < lastUnitStart; i++) {
                    assertThat(c.pinned)
                            .as("over budget, yet message %d could have gone", kept.get(i))
                            .contains(kept.get(i));
                }
            }
        });
    }

    @Test
    void reports_what_it_dropped_and_cut() {
        forEachHistory((c, fitted) -> {
            int keptMessages = fitted.messages().size() - c.head.size();
            assertThat(fitted.droppedMessages()).isEqualTo(c.body.size() - keptMessages);
            long cutMarkers = fitted.messages().stream()
                    .filter(m -> m instanceof Message.Tool && m.content().contains("characters cut from the middle"))
                    .count();
            assertThat(fitted.cutToolResults()).isGreaterThanOrEqualTo((int) cutMarkers);
        });
    }

    @Test
    void drops_the_oldest_exchanges_first_and_keeps_the_first_request() {
        List<Message> body = new ArrayList<>();
        body.add(Message.user("first request"));
        for (int i = 0; i < 10; i++) {
            ToolCall call = new ToolCall("id" + i, "search", "{}");
            body.add(Message.toolCalls(List.of(call)));
            body.add(Message.toolResult(call, "result " + i + " " + "x".repeat(400)));
        }
        body.add(Message.user("latest"));

        ContextWindow.Fitted fitted =
                ContextWindow.fit(List.of(Message.system("sys")), body, Set.of(0, body.size() - 1), 2, 600, 1_000);

        assertThat(fitted.messages().get(1)).isEqualTo(Message.user("first request"));
        assertThat(fitted.messages().getLast()).isEqualTo(Message.user("latest"));
        List<String> kept = fitted.messages().stream()
                .map(Message::content)
                .filter(t -> t.startsWith("result "))
                .map(t -> t.substring(0, 8))
                .toList();
        assertThat(kept).isNotEmpty().hasSizeLessThan(10);
        assertThat(kept.getLast()).isEqualTo("result 9");
        assertThat(kept).isSorted();
        assertThat(Integer.parseInt(kept.getFirst().substring(7)))
                .as("the newest results are the ones kept")
                .isEqualTo(10 - kept.size());
        assertThat(fitted.estimatedTokens()).isLessThanOrEqualTo(600);
    }

    // ------------------------------------------------------------------ generation and checks

    private record Case(List<Message> head, List<Message> body, Set<Integer> pinned, int budget, int cap, int keep) {}

    private interface Check {
        void accept(Case c, ContextWindow.Fitted fitted);
    }

    private static void forEachHistory(Check check) {
        for (long seed = 1; seed <= HISTORIES; seed++) {
            Case c = randomCase(new Random(seed));
            ContextWindow.Fitted fitted = ContextWindow.fit(c.head, c.body, c.pinned, c.keep, c.budget, c.cap);
            try {
                check.accept(c, fitted);
            } catch (AssertionError e) {
                throw new AssertionError("history seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static Case randomCase(Random random) {
        List<Message> head = new ArrayList<>();
        head.add(Message.system(text(random, 1 + random.nextInt(400))));
        if (random.nextBoolean()) {
            head.add(Message.system("<context>" + text(random, random.nextInt(800)) + "</context>"));
        }
        List<Message> body = new ArrayList<>();
        Set<Integer> pinned = new HashSet<>();
        int units = random.nextInt(30);
        int ids = 0;
        for (int u = 0; u < units; u++) {
            int kind = random.nextInt(10);
            if (kind < 3) {
                if (pinned.isEmpty()) {
                    pinned.add(body.size());
                }
                body.add(Message.user(text(random, random.nextInt(600))));
            } else if (kind < 5) {
                body.add(Message.assistant(text(random, random.nextInt(1_500))));
            } else if (kind == 5 && random.nextInt(3) == 0) {
                body.add(new Message.Tool("orphan" + ids++, "search", text(random, random.nextInt(300))));
            } else {
                int n = 1 + random.nextInt(4);
                List<ToolCall> calls = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    String id =
                            random.nextInt(40) == 0 && k > 0 ? calls.getFirst().id() : "call" + ids++;
                    calls.add(new ToolCall(id, "tool" + random.nextInt(5), "{\"q\":" + random.nextInt(9) + "}"));
                }
                body.add(new Message.Assistant(random.nextInt(5) == 0 ? text(random, 50) : "", calls));
                List<ToolCall> answered = new ArrayList<>(calls);
                Collections.shuffle(answered, random);
                if (random.nextInt(8) == 0) {
                    answered.removeLast();
                }
                for (ToolCall call : answered) {
                    int size = random.nextInt(10) == 0 ? 20_000 + random.nextInt(40_000) : random.nextInt(2_000);
                    body.add(Message.toolResult(call, text(random, size)));
                }
                if (random.nextInt(12) == 0) {
                    body.add(new Message.Tool("stray" + ids++, "search", "stray"));
                }
            }
        }
        pinned.add(body.size());
        body.add(Message.user("current request " + text(random, random.nextInt(200))));
        int afterwards = random.nextInt(4);
        for (int u = 0; u < afterwards; u++) {
            ToolCall call = new ToolCall("run" + ids++, "search", "{}");
            body.add(Message.toolCalls(List.of(call)));
            body.add(Message.toolResult(call, text(random, random.nextInt(30_000))));
        }
        int budget = 50 + random.nextInt(12_000);
        int cap = 16 + random.nextInt(3_000);
        int keep = 1 + random.nextInt(10);
        return new Case(List.copyOf(head), List.copyOf(body), Set.copyOf(pinned), budget, cap, keep);
    }

    private static String text(Random random, int length) {
        String word = Integer.toString(random.nextInt(1 << 20), 36) + " ";
        return word.repeat(length / word.length() + 1).substring(0, length);
    }

    /** Every assistant call is followed, at once, by exactly one result per call id, and nothing else is a result. */
    private static void assertPaired(List<Message> messages) {
        int i = 0;
        while (i < messages.size()) {
            Message message = messages.get(i);
            assertThat(message).as("tool result at %d without its call", i).isNotInstanceOf(Message.Tool.class);
            i++;
            if (message instanceof Message.Assistant assistant && assistant.hasToolCalls()) {
                Set<String> expected = new HashSet<>();
                assistant.toolCalls().forEach(call -> expected.add(call.id()));
                assertThat(expected).as("distinct call ids").hasSameSizeAs(assistant.toolCalls());
                Set<String> answered = new HashSet<>();
                while (i < messages.size() && messages.get(i) instanceof Message.Tool tool) {
                    assertThat(answered.add(tool.toolCallId()))
                            .as("one result per call")
                            .isTrue();
                    i++;
                }
                assertThat(answered).as("results answer exactly the calls").isEqualTo(expected);
            }
        }
    }

    /** The indices in {@code input} of each kept message, asserting the kept ones are an in-order subsequence. */
    private static List<Integer> matchInOrder(List<Message> input, List<Message> kept) {
        List<Integer> indices = new ArrayList<>();
        int j = 0;
        for (Message message : kept) {
            while (j < input.size() && !sameMessage(input.get(j), message)) {
                j++;
            }
            assertThat(j)
                    .as("kept message %s is in the input, in order", message.role())
                    .isLessThan(input.size());
            indices.add(j++);
        }
        return indices;
    }

    private static boolean sameMessage(Message original, Message kept) {
        if (original instanceof Message.Tool a && kept instanceof Message.Tool b) {
            return a.toolCallId().equals(b.toolCallId())
                    && (a.content().equals(b.content()) || b.content().contains("characters cut from the middle"));
        }
        return original.equals(kept);
    }

    private static int lastUnitStart(List<Message> body) {
        int i = body.size() - 1;
        while (i > 0 && body.get(i) instanceof Message.Tool) {
            i--;
        }
        return Math.max(i, 0);
    }
}
