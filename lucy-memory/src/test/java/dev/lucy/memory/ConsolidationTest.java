package dev.lucy.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.Caller;
import dev.lucy.core.ManualClock;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsolidationTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T10:00:00Z"));
    private final MemoryAdminStore store = MemoryStore.inMemory();
    private SessionMemory memory;
    private final Caller ana = new Caller("T1", "U_ANA", "C1:1.1");
    private final Caller ben = new Caller("T1", "U_BEN", "C1:2.1");

    @BeforeEach
    void open() {
        memory = SessionMemory.builder(store).clock(clock).build();
    }

    private Consolidation consolidation(MemoryAdminStore on) {
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
        assertThat(store.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE)))
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
        List<Fact> before = store.list(FactQuery.workspace("T1").withHistory());
        assertThat(before).hasSize(10);
        MemoryAdminStore crashing = dyingAtPromotion(5);

        assertThatThrownBy(() -> consolidation(crashing).runOnce()).hasMessageContaining("died");
        assertThat(store.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE))).hasSize(4);

        Consolidation.Report rerun = consolidation(store).runOnce();

        assertThat(rerun.promoted()).isEqualTo(6);
        List<Fact> after = store.list(FactQuery.workspace("T1").withHistory());
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
        assertThat(store.list(FactQuery.workspace("T1").tier(Tier.KNOWLEDGE))).hasSize(1);
    }

    @Test
    void the_default_schedule_is_every_six_hours() {
        assertThat(ConsolidationConfig.defaults().interval()).isEqualTo(Duration.ofHours(6));
        assertThatThrownBy(() ->
                        ConsolidationConfig.builder().interval(Duration.ZERO).build())
                .hasMessageContaining("interval");
    }

    /** {@link #store}, until its {@code n}th promotion, which fails as if the process died there. */
    private MemoryAdminStore dyingAtPromotion(int n) {
        AtomicInteger promotions = new AtomicInteger();
        InvocationHandler dying = (proxy, method, args) -> {
            if (method.getName().equals("promote") && promotions.incrementAndGet() >= n) {
                throw new IllegalStateException("the process died here");
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MemoryAdminStore) Proxy.newProxyInstance(
                MemoryAdminStore.class.getClassLoader(), new Class<?>[] {MemoryAdminStore.class}, dying);
    }
}
