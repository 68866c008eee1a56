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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./lucy format [--target mrkdwn|blocks|markdown-block] [--tables native|monospace] [--allow-broadcasts]}:
 * reads Markdown on standard input and prints what Slack would receive. One mrkdwn message prints as its text;
 * otherwise each message is one line of JSON ({@code {"text":...,"blocks":[...]}}), in order.
 */
@Command(
        name = "format",
        description = {
            "Preview how Markdown on standard input reaches Slack: ./lucy format < answer.md",
            "Prints the mrkdwn text, or one JSON message per line (blocks, markdown blocks, or an answer split"
                    + " into several messages)."
        })
final class FormatCommand implements Callable<Integer> {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    @Option(
            names = "--target",
            paramLabel = "TARGET",
            defaultValue = "mrkdwn",
            converter = TargetValue.class,
            completionCandidates = TargetValue.Names.class,
            description = "What Slack receives: mrkdwn (message text), blocks or markdown-block.")
    private Target target;

    @Option(
            names = "--tables",
            paramLabel = "STYLE",
            defaultValue = "native",
            converter = TablesValue.class,
            completionCandidates = TablesValue.Names.class,
            description = "How tables show: native (a table block) or monospace (aligned text).")
    private TableStyle tables;

    @Option(
            names = "--allow-broadcasts",
            description = "Keep @channel, @here and @everyone (neutralised by default, as in the bot).")
    private boolean allowBroadcasts;

    FormatCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String markdown;
        try {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("lucy format: could not read standard input: " + e.getMessage());
            return Main.FAILED;
        }
        FormatOptions options = FormatOptions.builder()
                .target(target)
                .tables(tables)
                .allowBroadcasts(allowBroadcasts)
                .build();
        List<SlackMessage> messages = SlackFormatter.of(options).format(markdown);
        if (target == Target.MRKDWN && messages.size() == 1) {
            out.println(messages.get(0).text());
        } else {
            messages.forEach(message -> out.println(message.toJson()));
        }
        return Main.OK;
    }

    /** {@code mrkdwn}, {@code blocks} or {@code markdown-block}. */
    static final class TargetValue implements ITypeConverter<Target> {
        static final class Names implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return List.of("mrkdwn", "blocks", "markdown-block").iterator();
            }
        }

        @Override
        public Target convert(String value) {
            return switch (value) {
                case "mrkdwn" -> Target.MRKDWN;
                case "blocks" -> Target.BLOCKS;
                case "markdown-block" -> Target.MARKDOWN_BLOCK;
                default ->
                    throw new TypeConversionException("must be mrkdwn, blocks or markdown-block, not '" + value + "'");
            };
        }
    }

    /** {@code native} or {@code monospace}. */
    static final class TablesValue implements ITypeConverter<TableStyle> {
        static final class Names implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return List.of("native", "monospace").iterator();
            }
        }

        @Override
        public TableStyle convert(String value) {
            return switch (value) {
                case "native" -> TableStyle.NATIVE;
                case "monospace" -> TableStyle.MONOSPACE;
                default -> throw new TypeConversionException("must be native or monospace, not '" + value + "'");
            };
        }
    }
}
