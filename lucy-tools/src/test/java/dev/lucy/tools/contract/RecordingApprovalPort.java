package dev.lucy.tools.contract;

import dev.lucy.tools.ApprovalOutcome;
import dev.lucy.tools.ApprovalRequest;
import dev.lucy.tools.spi.ApprovalPort;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** An {@link ApprovalPort} that shows nothing and records what it was asked and how each request ended. */
public final class RecordingApprovalPort implements ApprovalPort {
    /** The requests shown, in order; tests take them to decide. */
    public final BlockingQueue<ApprovalRequest> asked = new LinkedBlockingQueue<>();

    /** How each request ended, in order. */
    public final List<ApprovalOutcome> closed = new CopyOnWriteArrayList<>();

    @Override
    public void ask(ApprovalRequest request) {
        asked.add(request);
    }

    @Override
    public void closed(ApprovalRequest request, ApprovalOutcome outcome) {
        closed.add(outcome);
    }
}
