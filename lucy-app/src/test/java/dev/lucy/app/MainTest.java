package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.LucyVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        Main misconfigured = new Main(
                java.io.InputStream.nullInputStream(), utf8(out), utf8(err), java.util.Map.of("LUCY_HTTP_PORT", "abc"));
        assertThat(misconfigured.run(List.of())).isEqualTo(Main.USAGE);
        assertThat(text(err).lines()).singleElement().asString().startsWith("lucy: LUCY_HTTP_PORT");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void a_broken_token_is_named_without_repeating_it() {
        Main misconfigured = new Main(
                java.io.InputStream.nullInputStream(),
                utf8(out),
                utf8(err),
                java.util.Map.of("SLACK_BOT_TOKEN", "not-a-token-s3cr3t", "SLACK_APP_TOKEN", "xapp-1-A1-1-abc"));
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
        assertThat(text(err)).contains("unknown command 'frobnicate'").contains("Usage: ./lucy");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void sim_without_a_known_server_names_it_and_exits_with_usage_code() {
        assertThat(main.run(List.of("sim", "teams"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("unknown server 'teams'").contains("slack");
    }

    @Test
    void sim_without_a_server_name_exits_with_usage_code() {
        assertThat(main.run(List.of("sim"))).isEqualTo(Main.USAGE);
        assertThat(text(err)).contains("lucy sim SERVER").contains("model-server");
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
