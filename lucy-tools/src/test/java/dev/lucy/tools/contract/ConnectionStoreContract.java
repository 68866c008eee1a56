package dev.lucy.tools.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.spi.ConnectionStore;
import dev.lucy.tools.spi.ConnectionStore.Connection;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} must do. Extend it and open a fresh, empty store. */
public abstract class ConnectionStoreContract extends StoreContract<ConnectionStore> {
    @Test
    void nothing_is_connected_at_first() {
        assertThat(store.all()).isEmpty();
    }

    @Test
    void workspace_and_personal_connections_are_kept_apart() {
        store.connect(Connection.workspace("T1", "github"));
        store.connect(Connection.user("T1", "U-ana", "zendesk"));

        assertThat(store.all())
                .containsExactlyInAnyOrder(
                        Connection.workspace("T1", "github"), Connection.user("T1", "U-ana", "zendesk"));
    }

    @Test
    void connecting_twice_keeps_one_connection() {
        store.connect(Connection.workspace("T1", "github"));
        store.connect(Connection.workspace("T1", "github"));

        assertThat(store.all()).containsExactly(Connection.workspace("T1", "github"));
    }

    @Test
    void disconnecting_removes_the_provider_in_that_workspace_for_everyone_there_only() {
        store.connect(Connection.workspace("T1", "github"));
        store.connect(Connection.user("T1", "U-ana", "github"));
        store.connect(Connection.workspace("T1", "zendesk"));
        store.connect(Connection.workspace("T2", "github"));

        store.disconnect("T1", "github");

        assertThat(store.all())
                .containsExactlyInAnyOrder(Connection.workspace("T1", "zendesk"), Connection.workspace("T2", "github"));
    }
}
