package dev.lucy.tools;

import static dev.lucy.tools.SampleTools.DELETE_PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.spi.RunBudget;
import dev.lucy.tools.contract.RecordingApprovalPort;
import dev.lucy.tools.spi.ApprovalAudit;
import dev.lucy.tools.spi.ApprovalPort;
import dev.lucy.tools.spi.ApprovalPreferences.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
    void always_allow_from_a_workspace_admin_stops_asking_everyone_in_that_workspace_only() throws Exception {
        ApprovalGate gate = ApprovalGate.builder(port)
                .clock(clock)
                .admins((workspace, user) -> workspace.equals("T1") && user.equals("U-admin"))
                .build();
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(gate, ALICE);
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        gate.decide(asked.id(), ApprovalDecision.alwaysAllow("U-admin"));
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);

        ApprovalOutcome again = gate.await(new Caller("T1", "U-bob", "C2:1"), DELETE_PROJECT, "{}");
        BlockingQueue<ApprovalOutcome> elsewhere = awaitAsync(gate, new Caller("T2", "U-eve", "C3:1"));

        assertThat(port.allowed).containsExactly(Optional.of(Scope.workspace("T1")));
        assertThat(again).isEqualTo(ApprovalOutcome.ALWAYS_ALLOWED);
        assertThat(port.asked.poll(5, TimeUnit.SECONDS)).isNotNull(); // the other workspace is still asked
        assertThat(elsewhere).isEmpty();
    }

    @Test
    void always_allow_from_someone_who_is_not_an_admin_stops_asking_them_only() throws Exception {
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(ALICE);
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        gate.decide(asked.id(), ApprovalDecision.alwaysAllow("U-alice"));
        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);

        ApprovalOutcome aliceAgain = gate.await(new Caller("T1", "U-alice", "C9:1"), DELETE_PROJECT, "{}");
        BlockingQueue<ApprovalOutcome> bob = awaitAsync(new Caller("T1", "U-bob", "C2:1"));

        assertThat(port.allowed).containsExactly(Optional.of(Scope.person("T1", "U-alice")));
        assertThat(aliceAgain).isEqualTo(ApprovalOutcome.ALWAYS_ALLOWED);
        ApprovalRequest bobAsked = port.asked.poll(5, TimeUnit.SECONDS);
        assertThat(bobAsked).as("bob is still asked").isNotNull();
        assertThat(bob).isEmpty();
        gate.decide(bobAsked.id(), ApprovalDecision.cancel("U-bob"));
        assertThat(bob.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.CANCELLED);
    }

    @Test
    void the_port_hears_who_decided() throws Exception {
        BlockingQueue<ApprovalOutcome> outcomes = awaitAsync(ALICE);
        gate.decide(port.asked.poll(5, TimeUnit.SECONDS).id(), ApprovalDecision.approve("U-alice"));
        outcomes.poll(5, TimeUnit.SECONDS);

        assertThat(port.ended).extracting(ApprovalRecord::decidedBy).containsExactly("U-alice");
        assertThat(port.allowed).containsExactly(Optional.empty());
    }

    @Test
    void the_runs_budget_is_paused_exactly_while_the_request_waits() throws Exception {
        List<String> budget = new CopyOnWriteArrayList<>();
        RunBudget recording = () -> {
            budget.add("paused");
            return () -> budget.add("running");
        };
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcomes.add(gate.await(ALICE, DELETE_PROJECT, "{}", recording)));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        assertThat(budget).containsExactly("paused");

        gate.decide(asked.id(), ApprovalDecision.approve("U-alice"));

        assertThat(outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo(ApprovalOutcome.APPROVED);
        assertThat(budget).containsExactly("paused", "running");
    }

    @Test
    void interrupting_the_run_again_while_its_request_ends_does_not_stop_the_person_being_told() throws Exception {
        BlockingQueue<ApprovalRequest> asked = new LinkedBlockingQueue<>();
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        ApprovalGate gate = ApprovalGate.builder(new ApprovalPort() {
                    @Override
                    public void ask(ApprovalRequest request) {
                        asked.add(request);
                    }

                    @Override
                    public void closed(ApprovalRecord record, Optional<Scope> alwaysAllowed) {
                        closing.countDown();
                        try {
                            release.await();
                            told.add(record.outcome().name());
                        } catch (InterruptedException e) {
                            told.add("cut off while telling them");
                        }
                    }
                })
                .clock(clock)
                .build();
        Thread run = Thread.ofVirtual().start(() -> gate.await(ALICE, DELETE_PROJECT, "{}"));
        asked.poll(5, TimeUnit.SECONDS);

        run.interrupt(); // the run is cancelled...
        assertThat(closing.await(5, TimeUnit.SECONDS)).isTrue();
        run.interrupt(); // ...and whatever stops it interrupts its threads once more
        release.countDown();
        run.join(Duration.ofSeconds(5));

        assertThat(told).containsExactly("INTERRUPTED");
    }

    @Test
    void a_tool_that_reaches_outside_systems_is_marked_in_the_request_and_the_audit() throws Exception {
        Tool openWorld =
                DELETE_PROJECT.toBuilder().tags(McpServers.OPEN_WORLD_TAG).build();
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcomes.add(gate.await(ALICE, openWorld, "{}")));
        ApprovalRequest asked = port.asked.poll(5, TimeUnit.SECONDS);
        gate.decide(asked.id(), ApprovalDecision.approve("U-alice"));
        outcomes.poll(5, TimeUnit.SECONDS);

        assertThat(asked.description()).endsWith(ApprovalGate.OPEN_WORLD_NOTE);
        assertThat(audit.records().getFirst().request().description()).endsWith(ApprovalGate.OPEN_WORLD_NOTE);
        assertThat(DELETE_PROJECT.description()).doesNotContain(ApprovalGate.OPEN_WORLD_NOTE);
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
        return awaitAsync(gate, caller);
    }

    private static BlockingQueue<ApprovalOutcome> awaitAsync(ApprovalGate gate, Caller caller) {
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> outcomes.add(gate.await(caller, DELETE_PROJECT, "{\"id\":3}")));
        return outcomes;
    }
}
