package dev.lucy.app.web;

import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalAudit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An {@link ApprovalAudit} that also adds each approval to the trace of the run that asked for it: asked (which tool,
 * with what arguments, redacted) and how it ended (granted or denied, by whom; expired; always allowed). The audit
 * itself is written first and as before; the trace never breaks it.
 */
final class TracedApprovals implements ApprovalAudit {
    private final ApprovalAudit audit;
    private final TraceRecorder recorder;

    TracedApprovals(ApprovalAudit audit, TraceRecorder recorder) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    @Override
    public void opened(ApprovalRequest request) {
        audit.opened(request);
        try {
            recorder.runAsking(request).ifPresent(run -> run.approvalAsked(request));
        } catch (RuntimeException e) {
            // a trace never breaks an approval
        }
    }

    @Override
    public void record(ApprovalRecord record) {
        audit.record(record);
        try {
            recorder.runAsking(record.request()).ifPresent(run -> run.approvalEnded(record));
        } catch (RuntimeException e) {
            // a trace never breaks an approval
        }
    }

    @Override
    public List<ApprovalRecord> endAbandoned(Instant now) {
        return audit.endAbandoned(now);
    }

    @Override
    public List<ApprovalRecord> records() {
        return audit.records();
    }
}
