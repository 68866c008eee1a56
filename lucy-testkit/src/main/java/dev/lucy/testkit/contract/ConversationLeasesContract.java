package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.ManualClock;
import dev.lucy.core.runtime.ConversationLeases;
import dev.lucy.core.runtime.ConversationLeases.Grant;
import dev.lucy.core.runtime.ConversationLeases.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every shared {@link ConversationLeases} must do: grant a conversation to one owner at a time until it is
 * released or runs out, with a fence larger than every earlier grant's; renew only the holder's live lease; let no
 * one else renew or release it; and hand a free conversation to exactly one of many concurrent askers, also across
 * two processes on one database. Extend it and open the leases in {@link #openLeases} and {@link #openLeasesAgain}.
 */
public abstract class ConversationLeasesContract {
    protected static final Duration TTL = Duration.ofSeconds(30);
    private static final String THREAD = "C1:1700000000.000100";

    /** The time the leases see; tests move it. */
    protected final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T09:00:00Z"));

    /** Leases on a fresh, empty database, on {@link #clock}. */
    protected abstract ConversationLeases openLeases();

    /**
     * Leases on the same database as the last {@link #openLeases()}, as another process has; in memory, the same
     * leases.
     */
    protected abstract ConversationLeases openLeasesAgain();

    /** Releases what the test opened. */
    protected void closeLeases() {}

    @AfterEach
    void closeTheLeases() {
        closeLeases();
    }

    private static Lease granted(Grant grant) {
        assertThat(grant).isInstanceOf(Grant.Granted.class);
        return ((Grant.Granted) grant).lease();
    }

    @Test
    void a_free_conversation_is_granted_and_refused_to_others_until_its_lease_runs_out() {
        ConversationLeases leases = openLeases();
        Lease lease = granted(leases.acquire(THREAD, "lucy-1", TTL));
        assertThat(lease.conversationId()).isEqualTo(THREAD);
        assertThat(lease.owner()).isEqualTo("lucy-1");
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(TTL));

        ConversationLeases other = openLeasesAgain();
        assertThat(other.acquire(THREAD, "lucy-2", TTL)).isEqualTo(new Grant.Held("lucy-1", lease.expiresAt()));
        clock.advance(TTL.minusMillis(1));
        assertThat(other.acquire(THREAD, "lucy-2", TTL)).isInstanceOf(Grant.Held.class);
        clock.advance(Duration.ofMillis(1));
        Lease takenOver = granted(other.acquire(THREAD, "lucy-2", TTL));
        assertThat(takenOver.owner()).isEqualTo("lucy-2");
        assertThat(takenOver.fence()).isGreaterThan(lease.fence());
    }

    @Test
    void every_grant_has_a_larger_fence_than_the_grants_before_it() {
        ConversationLeases leases = openLeases();
        List<Long> fences = new ArrayList<>();
        Lease first = granted(leases.acquire(THREAD, "lucy-1", TTL));
        fences.add(first.fence());
        leases.release(first);
        Lease second = granted(openLeasesAgain().acquire(THREAD, "lucy-2", TTL));
        fences.add(second.fence());
        clock.advance(TTL);
        Lease third = granted(leases.acquire(THREAD, "lucy-1", TTL)); // the second ran out
        fences.add(third.fence());
        Lease again = granted(leases.acquire(THREAD, "lucy-1", TTL)); // the holder asks again: a new grant
        fences.add(again.fence());
        assertThat(fences).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void renewing_extends_the_lease_from_now_and_keeps_its_fence() {
        ConversationLeases leases = openLeases();
        Lease lease = granted(leases.acquire(THREAD, "lucy-1", TTL));
        clock.advance(Duration.ofSeconds(20));
        Lease renewed = leases.renew(lease, TTL).orElseThrow();
        assertThat(renewed.fence()).isEqualTo(lease.fence());
        assertThat(renewed.owner()).isEqualTo("lucy-1");
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));

        clock.advance(Duration.ofSeconds(20)); // past the first expiry, within the renewed one
        assertThat(openLeasesAgain().acquire(THREAD, "lucy-2", TTL))
                .isEqualTo(new Grant.Held("lucy-1", renewed.expiresAt()));
        assertThat(leases.renew(renewed, TTL)).isPresent();
    }

    @Test
    void a_lease_that_ran_out_cannot_be_renewed() {
        ConversationLeases leases = openLeases();
        Lease lease = granted(leases.acquire(THREAD, "lucy-1", TTL));
        clock.advance(TTL);
        assertThat(leases.renew(lease, TTL)).isEmpty();
    }

    @Test
    void a_holder_that_lost_its_lease_can_neither_renew_nor_release_the_new_holders_lease() {
        ConversationLeases leases = openLeases();
        Lease paused = granted(leases.acquire(THREAD, "lucy-1", TTL));
        clock.advance(TTL.plusSeconds(5)); // lucy-1 paused longer than its lease
        ConversationLeases other = openLeasesAgain();
        Lease takenOver = granted(other.acquire(THREAD, "lucy-2", TTL));

        assertThat(leases.renew(paused, TTL)).isEmpty();
        leases.release(paused);
        assertThat(leases.acquire(THREAD, "lucy-3", TTL)).isEqualTo(new Grant.Held("lucy-2", takenOver.expiresAt()));
        assertThat(other.renew(takenOver, TTL)).isPresent();
    }

    @Test
    void the_holder_asking_again_gets_a_new_grant_and_its_older_one_stops_renewing() {
        ConversationLeases leases = openLeases();
        Lease before = granted(leases.acquire(THREAD, "lucy-1", TTL));
        Lease after = granted(openLeasesAgain().acquire(THREAD, "lucy-1", TTL)); // the same instance, restarted
        assertThat(after.fence()).isGreaterThan(before.fence());
        assertThat(leases.renew(before, TTL)).isEmpty();
        assertThat(leases.renew(after, TTL)).isPresent();
    }

    @Test
    void a_released_conversation_is_free_at_once() {
        ConversationLeases leases = openLeases();
        Lease lease = granted(leases.acquire(THREAD, "lucy-1", TTL));
        leases.release(lease);
        assertThat(leases.renew(lease, TTL)).isEmpty();
        Lease next = granted(openLeasesAgain().acquire(THREAD, "lucy-2", TTL));
        assertThat(next.fence()).isGreaterThan(lease.fence());
    }

    @Test
    void conversations_are_leased_independently() {
        ConversationLeases leases = openLeases();
        granted(leases.acquire(THREAD, "lucy-1", TTL));
        Lease elsewhere = granted(openLeasesAgain().acquire("C1:1700000000.000200", "lucy-2", TTL));
        assertThat(elsewhere.owner()).isEqualTo("lucy-2");
    }

    @Test
    void exactly_one_of_many_concurrent_askers_gets_a_free_conversation() throws Exception {
        ConversationLeases first = openLeases();
        ConversationLeases second = openLeasesAgain();
        for (int round = 0; round < 5; round++) {
            String thread = "C9:race." + round;
            List<Callable<Grant>> askers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ConversationLeases leases = i % 2 == 0 ? first : second;
                String owner = "lucy-" + i;
                askers.add(() -> leases.acquire(thread, owner, TTL));
            }
            assertThat(AtOnce.results(askers))
                    .filteredOn(grant -> grant instanceof Grant.Granted)
                    .as("grants in round " + round)
                    .hasSize(1);
        }
    }
}
