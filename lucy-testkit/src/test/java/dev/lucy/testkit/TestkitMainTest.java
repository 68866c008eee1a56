package dev.lucy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class TestkitMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void model_server_prints_its_base_url_and_serves_until_stopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> TestkitMain.run(List.of("model-server", "--model", "fast"), print(out), print(err), stop));

        String baseUrl = firstLine(out);
        assertThat(baseUrl).matches("http://127\\.0\\.0\\.1:\\d+/v1");
        HttpResponse<String> models = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/models")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(models.body()).contains("\"id\":\"fast\"");
        assertThat(exit).isNotDone();

        stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(TestkitMain.OK);
    }

    @Test
    void an_unknown_server_is_named_with_the_usage() {
        assertThat(TestkitMain.run(List.of("mainframe"), print(out), print(err)))
                .isEqualTo(TestkitMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown server 'mainframe'")
                .contains("model-server");
    }

    @Test
    void no_server_name_prints_the_usage() {
        assertThat(TestkitMain.run(List.of(), print(out), print(err))).isEqualTo(TestkitMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: lucy sim SERVER");
    }

    @Test
    void a_bad_port_is_refused_without_starting() {
        int code = TestkitMain.run(List.of("model-server", "--port", "http"), print(out), print(err));

        assertThat(code).isEqualTo(TestkitMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a port number");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static String firstLine(ByteArrayOutputStream bytes) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (text.contains("\n")) {
                return text.substring(0, text.indexOf('\n')).strip();
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("the server printed no base URL within 20 s");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
