package dev.lucy.demo;

import dev.lucy.app.Subcommand;
import dev.lucy.testkit.TestkitMain;
import java.io.PrintStream;
import java.util.List;

/** {@code ./lucy sim SERVER [options]}: one of the testkit's loopback servers, served until the process stops. */
public final class SimCommand implements Subcommand {

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return TestkitMain.run(args, out, err);
    }
}
