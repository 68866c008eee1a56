package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsolidationTest {
    @TempDir
    Path dataDir;

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T10:00:00Z"));
    private Database database;
    private MemoryStore store;
    private SessionMemory memory;
    private final Caller ana = new Caller("T1", "U_ANA", "C1:1.1");
    private final Caller ben = new Caller("T1", "U_BEN", "C1:2.1");

    @BeforeEach
    void open() {
        database = Database.open(DatabaseConfig.sqlite(dataDir));
        store = SqliteMemoryStore.open(database);
        memory = SessionMemory.builder(store).clock(clock).build();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Consolidation consolidation(MemoryStore on) {
        return new Consolidation(on, ConsolidationConfig.defaults(), clock);
    }

    @Test
    void promotes_company_facts_that_held_long_enough_or_were_repeated_and_nothing_else() {
        memory.remember(ana, "Our HQ is in Berlin"); // will hold three days
        memory.remember(ana, "We use Jira for bugs"); // repeated
        memory.remember(ben, "we use jira for bugs!");
        memory.remember(ana, "I prefer bullet points"); // personal: never knowledge
        memory.remember(ana, "I'm out until Monday"); // session target: never knowledge
        clock.advance(Duration.ofDays(3));
        memory.remember(ana, "Our Q1 target is $800K"); // new, stated once

        Consolidation.Report report = consolidation(store).runOnce();

        assertThat(report.promoted()).isEqualTo(2);
        assertThat(memory.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE)))
                .extracting(Fact::text)
                .containsExactlyInAnyOrder("Our HQ is in Berlin.", "We use Jira for bugs.");
        assertThat(consolidation(store).runOnce().promoted()).isZero();
    }

    @Test
    void a_run_that_dies_half_way_neither_duplicates_nor_loses_a_fact() {
        for (int i = 0; i < 10; i++) {
            memory.remember(ana, "Our region " + i + " revenue target is $" + i + "00K");
            memory.remember(ben, "our region " + i + " revenue target is $" + i + "00k");
        }
        List<Fact> before = memory.list(FactQuery.workspace("T1").withHistory());
        assertThat(before).hasSize(10);
        AtomicInteger promotions = new AtomicInteger();
        MemoryStore crashing = new ForwardingStore(store) {
            @Override
            public boolean promote(String workspaceId, String factId, Instant at) {
                if (promotions.incrementAndGet() > 4) {
                    throw new IllegalStateException("the process died here");
                }
                return super.promote(workspaceId, factId, at);
            }
        };

        assertThatThrownBy(() -> consolidation(crashing).runOnce()).hasMessageContaining("died");
        assertThat(memory.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE))).hasSize(4);

        Consolidation.Report rerun = consolidation(store).runOnce();

        assertThat(rerun.promoted()).isEqualTo(6);
        List<Fact> after = memory.list(FactQuery.workspace("T1").withHistory());
        assertThat(after)
                .extracting(Fact::id)
                .containsExactlyInAnyOrderElementsOf(
                        before.stream().map(Fact::id).toList());
        assertThat(after).allMatch(f -> f.tier() == Tier.KNOWLEDGE);
    }

    @Test
    void a_scheduled_run_happens_on_its_own_thread_and_stops_on_close() throws Exception {
        memory.remember(ana, "We use Jira for bugs");
        memory.remember(ben, "We use Jira for bugs");
        ConsolidationConfig fast =
                ConsolidationConfig.builder().interval(Duration.ofMillis(20)).build();
        try (Consolidation job = new Consolidation(store, fast, clock)) {
            job.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (job.lastReport().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(job.lastReport()).isPresent();
        }
        assertThat(memory.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE))).hasSize(1);
    }

    @Test
    void the_default_schedule_is_every_six_hours() {
        assertThat(ConsolidationConfig.defaults().interval()).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() -> ConsolidationConfig.builder().interval(Duration.ZERO))
                .hasMessageContaining("interval");
    }

    /** Delegates everything; tests override what they break. */
    static class ForwardingStore implements MemoryStore {
        private final MemoryStore delegate;

        ForwardingStore(MemoryStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public WriteOutcome write(Fact fact) {
            return delegate.write(fact);
        }

        @Override
        public Optional<Fact> find(String workspaceId, String factId) {
            return delegate.find(workspaceId, factId);
        }

        @Override
        public List<Fact> list(FactQuery query) {
            return delegate.list(query);
        }

        @Override
        public List<Fact> search(String workspaceId, String userId, Set<String> terms, int limit) {
            return delegate.search(workspaceId, userId, terms, limit);
        }

        @Override
        public boolean delete(String workspaceId, String factId) {
            return delegate.delete(workspaceId, factId);
        }

        @Override
        public int deleteByUser(String workspaceId, String userId) {
            return delegate.deleteByUser(workspaceId, userId);
        }

        @Override
        public int deleteWorkspace(String workspaceId) {
            return delegate.deleteWorkspace(workspaceId);
        }

        @Override
        public boolean promote(String workspaceId, String factId, Instant at) {
            return delegate.promote(workspaceId, factId, at);
        }

        @Override
        public int trimSession(String workspaceId, int keep) {
            return delegate.trimSession(workspaceId, keep);
        }

        @Override
        public List<String> workspaces() {
            return delegate.workspaces();
        }
    }
}
