package dev.lucy.app.web;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ConversationPort;
import dev.lucy.core.spi.RunTrace;
import java.util.Optional;

/** A run's conversation port whose posts, edits and deletions go into the run's trace. */
final class TracedPort implements ConversationPort {
    private final ConversationPort port;
    private final TracedRun run;

    TracedPort(ConversationPort port, TracedRun run) {
        this.port = port;
        this.run = run;
    }

    @Override
    public String post(String conversationId, String text) {
        String id = port.post(conversationId, text);
        run.message(RunTrace.Kind.MESSAGE_POSTED, "message posted", text);
        return id;
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        port.update(conversationId, messageId, text);
        run.message(RunTrace.Kind.MESSAGE_EDITED, "message edited", text);
    }

    @Override
    public String postAnswer(String conversationId, String eventId, String text) {
        String id = port.postAnswer(conversationId, eventId, text);
        run.message(RunTrace.Kind.MESSAGE_POSTED, "answer posted", text);
        return id;
    }

    @Override
    public void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        port.updateAnswer(conversationId, messageId, eventId, text);
        run.message(RunTrace.Kind.MESSAGE_EDITED, "answer edited in", text);
    }

    @Override
    public boolean answered(String conversationId, String eventId) {
        return port.answered(conversationId, eventId);
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        port.react(conversationId, messageId, emoji);
    }

    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        Optional<String> id = port.postProgress(conversationId, text);
        id.ifPresent(posted -> run.message(RunTrace.Kind.MESSAGE_POSTED, "progress posted", text));
        return id;
    }

    @Override
    public void showWorking(String conversationId, String messageId, String emoji) {
        port.showWorking(conversationId, messageId, emoji);
    }

    @Override
    public void delete(String conversationId, String messageId) {
        port.delete(conversationId, messageId);
        run.message(RunTrace.Kind.MESSAGE_DELETED, "message deleted", "");
    }

    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        port.unreact(conversationId, messageId, emoji);
    }

    @Override
    public void setStatus(String conversationId, String status) {
        port.setStatus(conversationId, status);
    }

    @Override
    public Stream startStream(String conversationId, String initialText) {
        return traced(port.startStream(conversationId, initialText), initialText);
    }

    @Override
    public Stream startStream(Caller recipient, String initialText) {
        return traced(port.startStream(recipient, initialText), initialText);
    }

    /** {@code stream}, whose whole text goes into the run's trace when it finishes. */
    private Stream traced(Stream stream, String initialText) {
        StringBuilder text = new StringBuilder(initialText);
        return new Stream() {
            @Override
            public void append(String markdown) {
                stream.append(markdown);
                text.append(markdown);
            }

            @Override
            public Optional<String> messageId() {
                return stream.messageId();
            }

            @Override
            public String finish() {
                String id = stream.finish();
                run.message(RunTrace.Kind.MESSAGE_POSTED, "answer streamed", text.toString());
                return id;
            }

            @Override
            public String finishAnswer(String eventId) {
                String id = stream.finishAnswer(eventId);
                run.message(RunTrace.Kind.MESSAGE_POSTED, "answer streamed", text.toString());
                return id;
            }
        };
    }
}
