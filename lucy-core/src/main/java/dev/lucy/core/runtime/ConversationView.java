package dev.lucy.core.runtime;

/**
 * What triage may know about the conversation a message arrived in.
 *
 * @param awaitingReply Lucy asked this conversation something (a question or an approval) and waits for the answer
 * @param busy a run or task is in progress in this conversation
 * @param depth how many messages the conversation already has, as far as the runtime knows
 */
public record ConversationView(boolean awaitingReply, boolean busy, int depth) {
    public static final ConversationView NEW = new ConversationView(false, false, 0);
}
