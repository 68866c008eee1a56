package dev.lucy.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * SQLite connections that keep the statements prepared on them, so a store's statement is compiled once per pooled
 * connection instead of once per call: SQLite's driver has no cache of its own, and compiling the same few
 * statements again was about a tenth of Lucy's CPU while a burst of messages was written to the inbox.
 *
 * <p>Only {@link Connection#prepareStatement(String)} is cached, at most {@code perConnection} statements per
 * connection (the least recently used go first). Closing a cached statement closes the result set it returned,
 * clears its parameters and batch and keeps it for the next caller of the same SQL; a statement asked for while
 * its cached twin is still open, or used in a way the cache does not follow ({@code execute}, {@code
 * getResultSet}, ...), is closed for real. Closing the connection closes every statement it kept.
 */
final class CachedStatements implements DataSource {
    /** The statement methods after which closing can put the statement back as new. */
    private static final Set<String> REUSABLE = Set.of(
            "executeQuery",
            "executeUpdate",
            "executeLargeUpdate",
            "executeBatch",
            "executeLargeBatch",
            "addBatch",
            "clearBatch",
            "clearParameters",
            "getUpdateCount",
            "getLargeUpdateCount",
            "unwrap",
            "isWrapperFor");

    private final DataSource sqlite;
    private final int perConnection;

    CachedStatements(DataSource sqlite, int perConnection) {
        this.sqlite = Objects.requireNonNull(sqlite, "sqlite");
        if (perConnection < 1) {
            throw new IllegalArgumentException("perConnection must be at least 1");
        }
        this.perConnection = perConnection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return caching(sqlite.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return caching(sqlite.getConnection(username, password));
    }

    private Connection caching(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Kept(connection, perConnection));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return sqlite.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        sqlite.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        sqlite.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return sqlite.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return sqlite.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return sqlite.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return sqlite.isWrapperFor(type);
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One physical connection and the statements kept on it; used by one thread at a time, as pooled. */
    private static final class Kept implements InvocationHandler {
        private final Connection connection;
        private final int limit;
        private final LinkedHashMap<String, Statement> statements = new LinkedHashMap<>(16, 0.75f, true);

        Kept(Connection connection, int limit) {
            this.connection = connection;
            this.limit = limit;
        }

        @Override
        public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return switch (method.getName()) {
                case "prepareStatement" ->
                    args.length == 1 && args[0] instanceof String sql
                            ? prepare(sql)
                            : forward(connection, method, args);
                case "close" -> {
                    closeAll();
                    yield forward(connection, method, args);
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "cached statements over " + connection;
                default -> forward(connection, method, args);
            };
        }

        private PreparedStatement prepare(String sql) throws SQLException {
            Statement kept = statements.get(sql);
            if (kept != null && !kept.open) {
                kept.open = true;
                return kept.proxy;
            }
            PreparedStatement fresh = connection.prepareStatement(sql);
            if (kept != null) {
                return fresh; // its twin is in use: this one is closed for real
            }
            Statement added = new Statement(this, sql, fresh);
            statements.put(sql, added);
            evict();
            return added.proxy;
        }

        private void evict() {
            Iterator<Map.Entry<String, Statement>> eldest =
                    statements.entrySet().iterator();
            while (statements.size() > limit && eldest.hasNext()) {
                Statement s = eldest.next().getValue();
                if (!s.open) {
                    eldest.remove();
                    s.closeQuietly();
                }
            }
        }

        synchronized void drop(Statement statement) {
            statements.remove(statement.sql, statement);
        }

        private void closeAll() {
            List<Statement> all = new ArrayList<>(statements.values());
            statements.clear();
            all.forEach(Statement::closeQuietly);
        }
    }

    /** A kept statement, handed out as a proxy whose {@code close} puts it back. */
    private static final class Statement implements InvocationHandler {
        private final Kept owner;
        private final String sql;
        private final PreparedStatement statement;
        private final PreparedStatement proxy;
        private ResultSet result;
        private boolean reusable = true;
        boolean open = true;

        Statement(Kept owner, String sql, PreparedStatement statement) {
            this.owner = owner;
            this.sql = sql;
            this.statement = statement;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(
                    PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    putBack();
                    return null;
                }
                case "isClosed" -> {
                    return !open || statement.isClosed();
                }
                case "equals" -> {
                    return self == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                case "toString" -> {
                    return statement.toString();
                }
                default -> {
                    if (!open) {
                        throw new SQLException("this statement is closed");
                    }
                }
            }
            if (!name.startsWith("set") && !REUSABLE.contains(name)) {
                reusable = false;
            }
            Object value = forward(statement, method, args);
            if ("executeQuery".equals(name)) {
                result = (ResultSet) value;
            }
            return value;
        }

        private void putBack() throws SQLException {
            if (!open) {
                return;
            }
            open = false;
            try {
                if (result != null) {
                    result.close();
                    result = null;
                }
                if (reusable) {
                    statement.clearParameters();
                    statement.clearBatch();
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                // not reusable after all: closed below
            }
            owner.drop(this);
            statement.close();
        }

        void closeQuietly() {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection is going anyway
            }
        }
    }
}
