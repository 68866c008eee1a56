package dev.lucy.app.slack;

import dev.lucy.core.runtime.Admission;
import dev.lucy.core.runtime.DedupStore;
import dev.lucy.core.runtime.LucyRuntime;
import dev.lucy.core.runtime.RunRequest;
import dev.lucy.core.runtime.RuntimeConfig;
import dev.lucy.core.runtime.RuntimeObserver;
import dev.lucy.core.runtime.TriageDecision;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.slack.SlackSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Lucy runtime (recording port, recording run handler) behind a real {@link SlackIngress} and
 * {@link SlackTransport}, connected to a {@link SlackSimulator} over Socket Mode (or HTTP).
 */
final class IngressHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final SlackSimulator slack;
    final RecordingPort port = new RecordingPort();
    final List<RunRequest> runs = new CopyOnWriteArrayList<>();
    final List<Admission> admissions = new CopyOnWriteArrayList<>();
    final TrackingExecutor executor = new TrackingExecutor();
    /** Background tasks wait on this, so they stay unfinished while a test looks at them. */
    final CountDownLatch releaseBackground = new CountDownLatch(1);

    final LucyRuntime runtime;
    final SlackTransport transport;
    final SlackIngress ingress;

    IngressHarness(
            SlackSimulator slack,
            UnaryOperator<SlackTransportConfig.Builder> transportConfig,
            UnaryOperator<SlackIngress.Builder> ingressConfig,
            DedupStore dedup) {
        this.slack = slack;
        LucyRuntime.Builder runtimeBuilder = LucyRuntime.builder()
                .port(port)
                .handler(this::run)
                .observer(new RuntimeObserver() {
                    @Override
                    public void admitted(String workspaceId, Admission admission) {
                        admissions.add(admission);
                    }
                })
                .config(RuntimeConfig.builder()
                        .shutdownDeadline(Duration.ofSeconds(1))
                        .build());
        if (dedup != null) {
            runtimeBuilder.dedup(dedup);
        }
        this.runtime = runtimeBuilder.build().start();
        this.transport = SlackTransport.create(transportConfig
                .apply(SlackTransportConfig.builder()
                        .botToken(slack.botToken())
                        .appToken(slack.appToken())
                        .webApiUrl(slack.methodsUrl())
                        .pingInterval(Duration.ofSeconds(1))
                        .shutdownGrace(Duration.ZERO))
                .build());
        this.ingress = ingressConfig
                .apply(SlackIngress.builder(runtime, transport.botUserId()).executor(executor))
                .build();
        ingress.register(transport.app());
    }

    static IngressHarness socketMode(SlackSimulator slack) {
        return new IngressHarness(slack, b -> b, b -> b, null).start();
    }

    IngressHarness start() {
        transport.start();
        if (transport.config().mode() == SlackTransportConfig.Mode.SOCKET) {
            slack.awaitConnections(1, WAIT);
        }
        return this;
    }

    private void run(RunRequest request) {
        runs.add(request);
        if (request.task().isPresent()) {
            try {
                releaseBackground.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until {@code count} agent runs started; returns them. */
    List<RunRequest> awaitRuns(int count) {
        return slack.await(
                count + " agent run(s)",
                WAIT,
                () -> runs.size() >= count ? java.util.Optional.of(List.copyOf(runs)) : java.util.Optional.empty());
    }

    /** Waits until Slack has every envelope acknowledged and every handed-off piece of work has run. */
    void awaitQuiet() {
        slack.awaitAllAcked(WAIT);
        slack.awaitTrue("the ingress to finish its work", WAIT, () -> executor.busy() == 0);
    }

    /** Agent runs the runtime accepted (or queued) for a message. */
    long runsAdmittedFor(String ts) {
        return runs.stream().filter(r -> r.event().messageId().equals(ts)).count();
    }

    long agentRunAdmissions() {
        return admissions.stream()
                .filter(a -> a instanceof Admission.Accepted accepted
                                && accepted.decision() instanceof TriageDecision.AgentRun
                        || a instanceof Admission.Queued)
                .count();
    }

    @Override
    public void close() {
        releaseBackground.countDown();
        transport.close();
        ingress.close();
        runtime.close();
    }

    /**
     * For {@code @RegisterExtension}: a test that takes a {@link SlackSimulator} and an {@link IngressHarness} gets a
     * default simulator with Lucy connected over Socket Mode ({@link #socketMode}), both closed after the test.
     */
    static final class Connected implements ParameterResolver, AfterEachCallback {
        private SlackSimulator slack;
        private IngressHarness lucy;

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == SlackSimulator.class || type == IngressHarness.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (slack == null) {
                slack = SlackSimulator.create();
                lucy = socketMode(slack);
            }
            return parameter.getParameter().getType() == SlackSimulator.class ? slack : lucy;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (slack != null) {
                SlackSimulator simulator = slack;
                slack = null;
                try {
                    lucy.close();
                } finally {
                    simulator.close();
                }
            }
        }
    }

    /** Runs each task on its own virtual thread and counts those not finished yet. */
    static final class TrackingExecutor implements Executor {
        private final AtomicInteger busy = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            busy.incrementAndGet();
            Thread.ofVirtual().name("test-ingress").start(() -> {
                try {
                    task.run();
                } finally {
                    busy.decrementAndGet();
                }
            });
        }

        int busy() {
            return busy.get();
        }
    }
}
