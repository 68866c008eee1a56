package dev.lucy.tools;

import dev.lucy.tools.spi.ApprovalPort;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** An approval port that records what would be shown to a human: each request asked, each outcome closed. */
final class RecordingApprovalPort implements ApprovalPort {
    final BlockingQueue<ApprovalRequest> asked = new LinkedBlockingQueue<>();
    final List<ApprovalOutcome> closed = new CopyOnWriteArrayList<>();

    @Override
    public void ask(ApprovalRequest request) {
        asked.add(request);
    }

    @Override
    public void closed(ApprovalRequest request, ApprovalOutcome outcome) {
        closed.add(outcome);
    }
}
