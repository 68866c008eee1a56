package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.ConnectionStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Connections kept in a {@link ConnectionStore} hold beyond the process that made them: a new process starts with
 * them, and another one sharing the store takes them on at its next refresh.
 */
class StoredConnectionsTest {
    private static final Caller ANA = new Caller("T1", "U-ana", "C1:1");
    private static final Caller BEN = new Caller("T1", "U-ben", "C2:1");
    private static final BiFunction<Caller, String, String> LINK =
            (caller, provider) -> "https://lucy.test/" + provider;

    private final ConnectionStore store = ConnectionStore.inMemory();

    @Test
    void a_new_process_starts_with_the_connections_made_before() {
        Connections before = Connections.stored(store, LINK);
        before.connectWorkspace("T1", "github");
        before.connectUser("T1", "U-ana", "zendesk");

        Connections after = Connections.stored(store, LINK);

        assertThat(after.status(ANA, "github")).isEqualTo(ConnectionResolver.Status.CONNECTED);
        assertThat(after.status(ANA, "zendesk")).isEqualTo(ConnectionResolver.Status.CONNECTED);
        assertThat(after.status(BEN, "zendesk")).isInstanceOf(ConnectionResolver.Missing.class);
    }

    @Test
    void another_replica_takes_on_a_connection_and_a_disconnection_at_its_next_refresh() {
        Connections first = Connections.stored(store, LINK);
        Connections second = Connections.stored(store, LINK);
        List<String> told = new CopyOnWriteArrayList<>();
        second.onChange(told::add);

        first.connectWorkspace("T1", "github");
        assertThat(second.status(ANA, "github"))
                .as("before its refresh")
                .isInstanceOf(ConnectionResolver.Missing.class);
        assertThat(second.refresh()).isEqualTo(1);
        assertThat(second.status(ANA, "github")).isEqualTo(ConnectionResolver.Status.CONNECTED);

        first.disconnect("T1", "github");
        second.refresh();

        assertThat(second.status(ANA, "github")).isInstanceOf(ConnectionResolver.Missing.class);
        assertThat(told).containsExactly("T1", "T1");
        assertThat(second.refresh()).as("nothing changed since").isZero();
    }

    @Test
    void a_disconnection_reaches_the_store_even_when_this_process_never_saw_the_connection() {
        Connections first = Connections.stored(store, LINK);
        Connections second = Connections.stored(store, LINK);
        first.connectWorkspace("T1", "github");

        second.disconnect("T1", "github");
        first.refresh();

        assertThat(first.status(ANA, "github")).isInstanceOf(ConnectionResolver.Missing.class);
    }
}
