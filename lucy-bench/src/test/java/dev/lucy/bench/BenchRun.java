package dev.lucy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of a bench command as {@code ./lucy bench} runs it: its exit code and what it printed. */
record BenchRun(int code, String out, String err) {

    /** Runs {@code args} ({@code NAME --option value ...}) through {@link BenchMain}. */
    static BenchRun of(String... args) {
        return of(BenchMain::run, args);
    }

    /** Runs {@code bench} itself with {@code args} (options only). */
    static BenchRun of(BenchMain.Bench bench, String... args) {
        return of(bench::run, args);
    }

    private static BenchRun of(Command command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new BenchRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines the run printed, after checking that it succeeded (its error output says why if not). */
    List<String> okLines() {
        assertThat(code).as(err).isEqualTo(BenchMain.OK);
        return out.lines().toList();
    }

    /** What the run printed on its error stream, after checking that it ended with the usage exit code. */
    String usageError() {
        assertThat(code).as("exit code of a usage error").isEqualTo(BenchMain.USAGE);
        return err;
    }

    @FunctionalInterface
    private interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }
}
