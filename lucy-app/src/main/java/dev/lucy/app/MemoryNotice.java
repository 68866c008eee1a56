package dev.lucy.app;

import dev.lucy.memory.Extraction;
import dev.lucy.memory.Remembered;
import java.util.Optional;

/**
 * What a person is told about what memory made of their message. Remembering is silent (the answer already says
 * what matters), except when memory refused something they asked it to keep because it held a credential: then they
 * hear it once, in plain words, in the thread.
 */
final class MemoryNotice {
    static final String SECRET_NOT_REMEMBERED = "I didn't remember that: it looks like it contains a password or key,"
            + " and I never store those. Keep it in your team's secret manager, and since it was posted here,"
            + " consider changing it.";

    private MemoryNotice() {}

    /** The notice for {@code remembered}, if the person should hear one. */
    static Optional<String> of(Remembered remembered) {
        return remembered instanceof Remembered.NotStored notStored && notStored.reason() == Extraction.Reason.SECRET
                ? Optional.of(SECRET_NOT_REMEMBERED)
                : Optional.empty();
    }
}
