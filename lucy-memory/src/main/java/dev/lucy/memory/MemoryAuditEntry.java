package dev.lucy.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One change a person made to what Lucy remembers, for the record: who, when, which fact and from where. It names the
 * fact by id, tier and subject, never by its words: a forgotten fact is not kept in the audit. Immutable.
 *
 * @param id unique id of the entry
 * @param at when it happened
 * @param workspaceId the workspace of the fact
 * @param who who did it ({@code operator}, or a Slack user id)
 * @param action what was done ({@code forgot})
 * @param factId the fact's id
 * @param tier the fact's tier then
 * @param subject the fact's subject ({@code q1 target})
 * @param origin where it was done from ({@code web console})
 */
public record MemoryAuditEntry(
        String id,
        Instant at,
        String workspaceId,
        String who,
        String action,
        String factId,
        Tier tier,
        String subject,
        String origin) {
    /** The action of a fact forgotten. */
    public static final String FORGOT = "forgot";

    public MemoryAuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(factId, "factId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code who} forgot {@code fact} at {@code at}, from {@code origin}. */
    public static MemoryAuditEntry forgot(Fact fact, String who, String origin, Instant at) {
        return new MemoryAuditEntry(
                UUID.randomUUID().toString(),
                at,
                fact.workspaceId(),
                who,
                FORGOT,
                fact.id(),
                fact.tier(),
                fact.subject(),
                origin);
    }
}
