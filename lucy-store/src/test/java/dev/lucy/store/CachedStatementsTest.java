package dev.lucy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

class CachedStatementsTest {
    private static final String READ = "SELECT value FROM t WHERE name = ?";

    @TempDir
    Path dir;

    private DataSource cached;
    private SQLiteDataSource plain;

    @BeforeEach
    void table() throws SQLException {
        plain = new SQLiteDataSource();
        plain.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Connection c = plain.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.executeQuery("PRAGMA journal_mode=WAL").close();
            s.executeUpdate("CREATE TABLE t (name TEXT PRIMARY KEY, value INTEGER)");
            s.executeUpdate("INSERT INTO t VALUES ('a', 1), ('b', 2)");
        }
        cached = new CachedStatements(plain, 2);
    }

    private static JDBC4PreparedStatement driverStatement(PreparedStatement ps) throws SQLException {
        return ps.unwrap(JDBC4PreparedStatement.class);
    }

    private static int read(PreparedStatement ps, String name) throws SQLException {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    @Test
    void a_statement_closed_and_asked_for_again_on_the_same_connection_is_compiled_once() throws SQLException {
        try (Connection c = cached.getConnection()) {
            PreparedStatement first = c.prepareStatement(READ);
            assertThat(read(first, "a")).isEqualTo(1);
            JDBC4PreparedStatement compiled = driverStatement(first);
            first.close();
            assertThat(first.isClosed()).isTrue();
            PreparedStatement again = c.prepareStatement(READ);
            assertThat(driverStatement(again)).isSameAs(compiled);
            assertThat(read(again, "b")).isEqualTo(2);
            again.close();
            PreparedStatement third = c.prepareStatement(READ);
            assertThat(driverStatement(third)).isSameAs(compiled);
            // its parameters were cleared when it was put back: one left unset reads as null and matches nothing
            try (ResultSet rs = third.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
            third.close();
        }
    }

    @Test
    void the_same_sql_open_twice_at_once_gives_two_statements() throws SQLException {
        try (Connection c = cached.getConnection();
                PreparedStatement outer = c.prepareStatement(READ);
                PreparedStatement inner = c.prepareStatement(READ)) {
            outer.setString(1, "a");
            try (ResultSet rs = outer.executeQuery()) {
                rs.next();
                assertThat(read(inner, "b")).isEqualTo(2);
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void a_statement_put_back_releases_its_read_so_a_checkpoint_can_finish() throws SQLException {
        try (Connection reader = cached.getConnection()) {
            PreparedStatement ps = reader.prepareStatement(READ);
            ps.setString(1, "a");
            ResultSet open = ps.executeQuery();
            open.next();
            ps.close(); // the caller forgot the result set: putting the statement back closes it
            try (Connection writer = plain.getConnection();
                    java.sql.Statement s = writer.createStatement()) {
                s.executeUpdate("UPDATE t SET value = 3 WHERE name = 'a'");
                try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("busy").isZero();
                }
            }
        }
    }

    @Test
    void the_least_recently_used_statement_goes_when_the_connection_keeps_too_many() throws SQLException {
        try (Connection c = cached.getConnection()) {
            PreparedStatement a = c.prepareStatement(READ);
            JDBC4PreparedStatement driverA = driverStatement(a);
            a.close();
            c.prepareStatement("SELECT 1").close();
            c.prepareStatement("SELECT 2").close();
            assertThat(driverA.isClosed()).isTrue();
            PreparedStatement again = c.prepareStatement(READ);
            assertThat(read(again, "a")).isEqualTo(1);
            again.close();
        }
    }

    @Test
    void closing_the_connection_closes_what_it_kept() throws SQLException {
        Connection c = cached.getConnection();
        PreparedStatement ps = c.prepareStatement(READ);
        read(ps, "a");
        JDBC4PreparedStatement driver = driverStatement(ps);
        ps.close();
        assertThat(driver.isClosed()).isFalse();
        c.close();
        assertThat(driver.isClosed()).isTrue();
    }
}
