package dev.lucy.memory;

import java.util.List;
import java.util.Objects;

/** What an extractor made of one message: facts worth storing, or nothing and why. */
public sealed interface Extraction {

    /** One or more facts to store. */
    record Found(List<Candidate> facts) implements Extraction {
        public Found {
            facts = List.copyOf(facts);
            if (facts.isEmpty()) {
                throw new IllegalArgumentException("facts: use Rejected when nothing was found");
            }
        }
    }

    /** Nothing to store. */
    record Rejected(Reason reason, String detail) implements Extraction {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a message holds nothing worth remembering. */
    enum Reason {
        /** Asks something rather than states it. */
        QUESTION,
        /** "What if", "imagine", "suppose": not how things are. */
        HYPOTHETICAL,
        /** "For example", "e.g.": an illustration, not a fact. */
        EXAMPLE,
        /** A test or sample message. */
        TEST,
        /** Greetings, thanks, acknowledgements. */
        SMALL_TALK,
        /** Hedged: "maybe", "I think", "we might". */
        UNCERTAIN,
        /** Tries to instruct the assistant rather than state a fact. */
        INSTRUCTION,
        /** No durable statement found. */
        NOT_DURABLE,
        /** A model-based extractor's answer was not the strict JSON asked for. */
        INVALID_MODEL_OUTPUT,
        /** A model-based extractor could not reach its model. */
        MODEL_FAILED,
        /**
         * States something to remember that holds a credential (a password, an API key, a token, a private key):
         * never stored, whichever extractor found it. {@link SessionMemory#extract} answers it; an extractor alone
         * does not.
         */
        SECRET
    }

    static Extraction rejected(Reason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
