package dev.lucy.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done with one connection, inside a transaction or not. It may run more than once when a transaction is
 * retried, so it must not have side effects outside the database.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
