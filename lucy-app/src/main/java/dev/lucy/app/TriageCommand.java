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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./lucy triage [--awaiting-reply] [--busy] TEXT}: prints as one JSON object what triage decides for a
 * message, without running anything: react-only with its emoji, a fast reply with its text, a status query, a
 * cancel, or an agent run with its priority, model tier and working emoji.
 */
@Command(
        name = "triage",
        description = "Print as JSON what Lucy would do with the message TEXT, without running anything (no model"
                + " call).")
final class TriageCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Triage triage;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--awaiting-reply",
            description = "Lucy waits for an answer in the thread (an approval or a question).")
    private boolean awaitingReply;

    @Option(names = "--busy", description = "A run is already working in the thread.")
    private boolean busy;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The message, in one or several words.")
    private List<String> words;

    TriageCommand(PrintStream out) {
        this(out, LucyTriage.defaults());
    }

    TriageCommand(PrintStream out, Triage triage) {
        this.out = out;
        this.triage = triage;
    }

    @Override
    public Integer call() {
        String text = String.join(" ", words);
        if (text.isBlank()) {
            throw new ParameterException(spec.commandLine(), "needs TEXT, the message, not only spaces");
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
}
