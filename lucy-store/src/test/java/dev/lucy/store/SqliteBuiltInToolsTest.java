package dev.lucy.store;

/** The built-in tools with their data in a real SQLite file. */
class SqliteBuiltInToolsTest extends DurableBuiltInToolsContract {
    SqliteBuiltInToolsTest() {
        super(OpenDatabases.sqlite());
    }
}
