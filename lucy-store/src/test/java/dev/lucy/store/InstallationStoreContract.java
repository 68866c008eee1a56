package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link InstallationStore} does; each implementation's test extends it. */
abstract class InstallationStoreContract {
    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    static final Installation FIRST =
            new Installation("T-first", "U-bot1", "xoxb-first", Optional.empty(), Optional.empty(), "chat:write", NOW);
    static final Installation SECOND = new Installation(
            "T-second",
            "U-bot2",
            "xoxe.xoxb-second",
            Optional.of("xoxe-1-refresh"),
            Optional.of(NOW.plusSeconds(43_200)),
            "chat:write,app_mentions:read",
            NOW);

    protected InstallationStore store;

    protected abstract InstallationStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @Test
    void keeps_each_workspace_apart() {
        store.save(FIRST);
        store.save(SECOND);

        assertThat(store.find("T-first")).contains(FIRST);
        assertThat(store.find("T-second")).contains(SECOND);
        assertThat(store.find("T-third")).isEmpty();
        assertThat(store.all()).containsExactlyInAnyOrder(FIRST, SECOND);
    }

    @Test
    void a_rotated_token_replaces_the_old_one() {
        store.save(SECOND);
        Installation rotated =
                SECOND.rotated("xoxe.xoxb-new", Optional.of("xoxe-1-next"), Optional.of(NOW.plusSeconds(86_400)));

        store.save(rotated);

        assertThat(store.find("T-second")).contains(rotated);
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void deleting_a_workspace_forgets_it_and_where_its_channels_are() {
        store.save(FIRST);
        store.save(SECOND);
        store.place("C-one", "T-first");
        store.place("C-two", "T-second");
        store.place("U-two", "T-second");

        assertThat(store.delete("T-second")).isTrue();
        assertThat(store.delete("T-second")).isFalse();

        assertThat(store.find("T-second")).isEmpty();
        assertThat(store.workspaceOf("C-two")).isEmpty();
        assertThat(store.workspaceOf("U-two")).isEmpty();
        assertThat(store.workspaceOf("C-one")).contains("T-first");
        assertThat(store.find("T-first")).contains(FIRST);
    }

    @Test
    void a_channel_placed_again_moves() {
        store.place("C-shared", "T-first");
        store.place("C-shared", "T-second");

        assertThat(store.workspaceOf("C-shared")).contains("T-second");
        assertThat(store.workspaceOf("C-unknown")).isEmpty();
    }

    @Test
    void an_install_state_works_once_and_not_after_it_expired() {
        store.issueState("state-1", NOW.plusSeconds(600));
        store.issueState("state-2", NOW.plusSeconds(600));

        assertThat(store.consumeState("state-1", NOW)).isTrue();
        assertThat(store.consumeState("state-1", NOW)).isFalse();
        assertThat(store.consumeState("state-2", NOW.plusSeconds(601))).isFalse();
        assertThat(store.consumeState("never-issued", NOW)).isFalse();
        assertThat(store.consumeState("", NOW)).isFalse();
    }

    @Test
    void never_shows_a_token_in_its_text() {
        assertThat(SECOND.toString()).doesNotContain("xoxe").doesNotContain("xoxb");
    }
}
