package dev.lucy.testkit.it.memory;

import dev.lucy.memory.PostgresMemoryStore;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.testkit.contract.MemoryStoreContract;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
    protected MemoryStore openStore() {
        url = postgres.createDatabase();
        return PostgresMemoryStore.open(
                opened(Database.open(DatabaseConfig.builder(url).build())));
    }

    @Override
    protected MemoryStore openSecondStore() {
        return PostgresMemoryStore.open(
                opened(Database.open(DatabaseConfig.builder(url).build())));
    }

    @Override
    protected void closeStores() {
        open.forEach(Database::close);
    }

    private Database opened(Database db) {
        open.add(db);
        return db;
    }
}
