package dev.lucy.app.console;

import dev.lucy.app.LucyEngine;
import dev.lucy.core.Caller;
import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.InboundEvent;
import dev.lucy.core.runtime.Priority;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.core.runtime.TriageDecision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat with Lucy in the terminal, through the same pipeline as in Slack: triage, the runtime, memory, tools and
 * the output filters. One message per line; each answer is printed before the next line is read, so piped input
 * gets its answers in order on standard output. Notes on what Lucy is doing go to the notes stream (standard
 * error), never mixed with the answers.
 */
public final class Console {
    /** How long a quick reply (reaction, greeting, status) may take before the console stops waiting for it. */
    static final Duration QUICK_REPLY_WAIT = Duration.ofSeconds(10);

    private final ConsolePort port;
    private final Semaphore runsFinished = new Semaphore(0);
    private final LucyEngine engine;
    private final Caller caller;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param engineFor builds the engine over the console's port: the caller sets the model, the database and
     *     anything else, and must pass the given observer on with {@link LucyEngine.Builder#runtimeObserver}
     */
    public Console(PrintStream answers, PrintStream notes, Caller caller, Clock clock, EngineFactory engineFor) {
        this.port = new ConsolePort(answers, notes);
        this.caller = caller;
        this.clock = clock;
        RuntimeObserver observer = new RuntimeObserver() {
            @Override
            public void runFinished(Priority priority, Duration took, boolean failed) {
                runsFinished.release();
            }
        };
        this.engine = engineFor.create(port, observer).start();
    }

    /** Builds the console's engine over its port, passing {@code observer} to the runtime. */
    @FunctionalInterface
    public interface EngineFactory {
        LucyEngine create(dev.lucy.core.spi.ConversationPort port, RuntimeObserver observer);
    }

    /**
     * Reads messages until end of input or {@code /quit}; {@code prompt} runs before each line (it shows a prompt
     * when the console is interactive, and does nothing when input is piped).
     */
    public void run(BufferedReader in, Runnable prompt) throws IOException {
        prompt.run();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String text = line.strip();
            if (text.equals("/quit") || text.equals("/exit")) {
                break;
            }
            if (!text.isEmpty()) {
                ask(text);
            }
            prompt.run();
        }
    }

    /** Sends one message and waits for Lucy's reply to it. */
    public void ask(String text) {
        String id = UUID.randomUUID().toString();
        InboundEvent event = new InboundEvent(id, caller, id, text, clock.instant());
        Admission admission = engine.runtime().submit(event);
        boolean agentRun = isAgentRun(admission);
        try {
            if (agentRun) {
                runsFinished.acquire();
            } else if (!(admission instanceof Admission.Duplicate) && !(admission instanceof Admission.Stale)) {
                port.awaitActivity(QUICK_REPLY_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.endTurn(agentRun);
    }

    /**
     * Stops Lucy, letting a running answer finish, then prints what Lucy said outside a turn: the answer to a message
     * an earlier console left unanswered (resumed at start), or the notice for a run the stop cut short. Once; later
     * calls do nothing (the console closes at the end of input and, on SIGTERM, from a shutdown hook).
     */
    public void close(Duration deadline) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.shutdown(deadline);
        port.endTurn(true);
    }

    public LucyEngine engine() {
        return engine;
    }

    private static boolean isAgentRun(Admission admission) {
        TriageDecision decision = switch (admission) {
            case Admission.Accepted accepted -> accepted.decision();
            case Admission.Queued queued -> queued.decision();
            default -> null;
        };
        return decision instanceof TriageDecision.AgentRun;
    }
}
