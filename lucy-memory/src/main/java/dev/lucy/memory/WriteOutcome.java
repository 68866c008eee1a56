package dev.lucy.memory;

import java.util.List;
import java.util.Objects;

/** What storing a fact did. */
public sealed interface WriteOutcome {

    /** The fact as it is stored now. */
    Fact fact();

    /** A new fact, nothing else changed. */
    record Inserted(Fact fact) implements WriteOutcome {
        public Inserted {
            Objects.requireNonNull(fact, "fact");
        }
    }

    /** A new fact that closed the validity of older facts about the same subject (kept as history). */
    record Superseded(Fact fact, List<Fact> closed) implements WriteOutcome {
        public Superseded {
            Objects.requireNonNull(fact, "fact");
            closed = List.copyOf(closed);
        }
    }

    /** The same fact was already stored; it was counted again instead of stored twice. */
    record Duplicate(Fact fact) implements WriteOutcome {
        public Duplicate {
            Objects.requireNonNull(fact, "fact");
        }
    }
}
