package dev.lucy.app.files;

/**
 * Moves file bytes between Lucy and the chat platform: downloads a shared file with the bot's credentials and
 * uploads one into a conversation. Thread safe; both block. Slack's is {@code dev.lucy.app.slack.SlackFileTransfer}.
 */
public interface FileTransfer {

    /** Downloads {@code file}, stopping (and answering {@link Download.TooLarge}) past {@code maxBytes}. */
    Download download(FileRef file, long maxBytes);

    /** Uploads {@code file} into the conversation (its thread); false when the platform refused it. */
    boolean upload(String conversationId, OutFile file);

    /** What a download gave. */
    sealed interface Download {
        record Fetched(byte[] bytes) implements Download {}

        record TooLarge(long size) implements Download {}

        /** The platform did not hand the file over (no access, gone, a sign-in page instead of the bytes). */
        record Refused(String reason) implements Download {}
    }

    /**
     * A file Lucy delivers.
     *
     * @param name the file name, with its extension
     * @param title the title shown above it
     * @param content its text
     */
    record OutFile(String name, String title, String content) {}
}
