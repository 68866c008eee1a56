package dev.lucy.core.agent;

import dev.lucy.core.model.Message;
import dev.lucy.core.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a conversation into a token budget without ever separating a tool call from its result.
 *
 * <p>The body is split into units: a single message, or an assistant message with tool calls together with the
 * results answering every one of its calls. Units are kept or dropped whole. A tool result without its call, or a
 * call whose results are missing, is never sent (providers reject both). The head (system prompt, fenced context)
 * is always kept; so are the units holding pinned messages (the first request and the current one) and the last
 * unit. What else must go goes oldest first: first the units outside the latest messages, then, after cutting
 * every tool result to a minimum, the latest ones.
 */
final class ContextWindow {
    private ContextWindow() {}

    /** The trimmed prompt and what trimming it cost. */
    record Fitted(List<Message> messages, int droppedMessages, int cutToolResults, int estimatedTokens) {
        boolean trimmed() {
            return droppedMessages > 0 || cutToolResults > 0;
        }
    }

    private static final class Unit {
        final List<Message> messages;
        final boolean essential;
        boolean latest;
        boolean dropped;
        int tokens;

        Unit(List<Message> messages, boolean essential) {
            this.messages = messages;
            this.essential = essential;
            this.tokens = Tokens.of(messages);
        }
    }

    /**
     * @param head always kept, first
     * @param body the conversation after the head, oldest first
     * @param pinned indices into {@code body} of messages that must stay
     * @param keepLatestMessages how many of the most recent messages to keep while older ones can go
     * @param budgetTokens the estimated size to fit
     * @param toolResultMaxTokens the size each tool result is cut to
     */
    static Fitted fit(
            List<Message> head,
            List<Message> body,
            Set<Integer> pinned,
            int keepLatestMessages,
            int budgetTokens,
            int toolResultMaxTokens) {
        int[] dropped = {0};
        List<Unit> units = group(body, pinned, dropped);
        int cut = cutToolResults(units, toolResultMaxTokens);
        int headTokens = Tokens.of(head);

        int latestMessages = 0;
        for (int i = units.size() - 1; i >= 0 && latestMessages < keepLatestMessages; i--) {
            units.get(i).latest = true;
            latestMessages += units.get(i).messages.size();
        }
        if (!units.isEmpty()) {
            units.getLast().latest = true;
        }

        int total = headTokens + sum(units);
        total = dropOldest(units, total, budgetTokens, false, dropped);
        if (total > budgetTokens) {
            cut += cutToolResults(units, Math.max(16, toolResultMaxTokens / 8));
            total = headTokens + sum(units);
        }
        total = dropOldest(units, total, budgetTokens, true, dropped);

        List<Message> out = new ArrayList<>(head);
        for (Unit unit : units) {
            if (!unit.dropped) {
                out.addAll(unit.messages);
            }
        }
        return new Fitted(List.copyOf(out), dropped[0], cut, total);
    }

    private static int dropOldest(List<Unit> units, int total, int budget, boolean includeLatest, int[] dropped) {
        Unit last = units.isEmpty() ? null : units.getLast();
        for (Unit unit : units) {
            if (total <= budget) {
                break;
            }
            if (unit.dropped || unit.essential || unit == last || (unit.latest && !includeLatest)) {
                continue;
            }
            unit.dropped = true;
            total -= unit.tokens;
            dropped[0] += unit.messages.size();
        }
        return total;
    }

    private static int sum(List<Unit> units) {
        int total = 0;
        for (Unit unit : units) {
            if (!unit.dropped) {
                total += unit.tokens;
            }
        }
        return total;
    }

    private static int cutToolResults(List<Unit> units, int maxTokens) {
        int cut = 0;
        for (Unit unit : units) {
            if (unit.dropped) {
                continue;
            }
            boolean changed = false;
            for (int i = 0; i < unit.messages.size(); i++) {
                if (unit.messages.get(i) instanceof Message.Tool tool && Tokens.of(tool.content()) > maxTokens) {
                    unit.messages.set(
                            i,
                            new Message.Tool(
                                    tool.toolCallId(), tool.name(), Tokens.headAndTail(tool.content(), maxTokens)));
                    cut++;
                    changed = true;
                }
            }
            if (changed) {
                unit.tokens = Tokens.of(unit.messages);
            }
        }
        return cut;
    }

    /** Splits the body into units, leaving out orphaned results and calls without all their results. */
    private static List<Unit> group(List<Message> body, Set<Integer> pinned, int[] dropped) {
        List<Unit> units = new ArrayList<>();
        int i = 0;
        while (i < body.size()) {
            Message message = body.get(i);
            if (message instanceof Message.Assistant assistant && assistant.hasToolCalls()) {
                Set<String> open = new HashSet<>();
                for (ToolCall call : assistant.toolCalls()) {
                    open.add(call.id());
                }
                boolean duplicateIds = open.size() != assistant.toolCalls().size();
                List<Message> group = new ArrayList<>();
                group.add(assistant);
                boolean essential = pinned.contains(i);
                int j = i + 1;
                int strays = 0;
                while (j < body.size() && body.get(j) instanceof Message.Tool tool) {
                    if (open.remove(tool.toolCallId())) {
                        group.add(tool);
                        essential |= pinned.contains(j);
                    } else {
                        strays++;
                    }
                    j++;
                }
                if (open.isEmpty() && !duplicateIds) {
                    units.add(new Unit(group, essential));
                    dropped[0] += strays;
                } else {
                    dropped[0] += j - i;
                }
                i = j;
            } else if (message instanceof Message.Tool) {
                dropped[0]++;
                i++;
            } else {
                units.add(new Unit(new ArrayList<>(List.of(message)), pinned.contains(i)));
                i++;
            }
        }
        return units;
    }
}
