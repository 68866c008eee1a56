package dev.lucy.store;

import dev.lucy.testkit.postgres.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The built-in tools with their data in a real PostgreSQL, a fresh database per test. */
class PostgresBuiltInToolsTest extends DurableBuiltInToolsContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    protected Database freshDatabase() {
        return databases.fresh(postgres.createDatabase());
    }
}
