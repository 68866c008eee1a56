package dev.lucy.memory;

import java.util.Objects;

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
 */
public record Candidate(
        String subject, String text, Category category, Target target, boolean personal, boolean aboutSpeaker) {
    public Candidate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(target, "target");
        if (subject.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("subject and text must not be blank");
        }
    }
}
