package dev.lucy.store;

import dev.lucy.core.Secrets;

/**
 * Text from a conversation (what a person wrote, a task's progress notes) as the runtime's stores write it:
 * credentials masked ({@link Secrets}: {@code sk-[redacted API key]}), so that a key or password pasted into a message
 * never reaches the database file, its write-ahead log or a backup; and NUL characters, which PostgreSQL refuses in
 * text (nobody types one), shown as replacement characters. The process that received the message still runs it as written; a run resumed after a restart, or
 * by another replica, reads the masked text.
 */
final class StoredText {
    private static final Secrets SECRETS = Secrets.defaults();

    private StoredText() {}

    static String of(String text) {
        String masked = SECRETS.redact(text);
        return masked.indexOf('\0') < 0 ? masked : masked.replace('\0', '\uFFFD');
    }
}
