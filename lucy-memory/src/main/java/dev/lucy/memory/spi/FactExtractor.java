package dev.lucy.memory.spi;

import dev.lucy.memory.Extraction;
import dev.lucy.memory.RuleBasedExtractor;
import java.util.Objects;

/**
 * Decides which durable facts a message states. The default, {@link #ruleBased()}, uses Lucy's own patterns and
 * takes microseconds; {@link dev.lucy.memory.ModelExtractor} asks any chat model for strict JSON, alone or as a
 * second pass with {@link #orElse(FactExtractor)}.
 *
 * <p>Implementations are thread safe, block, and never throw for bad input or a failing model: they return
 * {@link Extraction.Rejected} with the reason.
 */
@FunctionalInterface
public interface FactExtractor {

    /** The facts {@code message} states, or why there are none. */
    Extraction extract(String message);

    /** Lucy's rule-based extractor. */
    static FactExtractor ruleBased() {
        return RuleBasedExtractor.create();
    }

    /**
     * This extractor, then {@code second} for messages this one found no durable statement in. Messages rejected
     * for a definite reason (a question, a hypothetical, small talk, ...) are not passed on.
     */
    default FactExtractor orElse(FactExtractor second) {
        Objects.requireNonNull(second, "second");
        return message -> {
            Extraction first = extract(message);
            if (first instanceof Extraction.Rejected r && r.reason() == Extraction.Reason.NOT_DURABLE) {
                return second.extract(message);
            }
            return first;
        };
    }
}
