package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.LucyVersion;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(utf8(out), utf8(err));

    @Test
    void help_prints_usage_with_every_command() {
        assertThat(main.run(List.of("help"))).isEqualTo(Main.OK);
        assertThat(text(out))
                .contains("Usage: ./lucy")
                .contains("demo", "console", "triage", "memory", "format", "sim slack", "bench");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void an_invalid_setting_stops_start_up_with_one_line_naming_it() {
        Main misconfigured =
                new Main(InputStream.nullInputStream(), utf8(out), utf8(err), Map.of("LUCY_HTTP_PORT", "abc"));
        assertThat(misconfigured.run(List.of())).isEqualTo(Main.USAGE);
        assertThat(text(err).lines()).singleElement().asString().startsWith("lucy: LUCY_HTTP_PORT");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void a_broken_token_is_named_without_repeating_it() {
        Main misconfigured = new Main(
                InputStream.nullInputStream(),
                utf8(out),
                utf8(err),
                Map.of("SLACK_BOT_TOKEN", "not-a-token-s3cr3t", "SLACK_APP_TOKEN", "xapp-1-A1-1-abc"));
        assertThat(misconfigured.run(List.of())).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("SLACK_BOT_TOKEN").doesNotContain("s3cr3t");
    }

    @Test
    void console_without_a_model_says_what_to_set() {
        assertThat(main.run(List.of("console"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("OPENROUTER_API_KEY");
    }

    @Test
    void version_prints_only_the_version() {
        assertThat(main.run(List.of("version"))).isEqualTo(Main.OK);
        assertThat(text(out).strip()).isEqualTo(LucyVersion.current());
    }

    @Test
    void unknown_command_names_it_and_exits_with_usage_code() {
        assertThat(main.run(List.of("frobnicate"))).isEqualTo(Main.USAGE);
        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .startsWith("lucy: unknown command 'frobnicate'")
                .contains("./lucy --help");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void demo_and_sim_without_lucy_demo_say_in_one_line_where_they_ship() {
        // lucy-app's own class path has no lucy-demo, as in lucy.jar
        for (String command : List.of("demo", "sim")) {
            err.reset();
            assertThat(main.run(List.of(command, "slack"))).isEqualTo(Main.FAILED);
            assertThat(text(err).lines())
                    .singleElement()
                    .asString()
                    .contains("lucy-demo")
                    .contains("run ./lucy from a checkout");
        }
        assertThat(text(out)).isEmpty();
    }

    @Test
    void start_at_a_terminal_without_credentials_or_lucy_demo_names_what_is_missing_in_one_line() {
        Main atTerminal =
                new Main(InputStream.nullInputStream(), utf8(out), utf8(err), Map.of(), Subcommand::installed, true);
        assertThat(atTerminal.run(List.of())).isEqualTo(Main.USAGE);
        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .startsWith("lucy: no Slack credentials configured")
                .contains("docs/getting-started.md")
                .contains("lucy-demo");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void demo_and_sim_run_the_installed_command_with_the_words_after_their_name() {
        List<List<String>> ran = new ArrayList<>();
        Main withDemo = withSubcommand(ran, 3);

        assertThat(withDemo.run(List.of("sim", "slack", "--port", "0"))).isEqualTo(3);
        assertThat(withDemo.run(List.of("demo"))).isEqualTo(3);

        assertThat(ran).containsExactly(List.of("sim", "slack", "--port", "0"), List.of("demo"));
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).isEmpty();
    }

    @Test
    void start_at_a_terminal_without_credentials_introduces_the_demo_and_plays_it() {
        List<List<String>> ran = new ArrayList<>();

        assertThat(withSubcommand(ran, Main.OK, Map.of(), true).run(List.of())).isEqualTo(Main.OK);

        assertThat(ran).containsExactly(List.of("demo"));
        assertThat(text(out))
                .startsWith("Lucy " + LucyVersion.current() + ": an AI coworker that lives in chat.")
                .contains("No Slack credentials configured, so here is the demo: a simulation on this machine.");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void lucy_from_a_checkout_plays_the_demo_without_credentials_even_away_from_a_terminal() {
        List<List<String>> ran = new ArrayList<>();

        assertThat(withSubcommand(ran, Main.OK, Map.of(), false).run(List.of())).isEqualTo(Main.OK);

        assertThat(ran).containsExactly(List.of("demo"));
        assertThat(text(out)).contains("No Slack credentials configured, so here is the demo");
    }

    @Test
    void the_bots_own_jar_away_from_a_terminal_without_slack_credentials_stops_in_one_line() {
        Main botJar = new Main(
                InputStream.nullInputStream(), utf8(out), utf8(err), Map.of(), name -> Optional.empty(), false);

        assertThat(botJar.run(List.of())).isEqualTo(Main.USAGE);

        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .startsWith("lucy: no Slack credentials: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN")
                .contains("./lucy demo");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void slack_credentials_without_a_model_stop_in_one_line_even_at_a_terminal() {
        Map<String, String> slackOnly = Map.of("SLACK_BOT_TOKEN", "xoxb-1-2-abc", "SLACK_APP_TOKEN", "xapp-1-A1-1-abc");
        for (boolean atTerminal : List.of(true, false)) {
            List<List<String>> ran = new ArrayList<>();
            err.reset();

            assertThat(withSubcommand(ran, Main.OK, slackOnly, atTerminal).run(List.of()))
                    .isEqualTo(Main.USAGE);

            assertThat(ran).as("no demo").isEmpty();
            assertThat(text(err).lines())
                    .singleElement()
                    .asString()
                    .startsWith("lucy: no model to ask: set OPENROUTER_API_KEY, OPENAI_API_KEY")
                    .contains("OPENAI_BASE_URL");
        }
        assertThat(text(out)).isEmpty();
    }

    @Test
    void a_command_that_cannot_be_loaded_is_named_in_one_line() {
        Main broken = new Main(
                InputStream.nullInputStream(),
                utf8(out),
                utf8(err),
                Map.of(),
                name -> {
                    throw new ServiceConfigurationError("dev.lucy.demo.DemoCommand: Provider not found");
                },
                true);

        assertThat(broken.run(List.of("demo"))).isEqualTo(Main.FAILED);
        assertThat(text(err).lines())
                .singleElement()
                .asString()
                .isEqualTo("lucy: cannot load './lucy demo': dev.lucy.demo.DemoCommand: Provider not found");
    }

    /**
     * A Main whose {@code demo}, {@code sim} and {@code bench} record their name and the words after it, and exit with
     * {@code code}.
     */
    private Main withSubcommand(List<List<String>> ran, int code) {
        return withSubcommand(ran, code, Map.of(), false);
    }

    /** The same, with {@code env} as the environment, at a terminal or not. */
    private Main withSubcommand(List<List<String>> ran, int code, Map<String, String> env, boolean atTerminal) {
        return new Main(
                InputStream.nullInputStream(),
                utf8(out),
                utf8(err),
                env,
                name -> Optional.of(new Subcommand() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public CommandLine command(PrintStream to, PrintStream errors) {
                        return new CommandLine(new Recording(name, ran, code));
                    }
                }),
                atTerminal);
    }

    /** A shipped command that records the words it was given. */
    @Command
    static final class Recording implements Callable<Integer> {
        private final String name;
        private final List<List<String>> ran;
        private final int code;

        @Unmatched
        List<String> words = new ArrayList<>();

        Recording(String name, List<List<String>> ran, int code) {
            this.name = name;
            this.ran = ran;
            this.code = code;
        }

        @Override
        public Integer call() {
            List<String> call = new ArrayList<>(List.of(name));
            call.addAll(words);
            ran.add(List.copyOf(call));
            return code;
        }
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
