package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How every {@code ./lucy} command reads its command line: help, usage errors, {@code --config}, completion. */
class CommandLineTest {
    @TempDir
    Path dir;

    /** What one run printed, and its exit code. */
    private record Run(int code, String out, String err) {}

    private Run lucy(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(InputStream.nullInputStream(), utf8(out), utf8(err), Map.of()).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run lucy(String... args) {
        return lucy(List.of(args));
    }

    @Test
    void help_on_every_command_and_subcommand_prints_its_usage_and_exits_zero() {
        List<List<String>> commands = new ArrayList<>();
        collect(
                new Main(utf8(new ByteArrayOutputStream()), utf8(new ByteArrayOutputStream())).commandLine(),
                new ArrayList<>(),
                commands);
        assertThat(commands)
                .contains(
                        List.of(),
                        List.of("console"),
                        List.of("demo"),
                        List.of("memory", "list"),
                        List.of("format"),
                        List.of("completion"));

        for (List<String> command : commands) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(help);
                Run run = lucy(args);
                assertThat(run.code())
                        .as("exit code of ./lucy %s", String.join(" ", args))
                        .isZero();
                assertThat(run.out())
                        .as("./lucy %s", String.join(" ", args))
                        .startsWith(("Usage: ./lucy " + String.join(" ", command)).strip())
                        .contains("Show this help and exit.");
                assertThat(run.err()).as("./lucy %s", String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void help_names_a_command_and_shows_descriptions_and_defaults() {
        Run help = lucy("help", "format");

        assertThat(help.code()).isZero();
        assertThat(help.out())
                .startsWith("Usage: ./lucy format")
                .contains("--target=TARGET", "What Slack receives", "Default: mrkdwn", "Default: native");
        assertThat(lucy("format", "--help").out()).isEqualTo(help.out());
    }

    @Test
    void console_help_shows_its_options_without_looking_for_a_model() {
        Run run = lucy("console", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--config=FILE");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void a_mistyped_option_is_a_usage_error_in_one_line_that_suggests_the_closest() {
        Run format = lucy("format", "--targt", "blocks");
        Run list = lucy("memory", "list", "--workspac", "T1");

        assertThat(format.code()).isEqualTo(Main.USAGE);
        assertThat(format.err().lines())
                .singleElement()
                .asString()
                .startsWith("lucy format: unknown option '--targt'; did you mean --target?")
                .contains("./lucy format --help");
        assertThat(list.code()).isEqualTo(Main.USAGE);
        assertThat(list.err().lines())
                .singleElement()
                .asString()
                .startsWith("lucy memory list: unknown option '--workspac'; did you mean --workspace?");
        assertThat(format.out() + list.out()).isEmpty();
    }

    @Test
    void a_mistyped_command_is_a_usage_error_that_suggests_the_closest() {
        Run run = lucy("memory", "lst");

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("lucy memory: unknown command 'lst'; did you mean list?");
    }

    @Test
    void an_option_nothing_resembles_is_named_without_a_guess() {
        Run run = lucy("triage", "--colour", "hello");

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("lucy triage: unknown option '--colour' (");
    }

    @Test
    void a_bad_value_names_the_option_and_what_it_takes() {
        Run run = lucy("memory", "list", "--workspace", "T1", "--limit", "lots");

        assertThat(run.code()).isEqualTo(Main.USAGE);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("lucy memory list: --limit must be a positive number, not 'lots'");
    }

    @Test
    void config_is_read_before_or_after_the_command() throws Exception {
        Path settings = Files.writeString(dir.resolve("lucy.properties"), "LUCY_HTTP_PORT=abc\n");

        for (List<String> args : List.of(
                List.of("console", "--config", settings.toString()),
                List.of("--config", settings.toString(), "console"),
                List.of("console", "--config=" + settings))) {
            Run run = lucy(args);
            assertThat(run.code()).as("./lucy %s", args).isEqualTo(Main.USAGE);
            assertThat(run.err().lines())
                    .as("./lucy %s", args)
                    .singleElement()
                    .asString()
                    .startsWith("lucy: LUCY_HTTP_PORT");
        }
        // without the file, the setting is not there to complain about
        assertThat(lucy("console").err()).doesNotContain("LUCY_HTTP_PORT");
    }

    @Test
    void completion_prints_a_bash_script_that_completes_commands_and_options() throws Exception {
        Run run = lucy("completion");
        assertThat(run.code()).isZero();
        assertThat(run.out()).endsWith("complete -F _complete_lucy -o default ./lucy\n");
        Path script = Files.writeString(dir.resolve("lucy.bash"), run.out());

        String completions = bash(
                "source '" + script + "'",
                "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1));"
                        + " COMPREPLY=(); _complete_lucy 2>/dev/null; echo \"${COMPREPLY[*]}\"; }",
                "complete_words ./lucy form",
                "complete_words ./lucy memory li",
                "complete_words ./lucy format --ta",
                "complete_words ./lucy format --target m");

        assertThat(completions.lines()).containsExactly("format", "list", "--target --tables", "mrkdwn markdown-block");
    }

    private static String bash(String... lines) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", String.join("\n", lines))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    private static void collect(CommandLine line, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        line.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, into);
            }
        });
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
