package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.spi.McpTokenStore;
import dev.lucy.tools.spi.McpTokenStore.Grant;
import dev.lucy.tools.spi.McpTokenStore.Key;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link McpTokenStore} must do. Extend it and open a fresh, empty store. */
public abstract class McpTokenStoreContract extends StoreContract<McpTokenStore> {
    protected static final Key ALICE = new Key("T1", "U-alice", "notes");
    protected static final Key BOB = new Key("T1", "U-bob", "notes");
    protected static final Grant GRANT = new Grant(
            "client-1",
            Optional.empty(),
            "oat_alice_access_token_0123456789",
            Optional.of("ort_alice_refresh_token_0123456789"),
            Optional.of(Instant.parse("2026-12-07T10:00:00Z")));

    @Test
    void a_grant_is_kept_for_its_person_only() {
        store.save(ALICE, GRANT);

        assertThat(store.find(ALICE)).contains(GRANT);
        assertThat(store.find(BOB)).isEmpty();
        assertThat(store.find(new Key("T2", "U-alice", "notes"))).isEmpty();
        assertThat(store.connectedTo("notes")).containsExactly(ALICE);
        assertThat(store.connectedTo("other")).isEmpty();
    }

    @Test
    void saving_again_replaces_the_grant_and_deleting_removes_it() {
        store.save(ALICE, GRANT);
        Grant refreshed =
                new Grant("client-1", Optional.of("secret-1"), "oat_new_access", Optional.empty(), Optional.empty());
        store.save(ALICE, refreshed);

        assertThat(store.find(ALICE)).contains(refreshed);
        assertThat(store.delete(ALICE)).isTrue();
        assertThat(store.delete(ALICE)).isFalse();
        assertThat(store.find(ALICE)).isEmpty();
    }
}
