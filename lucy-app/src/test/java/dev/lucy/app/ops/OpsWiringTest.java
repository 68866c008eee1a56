package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.app.config.ConfigLoader;
import dev.lucy.app.config.LucyConfig;
import dev.lucy.core.agent.AgentEvent;
import dev.lucy.tools.ToolMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The wiring lucy-app's README shows, run for real: config, metrics, endpoint, shutdown. */
class OpsWiringTest {

    @Test
    void a_configured_process_serves_metrics_and_fails_readiness_before_it_drains_on_shutdown() throws Exception {
        LucyConfig config =
                ConfigLoader.load(Map.of("LUCY_OPS_PORT", "0", "LUCY_SHUTDOWN_DEADLINE", "5s"), Optional.empty());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable jvm = LucyMetrics.bindJvmMetrics(registry);
        LucyMetrics metrics = LucyMetrics.create(registry, new ToolMetrics());
        AtomicBoolean socketOpen = new AtomicBoolean(true);
        OpsServer ops = OpsServer.builder()
                .host(config.opsHost())
                .port(config.opsPort())
                .metrics(registry)
                .readiness("slack socket connected", socketOpen::get)
                .build()
                .start();
        int port = ops.port();
        AtomicInteger readinessDuringDrain = new AtomicInteger();
        Shutdown shutdown = Shutdown.builder()
                .deadline(config.runtime().shutdownDeadline())
                .stopAccepting("readiness", ops::drain)
                .stopAccepting("slack socket", () -> socketOpen.set(false))
                .drain("runtime", remaining -> {
                    try {
                        readinessDuringDrain.set(Http.get(ops, "/readyz").statusCode());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .close("jvm metrics", jvm)
                .close("ops endpoint", ops)
                .build();

        metrics.on(new AgentEvent.TurnStarted(1));
        Map<String, Double> scrape = Http.samples(Http.get(ops, "/metrics").body());
        assertThat(scrape).containsEntry("lucy_model_calls_total", 1.0);
        assertThat(scrape).containsKey("jvm_threads_live_threads");
        assertThat(scrape).containsKey("process_uptime_seconds");
        assertThat(Http.get(ops, "/readyz").statusCode()).isEqualTo(200);

        Shutdown.Report report = shutdown.run();

        assertThat(report.clean()).isTrue();
        assertThat(readinessDuringDrain).hasValue(503);
        assertThat(socketOpen).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
