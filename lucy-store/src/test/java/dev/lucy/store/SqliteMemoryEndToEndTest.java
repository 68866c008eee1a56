package dev.lucy.store;

import dev.lucy.memory.contract.MemoryScenario;
import dev.lucy.memory.spi.MemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The memory scenario on one SQLite file; the second store is another pool on it, as a second process. */
class SqliteMemoryEndToEndTest extends MemoryScenario {
    @TempDir
    Path dataDir;

    private final List<Database> open = new ArrayList<>();

    @Override
    protected MemoryStore openStore() {
        return open();
    }

    @Override
    protected MemoryStore openSecondStore() {
        return open();
    }

    private MemoryStore open() {
        Database db = Database.open(DatabaseConfig.sqlite(dataDir));
        open.add(db);
        return SqliteMemoryStore.open(db);
    }

    @Override
    protected void closeStores() {
        open.forEach(Database::close);
    }
}
