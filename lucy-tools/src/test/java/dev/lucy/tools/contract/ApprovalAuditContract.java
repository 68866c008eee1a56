package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalAudit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApprovalAudit} must do. Extend it and open a fresh, empty audit. */
public abstract class ApprovalAuditContract {
    protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00.123456789Z");

    protected ApprovalAudit audit;

    /** A fresh, empty audit. */
    protected abstract ApprovalAudit openAudit();

    /** Closes whatever {@link #openAudit()} opened. */
    protected void closeAll() {}

    @BeforeEach
    void open() {
        audit = openAudit();
    }

    @AfterEach
    void close() {
        closeAll();
    }

    protected static ApprovalRequest request(String id, String tool, Instant at) {
        return request(id, new Caller("T1", "U1", "C1:171.1"), tool, at);
    }

    /** A request of {@code caller}: another workspace, person or conversation. */
    protected static ApprovalRequest request(String id, Caller caller, String tool, Instant at) {
        return new ApprovalRequest(
                id,
                caller,
                tool,
                "Deletes a task for good",
                "{\"id\":7,\"note\":\"l'été \\\"à\\\" ✓\"}",
                at,
                at.plus(Duration.ofMinutes(10)));
    }

    @Test
    void every_ending_is_kept_with_exactly_what_was_asked_oldest_first() {
        ApprovalRequest approved = request("r1", "delete_task", T0);
        ApprovalRequest allowed = request("r2", "delete_task", T0.plusSeconds(1));
        ApprovalRequest cancelled = request("r3", "drop_table", T0.plusSeconds(2));

        audit.opened(approved);
        audit.record(new ApprovalRecord(approved, ApprovalOutcome.APPROVED, "U9", T0.plusSeconds(5)));
        audit.record(new ApprovalRecord(allowed, ApprovalOutcome.ALWAYS_ALLOWED, "", T0.plusSeconds(6)));
        audit.opened(cancelled);
        audit.record(new ApprovalRecord(cancelled, ApprovalOutcome.CANCELLED, "U8", T0.plusSeconds(7)));

        assertThat(audit.records())
                .containsExactly(
                        new ApprovalRecord(approved, ApprovalOutcome.APPROVED, "U9", T0.plusSeconds(5)),
                        new ApprovalRecord(allowed, ApprovalOutcome.ALWAYS_ALLOWED, "", T0.plusSeconds(6)),
                        new ApprovalRecord(cancelled, ApprovalOutcome.CANCELLED, "U8", T0.plusSeconds(7)));
    }

    @Test
    void a_request_still_waiting_is_not_a_record_yet() {
        audit.opened(request("waiting", "delete_task", T0));

        assertThat(audit.records()).isEmpty();
    }

    @Test
    void requests_this_audit_opened_are_never_ended_as_abandoned() {
        audit.opened(request("mine", "delete_task", T0));

        assertThat(audit.endAbandoned(T0.plusSeconds(1))).isEmpty();
        assertThat(audit.records()).isEmpty();
    }

    @Test
    void ending_one_request_leaves_another_workspaces_waiting_request_waiting() {
        ApprovalRequest ours = request("ours", "delete_task", T0);
        ApprovalRequest theirs = request("theirs", new Caller("T2", "U2", "C2:172.1"), "delete_task", T0);
        audit.opened(ours);
        audit.opened(theirs);

        audit.record(new ApprovalRecord(ours, ApprovalOutcome.CANCELLED, "U9", T0.plusSeconds(5)));

        assertThat(audit.records())
                .containsExactly(new ApprovalRecord(ours, ApprovalOutcome.CANCELLED, "U9", T0.plusSeconds(5)));
        audit.record(new ApprovalRecord(theirs, ApprovalOutcome.APPROVED, "U8", T0.plusSeconds(6)));
        assertThat(audit.records())
                .containsExactly(
                        new ApprovalRecord(ours, ApprovalOutcome.CANCELLED, "U9", T0.plusSeconds(5)),
                        new ApprovalRecord(theirs, ApprovalOutcome.APPROVED, "U8", T0.plusSeconds(6)));
    }
}
