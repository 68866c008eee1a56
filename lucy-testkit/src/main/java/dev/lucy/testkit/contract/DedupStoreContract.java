package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.core.runtime.DedupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DedupStore} must do: an atomic check-and-set with a time to live, also across two stores
 * on one database (two replicas). Extend it and open stores in {@link #openStore} and {@link #openSecondStore}.
 */
public abstract class DedupStoreContract {
    protected static final Duration TTL = Duration.ofMinutes(30);

    /** The time the stores see; tests move it. */
    protected final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));

    /** A store on a fresh, empty database, with time to live {@link #TTL} and {@link #clock}. */
    protected abstract DedupStore openStore();

    /** Another store on the same database as the last {@link #openStore()}, as a second replica would have. */
    protected abstract DedupStore openSecondStore();

    /** Releases what the test opened. */
    protected void closeStores() {}

    @AfterEach
    void closeTheStores() {
        closeStores();
    }

    @Test
    void the_first_call_with_a_key_wins_and_later_ones_lose() {
        DedupStore store = openStore();
        assertThat(store.firstSeen("event:Ev1")).isTrue();
        assertThat(store.firstSeen("event:Ev1")).isFalse();
        assertThat(store.firstSeen("event:Ev2")).isTrue();
    }

    @Test
    void exactly_one_of_many_concurrent_deliveries_wins_across_two_replicas() throws Exception {
        DedupStore first = openStore();
        DedupStore second = openSecondStore();
        for (int round = 0; round < 5; round++) {
            String key = "event:race-" + round;
            List<Callable<Boolean>> deliveries = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                DedupStore store = i % 2 == 0 ? first : second;
                deliveries.add(() -> store.firstSeen(key));
            }
            assertThat(AtOnce.results(deliveries))
                    .filteredOn(won -> won)
                    .as("winners for " + key)
                    .hasSize(1);
        }
    }

    @Test
    void a_burst_of_different_deliveries_each_gets_its_own_answer() throws Exception {
        DedupStore store = openStore();
        store.firstSeen("event:burst-7"); // seen before the burst
        List<Callable<Boolean>> deliveries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String key = "event:burst-" + (i % 300); // every key twice, at the same time
            deliveries.add(() -> store.firstSeen(key));
        }
        List<Boolean> outcomes = AtOnce.results(deliveries);
        java.util.Map<String, Integer> winners = new java.util.HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i)) {
                winners.merge("event:burst-" + (i % 300), 1, Integer::sum);
            }
        }
        assertThat(winners).hasSize(299).doesNotContainKey("event:burst-7");
        assertThat(winners.values()).containsOnly(1);
    }

    @Test
    void a_key_is_remembered_for_its_time_to_live_and_then_forgotten() {
        DedupStore store = openStore();
        assertThat(store.firstSeen("message:C1:1.0")).isTrue();
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.firstSeen("message:C1:1.0")).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.firstSeen("message:C1:1.0")).isTrue();
    }

    @Test
    void tidying_up_after_many_deliveries_forgets_only_the_keys_whose_time_ran_out() throws Exception {
        DedupStore store = openStore();
        store.firstSeen("event:old");
        clock.advance(TTL.plusSeconds(1));
        store.firstSeen("event:live");
        // enough deliveries for a store to purge expired keys on the way (lucy-store's do every 1,000)
        List<Future<Boolean>> later = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1_100; i++) {
                String key = "event:later-" + i;
                later.add(threads.submit(() -> store.firstSeen(key)));
            }
        }
        for (Future<Boolean> first : later) {
            assertThat(first.get()).isTrue();
        }

        assertThat(store.firstSeen("event:live")).isFalse();
        assertThat(store.firstSeen("event:later-7")).isFalse();
        assertThat(store.firstSeen("event:old")).isTrue();
    }
}
