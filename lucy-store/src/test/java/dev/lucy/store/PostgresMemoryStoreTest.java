package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.contract.MemoryStoreContract;
import dev.lucy.memory.spi.MemoryAdminStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMemoryStoreTest extends MemoryStoreContract {
    @RegisterExtension
    final OpenDatabases databases = OpenDatabases.postgres();

    @Override
    protected MemoryAdminStore openStore() {
        return PostgresMemoryStore.open(databases.fresh());
    }

    @Override
    protected MemoryAdminStore openSecondStore() {
        return PostgresMemoryStore.open(databases.again());
    }

    @Override
    protected void closeStores() {
        databases.closeAll();
    }

    @Test
    void a_target_remembered_in_one_thread_is_recalled_in_another_and_two_users_at_once_both_persist()
            throws Exception {
        SessionMemory memory = SessionMemory.builder(store).build();
        SessionMemory otherReplica = SessionMemory.builder(openSecondStore()).build();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(() -> {
                start.await();
                return memory.remember(new Caller("T1", "U_ANA", "C1:1.1"), "Remember our Q1 target is $800K");
            });
            pool.submit(() -> {
                start.await();
                return otherReplica.remember(new Caller("T1", "U_BEN", "C2:1.1"), "We use Linear for issues");
            });
            start.countDown();
        }

        assertThat(store.list(FactQuery.workspace("T1"))).hasSize(2);
        assertThat(otherReplica.recall(new Caller("T1", "U_CAL", "C3:9.9"), "What's our revenue target?", 500))
                .extracting(Fact::text)
                .containsExactly("Our Q1 target is $800K.");
    }
}
