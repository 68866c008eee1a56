package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.tools.ApprovalGate;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.SideEffect;
import dev.lucy.tools.Tool;
import dev.lucy.tools.contract.RecordingApprovalPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request waiting for a human when Lucy stops is ended as interrupted at the next start, and its person told. */
class ApprovalGateRestartTest {
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");
    private static final Tool DELETE = Tool.builder("delete_project")
            .description("Delete a project and its tasks")
            .sideEffect(SideEffect.DESTRUCTIVE)
            .handler((caller, args) -> ToolResult.success("gone"))
            .build();

    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.sqlite();

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));

    @AfterEach
    void close() {
        databases.closeAll();
    }

    @Test
    void a_request_waiting_when_the_process_stopped_ends_interrupted_at_restart_and_the_person_is_told()
            throws Exception {
        Database before = databases.fresh();
        RecordingApprovalPort firstPort = new RecordingApprovalPort();
        ApprovalGate first = ApprovalGate.builder(firstPort)
                .clock(clock)
                .expiry(Duration.ofMinutes(10))
                .audit(JdbcApprovalAudit.open(before, "lucy-0"))
                .build();
        BlockingQueue<ApprovalOutcome> outcomes = new LinkedBlockingQueue<>();
        Thread run = Thread.ofVirtual().start(() -> outcomes.add(first.await(ALICE, DELETE, "{\"id\":3}")));
        ApprovalRequest asked = firstPort.asked.poll(5, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();

        // The process dies here: nobody decided. Another process starts on the same database.
        clock.advance(Duration.ofMinutes(2));
        RecordingApprovalPort secondPort = new RecordingApprovalPort();
        JdbcApprovalAudit audit = JdbcApprovalAudit.open(databases.again(), "lucy-0");
        ApprovalGate second =
                ApprovalGate.builder(secondPort).clock(clock).audit(audit).build();

        List<ApprovalRecord> ended = second.endInterrupted();

        assertThat(ended).extracting(ApprovalRecord::request).containsExactly(asked);
        assertThat(secondPort.closed).containsExactly(ApprovalOutcome.INTERRUPTED);
        assertThat(audit.records())
                .extracting(ApprovalRecord::outcome, r -> r.request().arguments())
                .containsExactly(tuple(ApprovalOutcome.INTERRUPTED, "{\"id\":3}"));
        run.interrupt(); // the old run goes away; its own ending changes nothing now
        run.join(Duration.ofSeconds(5));
        assertThat(audit.records()).extracting(ApprovalRecord::outcome).containsExactly(ApprovalOutcome.INTERRUPTED);
    }
}
