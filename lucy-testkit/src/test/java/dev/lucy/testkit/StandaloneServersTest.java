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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The loopback servers {@code ./lucy sim} runs; lucy-demo's {@code SimCommandTest} covers its command line. */
class StandaloneServersTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void slack_prints_its_urls_and_tokens_and_can_be_driven_over_http() throws Exception {
        Optional<SlackSimulator> started = StandaloneServers.startSlack(0, utf8(out), utf8(err));
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

            HttpResponse<String> withFile = http.send(
                    HttpRequest.newBuilder(URI.create(slack.baseUrl() + "sim/post"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "user=alice&channel=general&text=this"
                                                    + "&file_name=sales.csv&file_type=text%2Fcsv&file_text=region%2Camount%0ANorth%2C1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withFile.statusCode()).isEqualTo(200);
            SlackMessage shared = slack.message(
                            "general",
                            new ObjectMapper()
                                    .readTree(withFile.body())
                                    .path("ts")
                                    .asText())
                    .orElseThrow();
            assertThat(new String(slack.fileContent(shared.fileIds().get(0)).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("region,amount\nNorth,1");

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
    void a_port_in_use_is_reported_in_one_line() {
        try (SlackSimulator first = SlackSimulator.create()) {
            int port = first.baseUrl().getPort();
            Optional<SlackSimulator> second = StandaloneServers.startSlack(port, utf8(out), utf8(err));
            assertThat(second).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .startsWith("lucy sim slack: cannot listen on 127.0.0.1:" + port)
                    .doesNotContain("\n");
        }
    }

    @Test
    void model_server_prints_its_base_url_and_serves_until_stopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> StandaloneServers.modelServer(0, List.of("fast"), print(out), print(err), stop));

        String baseUrl = firstLine(out);
        assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+/v1");
        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/models")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(models.body()).contains("\"id\":\"fast\"");
        assertThat(exit).isNotDone();

        stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(StandaloneServers.OK);
    }

    @Test
    void postgres_prints_a_database_url_replicas_can_share_and_serves_until_stopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(() -> StandaloneServers.postgres(print(out), print(err), stop));

        assertThat(firstLine(out, Duration.ofSeconds(90)))
                .as("standard error: %s", err)
                .startsWith("PostgreSQL listening on 127.0.0.1:");
        String url = out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.strip().startsWith("LUCY_DATABASE_URL="))
                .findFirst()
                .orElseThrow()
                .strip()
                .substring("LUCY_DATABASE_URL=".length());
        assertThat(url).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/lucy\\?user=postgres");
        try (Connection connection = DriverManager.getConnection(url);
                ResultSet rows = connection.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("lucy");
        }
        assertThat(exit).isNotDone();

        stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(StandaloneServers.OK);
    }

    private static String firstLine(ByteArrayOutputStream bytes) {
        return firstLine(bytes, Duration.ofSeconds(20));
    }

    private static String firstLine(ByteArrayOutputStream bytes, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (text.contains("\n")) {
                return text.substring(0, text.indexOf('\n')).strip();
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("the server printed nothing within " + wait.toSeconds() + " s");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
