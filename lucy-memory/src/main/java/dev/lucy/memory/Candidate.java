package dev.lucy.memory;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A fact an extractor found in a message, before it is stored.
 *
 * @param subject what it is about, normalised ({@code q1 target}, {@code tool: issue tracker})
 * @param text the statement as it will be recalled
 * @param category the kind of statement
 * @param target whom it is about
 * @param personal whether only the speaker may see it (their preferences)
 * @param aboutSpeaker whether it describes the speaker ("I'm the head of growth"), so its subject is the
 *     speaker's own and another person's statement never supersedes it
 * @param validFrom the day it starts to hold, when the statement says ("from April 1"); a model extractor's
 * @param validTo the last day it holds, when the statement says ("until Friday"); a fact already over by the day it
 *     is stated is not stored
 */
public record Candidate(
        String subject,
        String text,
        Category category,
        Target target,
        boolean personal,
        boolean aboutSpeaker,
        Optional<LocalDate> validFrom,
        Optional<LocalDate> validTo) {

    /** A candidate holding from when it is stated, with no end. */
    public Candidate(
            String subject, String text, Category category, Target target, boolean personal, boolean aboutSpeaker) {
        this(subject, text, category, target, personal, aboutSpeaker, Optional.empty(), Optional.empty());
    }

    public Candidate {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validTo, "validTo");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(target, "target");
        if (subject.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("subject and text must not be blank");
        }
    }
}
