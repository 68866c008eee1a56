package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.SessionMemory;
import dev.lucy.memory.contract.MemoryStoreContract;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresMemoryStoreTest extends MemoryStoreContract {
    private static EmbeddedPostgres postgres;

    private final List<Database> open = new ArrayList<>();
    private String url;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected MemoryAdminStore openStore() {
        url = postgres.createDatabase();
        return PostgresMemoryStore.open(
                opened(Database.open(DatabaseConfig.builder(url).build())));
    }

    @Override
    protected MemoryAdminStore openSecondStore() {
        return PostgresMemoryStore.open(
                opened(Database.open(DatabaseConfig.builder(url).build())));
    }

    @Override
    protected void closeStores() {
        open.forEach(Database::close);
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

    private Database opened(Database db) {
        open.add(db);
        return db;
    }
}
