package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.contract.ApprovalAuditContract;
import dev.lucy.tools.spi.ApprovalAudit;
import org.junit.jupiter.api.Test;

/**
 * What a durable {@link ApprovalAudit} adds: records outlive the process, and a restart ends the requests its
 * process left waiting as interrupted, and only those. {@link #openAudit()} opens as owner {@code replica-a}.
 */
abstract class DurableApprovalAuditContract extends ApprovalAuditContract {

    /** Another process on the same database: a new connection pool and a new audit, as {@code owner}. */
    protected abstract ApprovalAudit restart(String owner);

    /** A delete_task request asked at {@code T0}, waiting in {@link #audit}. */
    private ApprovalRequest waiting(String id) {
        ApprovalRequest request = request(id, "delete_task", T0);
        audit.opened(request);
        return request;
    }

    @Test
    void records_outlive_a_restart() {
        ApprovalRequest request = waiting("r1");
        ApprovalRecord approved = new ApprovalRecord(request, ApprovalOutcome.APPROVED, "U9", T0.plusSeconds(3));
        audit.record(approved);

        assertThat(restart("replica-a").records()).containsExactly(approved);
    }

    @Test
    void a_request_left_waiting_ends_interrupted_once_after_a_restart() {
        ApprovalRequest request = waiting("left");

        ApprovalAudit restarted = restart("replica-a");
        ApprovalRecord interrupted = new ApprovalRecord(request, ApprovalOutcome.INTERRUPTED, "", T0.plusSeconds(60));

        assertThat(restarted.endAbandoned(T0.plusSeconds(60))).containsExactly(interrupted);
        assertThat(restarted.endAbandoned(T0.plusSeconds(61))).isEmpty();
        assertThat(restarted.records()).containsExactly(interrupted);
    }

    @Test
    void a_restart_leaves_the_waiting_requests_of_other_replicas_alone() {
        ApprovalRequest request = waiting("theirs");

        assertThat(restart("replica-b").endAbandoned(T0.plusSeconds(60))).isEmpty();
        ApprovalRecord approved = new ApprovalRecord(request, ApprovalOutcome.APPROVED, "U9", T0.plusSeconds(61));
        audit.record(approved);
        assertThat(audit.records()).containsExactly(approved);
    }

    @Test
    void only_the_first_ending_of_a_request_counts() {
        ApprovalRequest request = waiting("twice");
        ApprovalRecord expired = new ApprovalRecord(request, ApprovalOutcome.EXPIRED, "", T0.plusSeconds(600));
        audit.record(expired);
        audit.record(new ApprovalRecord(request, ApprovalOutcome.APPROVED, "U9", T0.plusSeconds(601)));

        assertThat(audit.records()).containsExactly(expired);
    }

    @Test
    void a_restart_ends_its_own_abandoned_requests_and_leaves_another_replicas_waiting_one_waiting() {
        ApprovalRequest mine = waiting("mine");
        ApprovalAudit replicaB = restart("replica-b");
        ApprovalRequest theirs = request("theirs", new Caller("T2", "U2", "C2:172.1"), "delete_task", T0);
        replicaB.opened(theirs);

        ApprovalAudit restarted = restart("replica-a");
        ApprovalRecord interrupted = new ApprovalRecord(mine, ApprovalOutcome.INTERRUPTED, "", T0.plusSeconds(60));

        assertThat(restarted.endAbandoned(T0.plusSeconds(60))).containsExactly(interrupted);
        assertThat(restarted.records()).containsExactly(interrupted);
        replicaB.record(new ApprovalRecord(theirs, ApprovalOutcome.APPROVED, "U8", T0.plusSeconds(61)));
        assertThat(restarted.records())
                .containsExactly(
                        interrupted, new ApprovalRecord(theirs, ApprovalOutcome.APPROVED, "U8", T0.plusSeconds(61)));
    }
}
