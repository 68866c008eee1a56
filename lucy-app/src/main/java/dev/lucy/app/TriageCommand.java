package dev.lucy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.ConversationView;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Triage;
import dev.lucy.core.runtime.TriageDecision;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./lucy triage [--awaiting-reply] [--busy] TEXT}: prints as one JSON object what triage decides for a
 * message, without running anything: react-only with its emoji, a fast reply with its text, a status query, a
 * cancel, or an agent run with its priority, model tier and working emoji.
 */
final class TriageCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final Triage triage;

    TriageCommand(PrintStream out, PrintStream err) {
        this(out, err, LucyTriage.defaults());
    }

    TriageCommand(PrintStream out, PrintStream err, Triage triage) {
        this.out = out;
        this.err = err;
        this.triage = triage;
    }

    int run(List<String> args) {
        boolean awaitingReply = false;
        boolean busy = false;
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--awaiting-reply" -> awaitingReply = true;
                case "--busy" -> busy = true;
                case "-h", "--help" -> {
                    usage(out);
                    return Main.OK;
                }
                default -> {
                    if (arg.startsWith("--")) {
                        err.println("lucy triage: unknown option " + arg);
                        usage(err);
                        return Main.USAGE;
                    }
                    words.add(arg);
                }
            }
        }
        String text = String.join(" ", words);
        if (text.isBlank()) {
            usage(err);
            return Main.USAGE;
        }
        InboundEvent event = new InboundEvent("triage", new Caller("cli", "cli", "cli:1"), "1", text, Instant.now());
        TriageDecision decision = triage.classify(event, new ConversationView(awaitingReply, busy, 0));
        out.println(toJson(text, decision));
        return Main.OK;
    }

    static String toJson(String text, TriageDecision decision) {
        ObjectNode node = JSON.createObjectNode().put("text", text);
        switch (decision) {
            case TriageDecision.ReactOnly react ->
                node.put("decision", "react_only").put("emoji", react.emoji());
            case TriageDecision.FastReply reply ->
                node.put("decision", "fast_reply").put("reply", reply.text());
            case TriageDecision.StatusQuery status -> node.put("decision", "status");
            case TriageDecision.Cancel cancel -> node.put("decision", "cancel");
            case TriageDecision.AgentRun run ->
                node.put("decision", "agent_run")
                        .put("priority", run.priority().name().toLowerCase(Locale.ROOT))
                        .put("tier", run.tier().name().toLowerCase(Locale.ROOT))
                        .put("working_emoji", run.workingEmoji())
                        .put("background", run.background());
        }
        return node.toString();
    }

    private static void usage(PrintStream to) {
        to.println("Usage: ./lucy triage [--awaiting-reply] [--busy] TEXT");
        to.println("Prints as JSON what Lucy would do with the message TEXT, without running anything.");
        to.println("  --awaiting-reply  Lucy waits for an answer in the thread (an approval or a question)");
        to.println("  --busy            a run is already working in the thread");
    }
}
