package dev.lucy.store;

/** The built-in tools with their data in a real PostgreSQL, a fresh database per test. */
class PostgresBuiltInToolsTest extends DurableBuiltInToolsContract {
    PostgresBuiltInToolsTest() {
        super(OpenDatabases.postgres());
    }
}
