package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.contract.ConnectionStoreContract;
import dev.lucy.tools.spi.ConnectionStore;
import dev.lucy.tools.spi.ConnectionStore.Connection;
import org.junit.jupiter.api.Test;

/** What a durable {@link ConnectionStore} adds: a connection outlives the process and holds for every replica. */
abstract class DurableConnectionStoreContract extends ConnectionStoreContract {

    /** Another process on the same database. */
    protected abstract ConnectionStore another();

    @Test
    void a_connection_outlives_a_restart_and_a_disconnection_reaches_every_replica() {
        store.connect(Connection.user("T1", "U-ana", "github"));
        ConnectionStore replica = another();

        assertThat(replica.all()).containsExactly(Connection.user("T1", "U-ana", "github"));
        replica.disconnect("T1", "github");
        assertThat(store.all()).isEmpty();
    }
}
