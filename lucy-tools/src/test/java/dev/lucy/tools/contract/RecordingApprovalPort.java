package dev.lucy.tools.contract;

import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRecord;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalPort;
import dev.lucy.tools.spi.ApprovalPreferences;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** An {@link ApprovalPort} that shows nothing and records what it was asked and how each request ended. */
public final class RecordingApprovalPort implements ApprovalPort {
    /** The requests shown, in order; tests take them to decide. */
    public final BlockingQueue<ApprovalRequest> asked = new LinkedBlockingQueue<>();

    /** How each request ended, in order. */
    public final List<ApprovalOutcome> closed = new CopyOnWriteArrayList<>();

    /** Each ending as the gate reported it (who decided), in order. */
    public final List<ApprovalRecord> ended = new CopyOnWriteArrayList<>();

    /** For each ending, in order, for whom an "always allow" answer now holds (empty when it was no such answer). */
    public final List<Optional<ApprovalPreferences.Scope>> allowed = new CopyOnWriteArrayList<>();

    @Override
    public void ask(ApprovalRequest request) {
        asked.add(request);
    }

    @Override
    public void closed(ApprovalRecord record, Optional<ApprovalPreferences.Scope> alwaysAllowed) {
        ended.add(record);
        allowed.add(alwaysAllowed);
        closed.add(record.outcome());
    }
}
