package dev.lucy.store;

import java.util.ArrayList;
import java.util.List;

/** Opens databases on one URL at a time, as one or more "processes", and closes them after each test. */
final class TestDatabases {
    private final List<Database> open = new ArrayList<>();
    private String url;

    Database fresh(String newUrl) {
        url = newUrl;
        return again();
    }

    Database again() {
        Database database = Database.open(DatabaseConfig.builder(url).build());
        open.add(database);
        return database;
    }

    void closeAll() {
        open.forEach(Database::close);
        open.clear();
    }
}
