package dev.lucy.demo;

import dev.lucy.app.Subcommand;
import java.io.PrintStream;
import java.util.List;

/** {@code ./lucy demo}, and {@code ./lucy} without credentials: plays the {@link Demo}, 0 when every scene showed. */
public final class DemoCommand implements Subcommand {
    static final int OK = 0;
    static final int FAILED = 1;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
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
