package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        Main main = new Main(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                java.util.Map.of());
        return main.run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prints_the_mrkdwn_slack_would_receive() {
        assertThat(run("## Summary\n\n**Done** & dusted: https://github.com/acme/app/pull/42", "format"))
                .isEqualTo(Main.OK);
        assertThat(out())
                .isEqualTo(
                        "*📝 Summary*\n\n*Done* &amp; dusted: <https://github.com/acme/app/pull/42|GitHub PR #42>\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void prints_blocks_as_one_json_message_per_line() {
        assertThat(run("# Results\n\n---\n\nok", "format", "--target", "blocks"))
                .isEqualTo(Main.OK);
        assertThat(out().lines().toList()).hasSize(1);
        assertThat(out())
                .startsWith("{\"text\":")
                .contains("\"blocks\":[{\"type\":\"header\"")
                .contains("{\"type\":\"divider\"}");
    }

    @Test
    void prints_each_message_of_a_split_answer_on_its_own_line() {
        String longAnswer = ("A sentence that goes on for a while. ".repeat(200) + "\n\n").repeat(10);
        assertThat(run(longAnswer, "format", "--target", "markdown-block")).isEqualTo(Main.OK);
        List<String> lines = out().lines().toList();
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines)
                .allSatisfy(line -> assertThat(line).startsWith("{\"text\":").contains("\"type\":\"markdown\""));
    }

    @Test
    void an_unknown_target_is_a_usage_error_naming_it() {
        assertThat(run("x", "format", "--target", "html")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("lucy format: --target must be mrkdwn, blocks or markdown-block, not 'html'");
        assertThat(out()).isEmpty();
    }
}
