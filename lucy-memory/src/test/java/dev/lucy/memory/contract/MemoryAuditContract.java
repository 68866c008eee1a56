package dev.lucy.memory.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.MemoryAuditEntry;
import dev.lucy.memory.Tier;
import dev.lucy.memory.spi.MemoryAudit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link MemoryAudit} must do: keep entries per workspace and list the newest first, up to a limit. */
public abstract class MemoryAuditContract {
    protected static final Instant NINE = Instant.parse("2026-03-01T09:00:00Z");

    /** An audit on a fresh, empty database. */
    protected abstract MemoryAudit openAudit();

    protected static MemoryAuditEntry entry(String id, String workspace, int minutes) {
        return new MemoryAuditEntry(
                id,
                NINE.plus(Duration.ofMinutes(minutes)),
                workspace,
                "operator",
                MemoryAuditEntry.FORGOT,
                "fact-" + id,
                Tier.SESSION,
                "q1 target",
                "web console");
    }

    @Test
    void entries_come_back_whole_newest_first_within_their_workspace_only() {
        MemoryAudit audit = openAudit();
        audit.record(entry("a", "T1", 0));
        audit.record(entry("b", "T2", 5));
        audit.record(entry("c", "T1", 10));

        assertThat(audit.recent("T1", 10)).containsExactly(entry("c", "T1", 10), entry("a", "T1", 0));
        assertThat(audit.recent("T2", 10)).containsExactly(entry("b", "T2", 5));
        assertThat(audit.recent("T3", 10)).isEmpty();
    }

    @Test
    void at_most_the_limit_is_listed() {
        MemoryAudit audit = openAudit();
        for (int i = 0; i < 5; i++) {
            audit.record(entry("e" + i, "T1", i));
        }

        assertThat(audit.recent("T1", 2)).extracting(MemoryAuditEntry::id).containsExactly("e4", "e3");
    }
}
