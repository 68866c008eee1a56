package dev.lucy.store;

import dev.lucy.memory.contract.MemoryScenario;
import dev.lucy.memory.spi.MemoryStore;
import dev.lucy.testkit.postgres.EmbeddedPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The memory scenario on real PostgreSQL; the second store is another pool, as a second replica. */
class PostgresMemoryEndToEndTest extends MemoryScenario {
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
        return open();
    }

    @Override
    protected MemoryStore openSecondStore() {
        return open();
    }

    private MemoryStore open() {
        Database db = Database.open(DatabaseConfig.builder(url).build());
        open.add(db);
        return PostgresMemoryStore.open(db);
    }

    @Override
    protected void closeStores() {
        open.forEach(Database::close);
    }
}
