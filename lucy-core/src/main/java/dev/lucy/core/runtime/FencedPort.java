package dev.lucy.core.runtime;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ConversationPort;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * A run's view of a {@link ConversationPort} when leases are shared: every call first checks the run's
 * {@link RunFence}, and once the lease is lost the call is refused (logged, not sent) with a
 * {@link LeaseLostException}, so a replica that lost a conversation cannot post into it after another took over.
 */
final class FencedPort implements ConversationPort {
    private static final System.Logger LOG = System.getLogger(FencedPort.class.getName());

    private final ConversationPort port;
    private final RunFence fence;

    FencedPort(ConversationPort port, RunFence fence) {
        this.port = port;
        this.fence = fence;
    }

    @Override
    public String post(String conversationId, String text) {
        check(conversationId, "message");
        return port.post(conversationId, text);
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        check(conversationId, "edit");
        port.update(conversationId, messageId, text);
    }

    @Override
    public String postAnswer(String conversationId, String eventId, String text) {
        check(conversationId, "message");
        return port.postAnswer(conversationId, eventId, text);
    }

    @Override
    public void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        check(conversationId, "edit");
        port.updateAnswer(conversationId, messageId, eventId, text);
    }

    @Override
    public boolean answered(String conversationId, String eventId) {
        return port.answered(conversationId, eventId);
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        check(conversationId, "reaction");
        port.react(conversationId, messageId, emoji);
    }

    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        check(conversationId, "post");
        return port.postProgress(conversationId, text);
    }

    @Override
    public void showWorking(String conversationId, String messageId, String emoji) {
        check(conversationId, "reaction");
        port.showWorking(conversationId, messageId, emoji);
    }

    @Override
    public void delete(String conversationId, String messageId) {
        check(conversationId, "deletion");
        port.delete(conversationId, messageId);
    }

    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        check(conversationId, "reaction removal");
        port.unreact(conversationId, messageId, emoji);
    }

    @Override
    public void setStatus(String conversationId, String status) {
        check(conversationId, "status");
        port.setStatus(conversationId, status);
    }

    @Override
    public Stream startStream(String conversationId, String initialText) {
        check(conversationId, "streamed answer");
        return fenced(conversationId, port.startStream(conversationId, initialText));
    }

    @Override
    public Stream startStream(Caller recipient, String initialText) {
        check(recipient.conversationId(), "streamed answer");
        return fenced(recipient.conversationId(), port.startStream(recipient, initialText));
    }

    private Stream fenced(String conversationId, Stream stream) {
        return new Stream() {
            @Override
            public void append(String markdown) {
                check(conversationId, "streamed answer");
                stream.append(markdown);
            }

            @Override
            public String finish() {
                check(conversationId, "streamed answer");
                return stream.finish();
            }

            @Override
            public Optional<String> messageId() {
                return stream.messageId();
            }

            @Override
            public String finishAnswer(String eventId) {
                check(conversationId, "streamed answer");
                return stream.finishAnswer(eventId);
            }
        };
    }

    private void check(String conversationId, String what) {
        if (!fence.holds()) {
            LOG.log(
                    Level.INFO,
                    "not sending a " + what + " to conversation " + conversationId
                            + ": this replica lost the conversation's lease, another one answers there now");
            throw new LeaseLostException(conversationId);
        }
    }
}
