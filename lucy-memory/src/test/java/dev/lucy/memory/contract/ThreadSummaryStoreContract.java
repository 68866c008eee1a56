package dev.lucy.memory.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.memory.ThreadSummary;
import dev.lucy.memory.spi.ThreadSummaryStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ThreadSummaryStore} does; extend it to check a store of your own. */
public abstract class ThreadSummaryStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    protected ThreadSummaryStore store;

    /** A new, empty store. */
    protected abstract ThreadSummaryStore openStore();

    /** Another store on the same database as the last {@link #openStore()} (a replica, or after a restart). */
    protected abstract ThreadSummaryStore openSecondStore();

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    private static ThreadSummary summary(String workspace, String conversation, String text, int minutes, int count) {
        return new ThreadSummary(workspace, conversation, text, T0.plusSeconds(60L * minutes), count);
    }

    @Test
    void a_conversation_without_a_summary_has_none() {
        assertThat(store.load("T1", "C1:1.1")).isEmpty();
    }

    @Test
    void a_saved_summary_is_read_back_and_an_extended_one_replaces_it() {
        store.save(summary("T1", "C1:1.1", "Ana asked for the Q3 plan.", 10, 12));
        store.save(summary("T1", "C1:1.1", "Ana asked for the Q3 plan; Ben agreed to $2.4M.", 20, 30));

        assertThat(openSecondStore().load("T1", "C1:1.1"))
                .hasValue(summary("T1", "C1:1.1", "Ana asked for the Q3 plan; Ben agreed to $2.4M.", 20, 30));
    }

    @Test
    void the_same_conversation_id_in_two_workspaces_is_two_summaries() {
        store.save(summary("T1", "C1:1.1", "in T1", 10, 12));
        store.save(summary("T2", "C1:1.1", "in T2", 10, 12));

        assertThat(store.load("T1", "C1:1.1"))
                .get()
                .extracting(ThreadSummary::text)
                .isEqualTo("in T1");
        assertThat(store.load("T2", "C1:1.1"))
                .get()
                .extracting(ThreadSummary::text)
                .isEqualTo("in T2");
    }
}
