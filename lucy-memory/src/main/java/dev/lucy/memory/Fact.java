package dev.lucy.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One remembered statement. Immutable.
 *
 * @param id unique id
 * @param workspaceId the workspace it belongs to; no read ever crosses workspaces
 * @param owner the user a personal fact belongs to; empty for facts shared by the workspace
 * @param tier session memory or permanent knowledge
 * @param subject what the fact is about, normalised ({@code q1 target}); a newer fact with the same subject and
 *     owner supersedes this one
 * @param text the statement as it will be recalled
 * @param dedupKey the normalised text; a fact with the same key is a duplicate and is not stored twice
 * @param category the kind of statement
 * @param target whom it is about
 * @param source who said it, where, when
 * @param validFrom when it started to hold
 * @param validTo when a newer fact replaced it; empty while it holds
 * @param supersededBy the id of the fact that replaced it
 * @param occurrences how often it has been stated
 * @param lastSeenAt when it was last stated
 */
public record Fact(
        String id,
        String workspaceId,
        Optional<String> owner,
        Tier tier,
        String subject,
        String text,
        String dedupKey,
        Category category,
        Target target,
        Source source,
        Instant validFrom,
        Optional<Instant> validTo,
        Optional<String> supersededBy,
        int occurrences,
        Instant lastSeenAt) {

    public Fact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validTo, "validTo");
        Objects.requireNonNull(supersededBy, "supersededBy");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        if (id.isBlank() || workspaceId.isBlank() || subject.isBlank() || text.isBlank() || dedupKey.isBlank()) {
            throw new IllegalArgumentException("id, workspaceId, subject, text and dedupKey must not be blank");
        }
        if (occurrences < 1) {
            throw new IllegalArgumentException("occurrences must be at least 1: " + occurrences);
        }
    }

    /** A new session fact, stated once at {@code source.at()}. */
    public static Fact create(
            String id,
            String workspaceId,
            Optional<String> owner,
            String subject,
            String text,
            Category category,
            Target target,
            Source source) {
        return new Fact(
                id,
                workspaceId,
                owner,
                Tier.SESSION,
                subject,
                text,
                Normalizer.dedupKey(text),
                category,
                target,
                source,
                source.at(),
                Optional.empty(),
                Optional.empty(),
                1,
                source.at());
    }

    /**
     * This fact stated once more, at {@code seenAt}: one more occurrence, last seen then (or when it was last seen
     * before, if that is later: clocks of replicas may disagree). What a store keeps for a duplicate.
     */
    public Fact statedAgain(Instant seenAt) {
        return copy(tier, validTo, supersededBy, occurrences + 1, seenAt.isAfter(lastSeenAt) ? seenAt : lastSeenAt);
    }

    /**
     * This fact replaced by the fact {@code successorId}, which began at {@code at}: it ends then, or when it began
     * if that is later (a fact never ends before it began). What a store keeps as history.
     */
    public Fact replacedBy(String successorId, Instant at) {
        Instant end = at.isBefore(validFrom) ? validFrom : at;
        return copy(tier, Optional.of(end), Optional.of(successorId), occurrences, lastSeenAt);
    }

    /** This fact holding and replaced by nothing: how a store inserts it. */
    public Fact holding() {
        return copy(tier, Optional.empty(), Optional.empty(), occurrences, lastSeenAt);
    }

    /** This fact pointing at no successor, as it stays when its successor is deleted. */
    public Fact withoutSuccessor() {
        return copy(tier, validTo, Optional.empty(), occurrences, lastSeenAt);
    }

    /** This fact in {@code newTier}, as promotion leaves it. */
    public Fact inTier(Tier newTier) {
        return copy(newTier, validTo, supersededBy, occurrences, lastSeenAt);
    }

    private Fact copy(Tier newTier, Optional<Instant> end, Optional<String> successor, int count, Instant seen) {
        return new Fact(
                id,
                workspaceId,
                owner,
                newTier,
                subject,
                text,
                dedupKey,
                category,
                target,
                source,
                validFrom,
                end,
                successor,
                count,
                seen);
    }

    /** Whether the fact still holds (no newer fact has replaced it). */
    public boolean active() {
        return validTo.isEmpty();
    }

    /** Whether {@code userId} may see this fact: shared facts, and their own personal ones. */
    public boolean visibleTo(String userId) {
        return owner.isEmpty() || owner.get().equals(userId);
    }
}
