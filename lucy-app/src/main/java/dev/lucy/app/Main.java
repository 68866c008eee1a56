package dev.lucy.app;

import dev.lucy.core.LucyVersion;
import dev.lucy.testkit.TestkitMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The {@code ./lucy} command line. Each subcommand returns a process exit code; nothing here calls exit but main. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this(InputStream.nullInputStream(), out, err);
    }

    Main(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: formatted answers carry emoji and non-Latin text.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Main(System.in, out, err).run(List.of(args));
        System.exit(code);
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            printBanner();
            printUsage(out);
            return OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "help", "-h", "--help" -> {
                printUsage(out);
                yield OK;
            }
            case "version", "--version" -> {
                out.println(LucyVersion.current());
                yield OK;
            }
            case "sim" -> TestkitMain.run(rest, out, err);
            case "memory" -> new MemoryCommand(out, err, System.getenv()).run(rest);
            case "format" -> new FormatCommand(in, out, err).run(rest);
            case "triage" -> new TriageCommand(out, err).run(rest);
            default -> {
                err.println("lucy: unknown command '" + command + "'"
                        + (rest.isEmpty() ? "" : " " + Arrays.toString(rest.toArray())));
                printUsage(err);
                yield USAGE;
            }
        };
    }

    private void printBanner() {
        out.println("Lucy " + LucyVersion.current() + ": an AI coworker that lives in chat.");
        out.println();
    }

    private static void printUsage(PrintStream to) {
        to.println("Usage: ./lucy [command]");
        to.println();
        to.println("Commands:");
        to.println("  help              show this help");
        to.println("  version           print the Lucy version");
        to.println("  sim slack         run the Slack simulator on 127.0.0.1 until stopped");
        to.println("  sim model-server  run the scripted model server on 127.0.0.1 until stopped");
        to.println("  memory            list, export, forget what Lucy remembers; try what it would extract");
        to.println(
                "  format            preview how Markdown on stdin reaches Slack (--target mrkdwn|blocks|markdown-block)");
        to.println("  triage TEXT       print as JSON what Lucy would do with a message (no model call)");
        to.println("  bench NAME        run a benchmark (./lucy bench help lists them)");
    }
}
