package dev.lucy.core.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An inbox that hands every call to {@code inbox}; tests override the calls they change. */
class ForwardingInbox implements Inbox {
    private final Inbox inbox;

    ForwardingInbox(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Receipt receive(InboundEvent event) {
        return inbox.receive(event);
    }

    @Override
    public void finish(InboxEntry entry) {
        inbox.finish(entry);
    }

    @Override
    public List<InboxEntry> resume() {
        return inbox.resume();
    }

    @Override
    public List<InboxEntry> takeOver(Duration silence) {
        return inbox.takeOver(silence);
    }

    @Override
    public boolean durable() {
        return inbox.durable();
    }

    @Override
    public void queueRun(InboxEntry entry, TriageDecision.AgentRun run) {
        inbox.queueRun(entry, run);
    }

    @Override
    public List<QueuedRun> queuedRuns(String conversationId) {
        return inbox.queuedRuns(conversationId);
    }

    @Override
    public boolean deciding(String conversationId, Instant sentBefore, Instant receivedSince) {
        return inbox.deciding(conversationId, sentBefore, receivedSince);
    }

    @Override
    public Optional<InboxEntry> take(InboxEntry entry) {
        return inbox.take(entry);
    }

    @Override
    public void drafted(InboxEntry entry, String messageId) {
        inbox.drafted(entry, messageId);
    }
}
