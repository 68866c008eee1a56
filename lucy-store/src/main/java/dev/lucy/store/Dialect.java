package dev.lucy.store;

import java.sql.SQLException;
import java.util.Locale;

/** The SQL databases Lucy stores data in, and the few ways they differ. */
public enum Dialect {
    /** An embedded SQLite file: the default, one process (or a few on one machine). */
    SQLITE("sqlite"),
    /** PostgreSQL: several replicas sharing one database. */
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The dialect a JDBC URL names; fails with a message naming the URL's scheme when Lucy does not support it. */
    public static Dialect fromUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        int colon = url.indexOf(':', url.startsWith("jdbc:") ? 5 : 0);
        String scheme = colon < 0 ? url : url.substring(0, colon);
        throw new IllegalArgumentException(
                "url: unsupported database '" + scheme + "'; use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
    }

    /** The folder name migrations for this dialect live under, for example {@code db/lucy-memory/sqlite}. */
    public String folder() {
        return folder;
    }

    /**
     * Whether a failed transaction can simply run again: a serialization failure or deadlock, a unique key
     * taken by a concurrent writer (re-reading then sees it), or SQLite reporting the database busy.
     */
    public boolean isRetriable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (this == POSTGRESQL
                        && state != null
                        && (state.equals("40001") || state.equals("40P01") || state.equals("23505"))) {
                    return true;
                }
                if (this == SQLITE) {
                    // SQLITE_BUSY (5), SQLITE_LOCKED (6) and their extended codes; constraint (19) on a unique key
                    int code = sql.getErrorCode() & 0xff;
                    if (code == 5 || code == 6) {
                        return true;
                    }
                    String msg = String.valueOf(sql.getMessage());
                    if (msg.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
