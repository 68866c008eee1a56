package dev.lucy.testkit;

import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens databases for a test on one URL at a time, as one or more "processes" (each {@link #again()} is another
 * connection pool on the same database), and closes them all in {@link #closeAll()}, usually after each test.
 */
public final class TestDatabases {
    private final List<Database> open = new ArrayList<>();
    private String url;

    /** Opens the database at {@code newUrl}, which later {@link #again()} calls open once more. */
    public Database fresh(String newUrl) {
        url = newUrl;
        return again();
    }

    /** Opens the last {@link #fresh} database once more, as a second process would. */
    public Database again() {
        Database database = Database.open(DatabaseConfig.builder(url).build());
        open.add(database);
        return database;
    }

    /** Closes every database opened so far. */
    public void closeAll() {
        open.forEach(Database::close);
        open.clear();
    }
}
