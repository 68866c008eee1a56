package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.LucyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean socketConnected = new AtomicBoolean(true);
    private final AtomicBoolean databaseReachable = new AtomicBoolean(true);
    private final OpsServer server = OpsServer.builder()
            .port(0)
            .readiness("slack socket connected", socketConnected::get)
            .readiness("database reachable", databaseReachable::get)
            .metrics(registry)
            .build()
            .start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthz_says_the_process_is_alive() throws Exception {
        HttpResponse<String> response = Http.get(server, "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("alive");
    }

    @Test
    void readyz_is_ready_while_every_check_passes() throws Exception {
        HttpResponse<String> response = Http.get(server, "/readyz");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("checks").get("slack socket connected").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("database reachable").asText()).isEqualTo("ok");
    }

    @Test
    void readyz_answers_503_naming_the_failing_check_and_recovers_with_it() throws Exception {
        socketConnected.set(false);

        HttpResponse<String> down = Http.get(server, "/readyz");

        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(down.body());
        assertThat(body.get("status").asText()).isEqualTo("not ready");
        assertThat(body.get("reason").asText()).isEqualTo("slack socket connected");
        assertThat(body.get("checks").get("slack socket connected").asText()).isEqualTo("failing");
        assertThat(body.get("checks").get("database reachable").asText()).isEqualTo("ok");

        socketConnected.set(true);
        assertThat(Http.get(server, "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void a_check_that_throws_counts_as_not_ready() throws Exception {
        OpsServer throwing = OpsServer.builder()
                .readiness("database reachable", () -> {
                    throw new IllegalStateException("connection refused");
                })
                .build()
                .start();
        try {
            HttpResponse<String> response = Http.get(throwing, "/readyz");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json.readTree(response.body()).get("reason").asText()).isEqualTo("database reachable");
        } finally {
            throwing.close();
        }
    }

    @Test
    void readyz_fails_once_draining_while_healthz_stays_up() throws Exception {
        server.drain();

        HttpResponse<String> ready = Http.get(server, "/readyz");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(json.readTree(ready.body()).get("reason").asText()).isEqualTo("shutting down");
        assertThat(Http.get(server, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void metrics_serves_the_registry_in_prometheus_text_format() throws Exception {
        Counter.builder("lucy.test.events").register(registry).increment(3);

        HttpResponse<String> response = Http.get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(Http.samples(response.body())).containsEntry("lucy_test_events_total", 3.0);
    }

    @Test
    void only_get_and_head_are_allowed_and_unknown_paths_are_not_found() throws Exception {
        assertThat(Http.send(server, "/healthz", "POST").statusCode()).isEqualTo(405);
        assertThat(Http.send(server, "/healthz", "HEAD").statusCode()).isEqualTo(200);
        assertThat(Http.get(server, "/admin").statusCode()).isEqualTo(404);
    }

    @Test
    void without_a_registry_metrics_is_not_found() throws Exception {
        OpsServer bare = OpsServer.builder().build().start();
        try {
            assertThat(Http.get(bare, "/metrics").statusCode()).isEqualTo(404);
        } finally {
            bare.close();
        }
    }

    @Test
    void a_taken_port_fails_start_with_a_message_naming_the_setting() {
        OpsServer second = OpsServer.builder().port(server.port()).build();

        assertThatThrownBy(second::start)
                .isInstanceOf(LucyException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("LUCY_OPS_PORT");
    }

    @Test
    void close_stops_serving() throws Exception {
        int port = server.port();
        OpsServer probe = OpsServer.builder().port(port).build();
        server.close();

        // the port is free again: another server can take it
        probe.start();
        try {
            assertThat(probe.port()).isEqualTo(port);
        } finally {
            probe.close();
        }
        assertThatThrownBy(() -> Http.get(probe, "/healthz")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
