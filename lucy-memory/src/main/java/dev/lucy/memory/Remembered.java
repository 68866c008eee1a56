package dev.lucy.memory;

import dev.lucy.core.LucyException;
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

    /**
     * The rules found nothing, and the message waits for model extraction, off the reply's path; what it finds is
     * stored later ({@link SessionMemory.Builder#background}).
     */
    record Deferred(String detail) implements Remembered {
        public Deferred {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Nothing was stored, and why. */
    record NotStored(Extraction.Reason reason, String detail) implements Remembered {
        public NotStored {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The store could not be reached, so nothing was stored; only {@link SessionMemory#observe} returns this.
     *
     * @param detail what went wrong, safe to log (no connection strings or credentials)
     * @param cause the store's failure, for the embedder's logs
     */
    record Failed(String detail, LucyException cause) implements Remembered {
        public Failed {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
