package dev.lucy.memory;

/** Where a stored fact sits: rolling session memory, or permanent knowledge. */
public enum Tier {
    /** Extracted from conversations; bounded per workspace, the oldest fall off. */
    SESSION,
    /** Promoted by consolidation; kept until someone forgets it or a newer fact supersedes it. */
    KNOWLEDGE
}
