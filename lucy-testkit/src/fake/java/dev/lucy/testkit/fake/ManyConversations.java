package dev.lucy.testkit.fake;

import dev.lucy.core.Caller;
import dev.lucy.core.agent.Agent;
import dev.lucy.core.agent.AgentRequest;
import dev.lucy.core.agent.AgentResult;
import dev.lucy.core.model.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Many conversations through one agent at the same time, each on a virtual thread of its own, for tests that check
 * nothing of one conversation reaches another. Conversation {@code n} is {@code "<run-n>"}: its caller's conversation
 * id, and a token in its question ({@code "question <run-n>"}) and in its history ({@code "earlier <run-n>"},
 * {@code "reply <run-n>"}), so whatever a model or tool sees can be traced back to its conversation with
 * {@link #tokenOf}.
 */
public final class ManyConversations {
    private ManyConversations() {}

    /** Runs {@code runs} conversations on {@code agent} at once and returns each one's result, by number. */
    public static AgentResult[] runAtOnce(Agent agent, int runs) throws InterruptedException {
        AgentResult[] results = new AgentResult[runs];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            int n = i;
            String token = token(n);
            threads.add(Thread.ofVirtual()
                    .start(() -> results[n] = agent.run(AgentRequest.builder(
                                    new Caller("T1", "U" + n, token), "question " + token)
                            .history(List.of(Message.user("earlier " + token), Message.assistant("reply " + token)))
                            .build())));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return results;
    }

    /** Conversation {@code n}'s token. */
    public static String token(int n) {
        return "<run-" + n + ">";
    }

    /** The first conversation token in {@code text}. */
    public static String tokenOf(String text) {
        int start = text.indexOf("<run-");
        return text.substring(start, text.indexOf('>', start) + 1);
    }
}
