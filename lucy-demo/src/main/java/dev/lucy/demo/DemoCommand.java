package dev.lucy.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.lucy.app.Subcommand;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./lucy demo}, and {@code ./lucy} without credentials: plays the {@link Demo}, 0 when every scene showed. */
public final class DemoCommand implements Subcommand {
    static final int OK = 0;
    static final int FAILED = 1;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public CommandLine command(PrintStream out, PrintStream err) {
        return new CommandLine(new Play(out, err));
    }

    @Command(
            name = "demo",
            description = {
                "Play a short conversation with Lucy in a simulated Slack workspace, on this machine.",
                "The real app talks over Socket Mode to the testkit's Slack simulator and a scripted model, both on"
                        + " 127.0.0.1; nothing is sent anywhere and nothing is kept."
            })
    static final class Play implements Callable<Integer> {
        /**
         * The demo shows the conversation, not the app's log: warnings and errors only, unless the person asked for a
         * level with {@code LUCY_LOG_LEVEL}.
         */
        private static void quietLogs() {
            if (System.getenv("LUCY_LOG_LEVEL") == null
                    && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
                root.setLevel(Level.WARN);
            }
        }

        private final PrintStream out;
        private final PrintStream err;

        Play(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            quietLogs();
            try {
                new Demo(out).run();
                return OK;
            } catch (RuntimeException | AssertionError e) {
                // the simulator's await helpers fail with AssertionError; a person sees one line, not a trace
                err.println("lucy demo: stopped: " + e.getMessage());
                return FAILED;
            }
        }
    }
}
