package dev.lucy.store;

import dev.lucy.memory.contract.MemoryStoreContract;
import dev.lucy.memory.spi.MemoryAdminStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteMemoryStoreTest extends MemoryStoreContract {
    @TempDir
    Path dataDir;

    private final List<Database> open = new ArrayList<>();

    @Override
    protected MemoryAdminStore openStore() {
        return SqliteMemoryStore.open(opened(Database.open(DatabaseConfig.sqlite(dataDir))));
    }

    @Override
    protected MemoryAdminStore openSecondStore() {
        // a second pool with its own write lock: to SQLite it looks like another process
        return SqliteMemoryStore.open(opened(Database.open(DatabaseConfig.sqlite(dataDir))));
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
