package dev.lucy.app;

import dev.lucy.slack.FormatOptions;
import dev.lucy.slack.SlackFormatter;
import dev.lucy.slack.SlackMessage;
import dev.lucy.slack.TableStyle;
import dev.lucy.slack.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ./lucy format [--target mrkdwn|blocks|markdown-block] [--tables native|monospace] [--allow-broadcasts]}:
 * reads Markdown on standard input and prints what Slack would receive. One mrkdwn message prints as its text;
 * otherwise each message is one line of JSON ({@code {"text":...,"blocks":[...]}}), in order.
 */
record FormatCommand(InputStream in, PrintStream out, PrintStream err) {
    int run(List<String> args) {
        FormatOptions.Builder options = FormatOptions.builder();
        Target target = Target.MRKDWN;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> {
                    usage(out);
                    return Main.OK;
                }
                case "--allow-broadcasts" -> options.allowBroadcasts(true);
                case "--target", "--tables" -> {
                    if (i + 1 >= args.size()) {
                        err.println("lucy format: " + arg + " needs a value");
                        usage(err);
                        return Main.USAGE;
                    }
                    String value = args.get(++i);
                    if (arg.equals("--target")) {
                        Target parsed = target(value);
                        if (parsed == null) {
                            err.println("lucy format: unknown target '" + value
                                    + "' (use mrkdwn, blocks or markdown-block)");
                            return Main.USAGE;
                        }
                        target = parsed;
                    } else if (value.equals("native") || value.equals("monospace")) {
                        options.tables(value.equals("native") ? TableStyle.NATIVE : TableStyle.MONOSPACE);
                    } else {
                        err.println("lucy format: unknown table style '" + value + "' (use native or monospace)");
                        return Main.USAGE;
                    }
                }
                default -> {
                    err.println("lucy format: unknown option '" + arg + "'");
                    usage(err);
                    return Main.USAGE;
                }
            }
        }
        String markdown;
        try {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("lucy format: could not read standard input: " + e.getMessage());
            return Main.FAILED;
        }
        List<SlackMessage> messages =
                SlackFormatter.of(options.target(target).build()).format(markdown);
        if (target == Target.MRKDWN && messages.size() == 1) {
            out.println(messages.get(0).text());
        } else {
            messages.forEach(message -> out.println(message.toJson()));
        }
        return Main.OK;
    }

    private static Target target(String value) {
        return switch (value) {
            case "mrkdwn" -> Target.MRKDWN;
            case "blocks" -> Target.BLOCKS;
            case "markdown-block" -> Target.MARKDOWN_BLOCK;
            default -> null;
        };
    }

    static void usage(PrintStream to) {
        to.println("Usage: ./lucy format [--target mrkdwn|blocks|markdown-block] [--tables native|monospace]"
                + " [--allow-broadcasts] < answer.md");
        to.println("Reads Markdown on standard input and prints what Slack would receive: the mrkdwn text, or one");
        to.println("JSON message per line (blocks, markdown blocks, or an answer split into several messages).");
    }
}
