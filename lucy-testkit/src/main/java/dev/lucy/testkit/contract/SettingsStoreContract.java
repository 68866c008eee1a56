package dev.lucy.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lucy.core.runtime.SettingsStore;
import dev.lucy.core.runtime.SettingsStore.Change;
import dev.lucy.core.runtime.SettingsStore.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SettingsStore} must do: keep each scope's settings apart (workspace, channel, another workspace),
 * remove a setting, record every change with its before and after, newest first, and not record a write that changes
 * nothing; a second store on the same database (a restart, another replica) sees the same.
 */
public abstract class SettingsStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Scope ACME = Scope.workspace("T1");
    private static final Scope ACME_GENERAL = Scope.channel("T1", "C1");
    private static final Scope ACME_RANDOM = Scope.channel("T1", "C2");
    private static final Scope GLOBEX_GENERAL = Scope.channel("T2", "C1");

    /** A store on a fresh, empty database. */
    protected abstract SettingsStore openStore();

    /** Another store on the same database as the last {@link #openStore()}; the in-memory store returns itself. */
    protected abstract SettingsStore openSecondStore();

    /** Releases what the test opened. */
    protected void closeStores() {}

    @AfterEach
    void closeTheStores() {
        closeStores();
    }

    @Test
    void a_scope_nobody_configured_has_no_settings() {
        assertThat(openStore().read(ACME_GENERAL)).isEmpty();
        assertThat(openSecondStore().history("T1", 10)).isEmpty();
    }

    @Test
    void keeps_each_scope_apart() {
        SettingsStore store = openStore();
        store.write(ACME, "tier", Optional.of("fast"), "U1", T0);
        store.write(ACME_GENERAL, "tier", Optional.of("frontier"), "U1", T0);
        store.write(ACME_GENERAL, "persona", Optional.of("You are \"terse\", ünïcödé\nand kind"), "U1", T0);
        store.write(GLOBEX_GENERAL, "tier", Optional.of("default"), "U9", T0);

        SettingsStore again = openSecondStore();
        assertThat(again.read(ACME)).isEqualTo(Map.of("tier", "fast"));
        assertThat(again.read(ACME_GENERAL))
                .isEqualTo(Map.of("tier", "frontier", "persona", "You are \"terse\", ünïcödé\nand kind"));
        assertThat(again.read(ACME_RANDOM)).isEmpty();
        assertThat(again.read(GLOBEX_GENERAL)).isEqualTo(Map.of("tier", "default"));
    }

    @Test
    void a_write_replaces_the_value_and_an_empty_one_removes_it() {
        SettingsStore store = openStore();
        Change set = store.write(ACME_GENERAL, "tools", Optional.of("search_web"), "U1", T0);
        Change replaced = store.write(ACME_GENERAL, "tools", Optional.of("create_task"), "U2", T0.plusSeconds(1));
        Change removed = store.write(ACME_GENERAL, "tools", Optional.empty(), "U1", T0.plusSeconds(2));

        assertThat(set.before()).isEmpty();
        assertThat(set.after()).contains("search_web");
        assertThat(replaced.before()).contains("search_web");
        assertThat(replaced.after()).contains("create_task");
        assertThat(removed.before()).contains("create_task");
        assertThat(removed.after()).isEmpty();
        assertThat(openSecondStore().read(ACME_GENERAL)).isEmpty();
    }

    @Test
    void every_change_is_recorded_with_who_when_where_and_the_values_newest_first() {
        SettingsStore store = openStore();
        store.write(ACME, "tier", Optional.of("fast"), "U1", T0);
        store.write(ACME_GENERAL, "tier", Optional.of("frontier"), "U2", T0.plusSeconds(1));
        store.write(ACME_GENERAL, "tier", Optional.empty(), "U3", T0.plusSeconds(2));
        store.write(GLOBEX_GENERAL, "tier", Optional.of("fast"), "U9", T0.plusSeconds(3));

        assertThat(openSecondStore().history("T1", 10))
                .extracting(Change::scope, Change::key, Change::before, Change::after, Change::changedBy, Change::at)
                .containsExactly(
                        tuple(ACME_GENERAL, "tier", Optional.of("frontier"), Optional.empty(), "U3", T0.plusSeconds(2)),
                        tuple(ACME_GENERAL, "tier", Optional.empty(), Optional.of("frontier"), "U2", T0.plusSeconds(1)),
                        tuple(ACME, "tier", Optional.empty(), Optional.of("fast"), "U1", T0));
        assertThat(openSecondStore().history("T1", 1)).hasSize(1);
        assertThat(openSecondStore().history("T2", 10)).hasSize(1);
    }

    @Test
    void a_write_that_changes_nothing_is_not_recorded() {
        SettingsStore store = openStore();
        store.write(ACME_GENERAL, "join-threads", Optional.of("off"), "U1", T0);
        Change same = store.write(ACME_GENERAL, "join-threads", Optional.of("off"), "U2", T0.plusSeconds(1));
        Change nothing = store.write(ACME_RANDOM, "join-threads", Optional.empty(), "U2", T0.plusSeconds(2));

        assertThat(same.changed()).isFalse();
        assertThat(nothing.changed()).isFalse();
        assertThat(store.history("T1", 10)).hasSize(1);
    }

    @Test
    void concurrent_changes_of_one_key_each_see_the_value_the_other_left() throws Exception {
        SettingsStore first = openStore();
        SettingsStore second = openSecondStore();
        List<Callable<Change>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SettingsStore store = i % 2 == 0 ? first : second;
            String value = "v" + i;
            writes.add(() -> store.write(ACME_GENERAL, "tier", Optional.of(value), "U1", T0));
        }
        List<Change> changes = AtOnce.results(writes);

        // Each value was the "before" of at most one later change, and the values form one chain.
        List<Optional<String>> befores =
                changes.stream().map(Change::before).filter(Optional::isPresent).toList();
        assertThat(befores).doesNotHaveDuplicates().hasSize(7);
        assertThat(first.history("T1", 100)).hasSize(8);
    }
}
