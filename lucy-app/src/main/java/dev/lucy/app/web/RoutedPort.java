package dev.lucy.app.web;

import dev.lucy.core.Caller;
import dev.lucy.core.spi.ConversationPort;
import java.util.Optional;

/** A conversation port that sends the playground's conversations to the playground and the others to Slack. */
final class RoutedPort implements ConversationPort {
    private final Playground playground;
    private final ConversationPort slack;

    RoutedPort(Playground playground, ConversationPort slack) {
        this.playground = playground;
        this.slack = slack;
    }

    private ConversationPort to(String conversationId) {
        return playground.owns(conversationId) ? playground : slack;
    }

    @Override
    public String post(String conversationId, String text) {
        return to(conversationId).post(conversationId, text);
    }

    @Override
    public void update(String conversationId, String messageId, String text) {
        to(conversationId).update(conversationId, messageId, text);
    }

    @Override
    public String postAnswer(String conversationId, String eventId, String text) {
        return to(conversationId).postAnswer(conversationId, eventId, text);
    }

    @Override
    public void updateAnswer(String conversationId, String messageId, String eventId, String text) {
        to(conversationId).updateAnswer(conversationId, messageId, eventId, text);
    }

    @Override
    public boolean answered(String conversationId, String eventId) {
        return to(conversationId).answered(conversationId, eventId);
    }

    @Override
    public void react(String conversationId, String messageId, String emoji) {
        to(conversationId).react(conversationId, messageId, emoji);
    }

    @Override
    public Optional<String> postProgress(String conversationId, String text) {
        return to(conversationId).postProgress(conversationId, text);
    }

    @Override
    public void showWorking(String conversationId, String messageId, String emoji) {
        to(conversationId).showWorking(conversationId, messageId, emoji);
    }

    @Override
    public void delete(String conversationId, String messageId) {
        to(conversationId).delete(conversationId, messageId);
    }

    @Override
    public void unreact(String conversationId, String messageId, String emoji) {
        to(conversationId).unreact(conversationId, messageId, emoji);
    }

    @Override
    public void setStatus(String conversationId, String status) {
        to(conversationId).setStatus(conversationId, status);
    }

    @Override
    public Stream startStream(String conversationId, String initialText) {
        return to(conversationId).startStream(conversationId, initialText);
    }

    @Override
    public Stream startStream(Caller recipient, String initialText) {
        return to(recipient.conversationId()).startStream(recipient, initialText);
    }
}
