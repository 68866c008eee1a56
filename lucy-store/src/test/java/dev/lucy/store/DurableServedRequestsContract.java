package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.tools.contract.ServedRequestStoreContract;
import dev.lucy.tools.spi.ServedRequestStore;
import dev.lucy.tools.spi.ServedRequestStore.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a durable {@link ServedRequestStore} adds: what one process stored, another reads, now and after a restart. */
abstract class DurableServedRequestsContract extends ServedRequestStoreContract {

    /** Another process on the same database. */
    protected abstract ServedRequestStore another();

    @Test
    void what_one_process_stored_another_reads_from_where_it_left_off() {
        ServedRequestStore replica = another();
        store.append("replica-a", List.of(served("page_oncall", "wake up the billing owner")), 100);
        List<Entry> seen = replica.after(0, 100);

        store.append("replica-a", List.of(served("open_ticket", "file this for support")), 100);

        assertThat(seen).extracting(e -> e.served().tool()).containsExactly("page_oncall");
        assertThat(replica.after(seen.get(0).position(), 100))
                .extracting(e -> e.served().request())
                .containsExactly("file this for support");
    }
}
