package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private static int hits(Database db) {
        return firstNumber(db, "SELECT value FROM counter WHERE name = 'hits'");
    }

    /** The first column of the first row {@code query} returns, as text; also for {@code SqliteKillTest}. */
    static String firstValue(Database db, String query) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(query)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** The first column of the first row {@code query} returns, as a number; also for {@code ServedRequestsOrderTest}. */
    static int firstNumber(Database db, String query) {
        return Integer.parseInt(firstValue(db, query));
    }

    private static int increment(Database db) {
        return db.inTransaction(c -> {
            int value;
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM counter WHERE name = 'hits'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                value = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE counter SET value = ? WHERE name = 'hits'")) {
                ps.setInt(1, value + 1);
                ps.executeUpdate();
            }
            return value + 1;
        });
    }

    @Test
    void creates_the_data_directory_and_runs_sqlite_in_wal_mode() {
        Path data = dir.resolve("nested/data");
        try (Database db = Database.open(DatabaseConfig.sqlite(data))) {
            assertThat(firstValue(db, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(Files.exists(data.resolve("lucy.db"))).isTrue();
        }
    }

    @Test
    void read_then_write_from_two_pools_on_one_file_never_fails_busy_or_loses_an_update() throws Exception {
        try (Database a = Database.open(DatabaseConfig.sqlite(dir));
                Database b = Database.open(DatabaseConfig.sqlite(dir))) {
            a.migrate("store-test", getClass().getClassLoader());
            b.migrate("store-test", getClass().getClassLoader());
            int perPool = 200;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < perPool; i++) {
                    for (Database db : List.of(a, b)) {
                        results.add(pool.submit(() -> {
                            start.await();
                            return increment(db);
                        }));
                    }
                }
                start.countDown();
                for (Future<Integer> r : results) {
                    r.get();
                }
            }
            assertThat(hits(a)).isEqualTo(2 * perPool);
        }
    }

    @Test
    void a_failing_transaction_is_rolled_back() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dir))) {
            db.migrate("store-test", getClass().getClassLoader());

            assertThatThrownBy(() -> db.inTransaction(c -> {
                        c.createStatement().executeUpdate("UPDATE counter SET value = 42");
                        throw new SQLException("no such thing", "42000", 1);
                    }))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("no such thing");

            assertThat(hits(db)).isZero();
        }
    }

    @Test
    void migrating_twice_is_harmless_and_each_component_keeps_its_own_history() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dir))) {
            db.migrate("store-test", getClass().getClassLoader());
            db.migrate("store-test", getClass().getClassLoader());

            assertThat(firstValue(db, "SELECT COUNT(*) FROM store_test_schema_history WHERE success = 1"))
                    .isEqualTo("1");
            assertThat(hits(db)).isZero();
        }
    }

    @Test
    void a_component_without_migrations_fails_with_a_clear_message() {
        try (Database db = Database.open(DatabaseConfig.sqlite(dir))) {
            assertThatThrownBy(() -> db.migrate("nothing-here", getClass().getClassLoader()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("nothing-here");
            assertThatThrownBy(() -> db.migrate("Bad Name", getClass().getClassLoader()))
                    .hasMessageContaining("component");
        }
    }
}
