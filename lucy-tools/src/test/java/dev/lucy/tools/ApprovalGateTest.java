package dev.lucy.tools;

import static dev.lucy.tools.SampleTools.DELETE_PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.tools.contract.RecordingApprovalPort;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPort;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));
    private final RecordingApprovalPort port = new RecordingApprovalPort();
    private final ApprovalAudit audit = ApprovalAudit.inMemory();
    private final AtomicInteger ids = new AtomicInteger();
    private final ApprovalGate gate = ApprovalGate.builder(port)
            .clock(clock)
            .expiry(Duration.ofMinutes(5))
            .audit(audit)
            .ids(() -> "ap-" + ids.incrementAndGet())
            .build();

    @Test
    void always_allow_stops_asking_for_that_tool_in_that_workspace_only() throws Exception {
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(ALICE);
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        gate.decide(asked.id(), ApprovalDecision.alwaysAllow("U-admin"));
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);

        ApprovalOutcome again = gate.await(new Caller("T1", "U-bob", "C2:1"), DELETE_PROJECT, "{}");
        BlockingQueue<ApprovalOutcome> elsewhere = awaitAsync(new Caller("T2", "U-eve", "C3:1"));

        assertThat(again).isEqualTo(ApprovalOutcome.ALWAYS_ALLOWED);
        assertThat(port.asked.poll(5, TimeUnit.SECONDS)).isNotNull(); // the other workspace is still asked
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void writes_an_audit_record_for_every_request_with_who_decided_and_when() throws Exception {
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(ALICE);
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(42));
        gate.decide(asked.id(), ApprovalDecision.cancel("U-alice"));
        outcomes.poll(5, TimeUnit.SECONDS);

        ApprovalRecord record = audit.records().getFirst();
        assertThat(record.outcome()).isEqualTo(ApprovalOutcome.CANCELLED);
        assertThat(record.decidedBy()).isEqualTo("U-alice");
        assertThat(record.decidedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:42Z"));
        assertThat(record.request().tool()).isEqualTo("delete_project");
        assertThat(record.request().arguments()).isEqualTo("{\"id\":3}");
        assertThat(gate.pending()).isEmpty();
    }

    @Test
    void an_interrupted_run_ends_its_request_and_keeps_the_interrupt() throws Exception {
        BlockingQueue<Object[]> seen = new LinkedBlockingQueue<>();
        Thread run = Thread.ofVirtual().start(() -> {
            ApprovalOutcome outcome = gate.await(ALICE, DELETE_PROJECT, "{}");
            seen.add(new Object[] {outcome, Thread.currentThread().isInterrupted()});
        });
        port.asked.poll(5, TimeUnit.SECONDS);
        run.interrupt();

        Object[] result = seen.poll(5, TimeUnit.SECONDS);
        assertThat(result[0]).isEqualTo(ApprovalOutcome.INTERRUPTED);
        assertThat(result[1]).isEqualTo(true);
        assertThat(audit.records().getFirst().outcome()).isEqualTo(ApprovalOutcome.INTERRUPTED);
    }

    @Test
    void a_port_that_cannot_ask_means_no_approval() {
        ApprovalGate broken = ApprovalGate.builder(new ApprovalPort() {
                    @Override
                    public void ask(ApprovalRequest request) {
                        throw new IllegalStateException("Slack is down");
                    }
                })
                .clock(clock)
                .build();

        assertThat(broken.await(ALICE, DELETE_PROJECT, "{}")).isEqualTo(ApprovalOutcome.NOT_ASKED);
    }

    @Test
    void a_waiting_run_expires_by_itself_when_the_clock_passes_the_deadline() throws Exception {
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(ALICE);
        port.asked.poll(5, TimeUnit.SECONDS);

        clock.advance(Duration.ofMinutes(6));

        // No sweeper runs here: the waiting thread looks at the clock within a second and expires the request.
        assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.EXPIRED);
    }

    @Test
    void a_failing_audit_still_ends_the_waiting_run_and_tells_whoever_decided() throws Exception {
        ApprovalGate failing = ApprovalGate.builder(port)
                .clock(clock)
                .audit(record -> {
                    throw new IllegalStateException("database down");
                })
                .build();
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcomes.add(failing.await(ALICE, DELETE_PROJECT, "{}")));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> failing.decide(asked.id(), ApprovalDecision.cancel("U-alice")))
                .hasMessageContaining("database down");
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.CANCELLED);
    }

    private BlockingQueue<ApprovalOutcome> awaitAsync(Caller caller) {
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcomes.add(gate.await(caller, DELETE_PROJECT, "{\"id\":3}")));
        return outcomes;
    }
}
