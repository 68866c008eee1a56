package dev.lucy.app;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./lucy} command line for tests outside this package (the end-to-end tests): runs it in this process
 * with the given environment, as {@code ./lucy ARGS} would, and returns what it printed.
 */
public final class LucyCommandLine {
    private LucyCommandLine() {}

    /** What one run printed, and its exit code. */
    public record Result(int exitCode, String out, String err) {}

    public static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(InputStream.nullInputStream(), utf8(out), utf8(err), env).run(List.of(args));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
