package dev.lucy.memory;

import java.util.List;
import java.util.Objects;

/** What {@link SessionMemory#remember} did with a message. */
public sealed interface Remembered {

    /** Facts were stored (or, for duplicates, counted again). */
    record Stored(List<WriteOutcome> outcomes) implements Remembered {
        public Stored {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** Nothing was stored, and why. */
    record NotStored(Extraction.Reason reason, String detail) implements Remembered {
        public NotStored {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
