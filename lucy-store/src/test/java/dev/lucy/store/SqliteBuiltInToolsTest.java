package dev.lucy.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The built-in tools with their data in a real SQLite file. */
class SqliteBuiltInToolsTest extends DurableBuiltInToolsContract {
    @TempDir
    Path dir;

    @Override
    protected Database freshDatabase() {
        return databases.fresh("jdbc:sqlite:" + dir.resolve("lucy.db"));
    }
}
