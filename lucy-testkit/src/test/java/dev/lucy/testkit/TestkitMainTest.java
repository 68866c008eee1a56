package dev.lucy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestkitMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void slack_prints_its_urls_and_tokens_and_can_be_driven_over_http() throws Exception {
        Optional<SlackSimulator> started = TestkitMain.startSlack(List.of(), utf8(out), utf8(err));
        assertThat(started).isPresent();
        try (SlackSimulator slack = started.get();
                HttpClient http = HttpClient.newHttpClient()) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed)
                    .contains(slack.methodsUrl())
                    .contains("SLACK_BOT_TOKEN=" + slack.botToken())
                    .contains("SLACK_APP_TOKEN=" + slack.appToken());

            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(slack.baseUrl() + "sim/post"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("user=alice&channel=general&text=hello"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);
            JsonNode answer = new ObjectMapper().readTree(posted.body());
            assertThat(slack.messages("general"))
                    .extracting(SlackMessage::ts, SlackMessage::text)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            answer.path("ts").asText(), "hello"));

            HttpResponse<String> unknownUser = http.send(
                    HttpRequest.newBuilder(URI.create(slack.baseUrl() + "sim/post"))
                            .POST(HttpRequest.BodyPublishers.ofString("user=mallory&text=hi"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknownUser.statusCode()).isEqualTo(400);
            assertThat(unknownUser.body()).contains("no user named mallory");
        }
    }

    @Test
    void a_bad_option_is_a_usage_error_without_a_stack_trace() {
        assertThat(TestkitMain.run(List.of("slack", "--colour"), utf8(out), utf8(err)))
                .isEqualTo(TestkitMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option '--colour'")
                .doesNotContain("Exception");
        assertThat(TestkitMain.run(List.of("slack", "--port", "http"), utf8(out), utf8(err)))
                .isEqualTo(TestkitMain.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a port number");
    }

    @Test
    void an_unknown_server_or_none_is_a_usage_error() {
        assertThat(TestkitMain.run(List.of("teams"), utf8(out), utf8(err))).isEqualTo(TestkitMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown server 'teams'")
                .contains("Usage:");
        assertThat(TestkitMain.run(List.of(), utf8(out), utf8(err))).isEqualTo(TestkitMain.USAGE);
    }

    @Test
    void a_port_in_use_is_reported_in_one_line() {
        try (SlackSimulator first = SlackSimulator.create()) {
            int port = first.baseUrl().getPort();
            Optional<SlackSimulator> second =
                    TestkitMain.startSlack(List.of("--port", Integer.toString(port)), utf8(out), utf8(err));
            assertThat(second).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .startsWith("lucy sim slack: cannot listen on 127.0.0.1:" + port)
                    .doesNotContain("\n");
        }
    }
}
