package dev.lucy.store;

import dev.lucy.memory.Fact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link dev.lucy.memory.spi.MemoryAdminStore} in one SQLite file (WAL), recall through an FTS5 index: the bot's
 * default. Thread safe; several processes on one machine may share the file.
 */
public final class SqliteMemoryStore extends JdbcMemoryStore {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_PAGE = 4_096;

    private SqliteMemoryStore(Database database) {
        super(database);
    }

    /** Opens the store on a SQLite database, migrating its tables to the current version. */
    public static SqliteMemoryStore open(Database database) {
        if (database.dialect() != Dialect.SQLITE) {
            throw new IllegalArgumentException("database: SqliteMemoryStore needs SQLite, got " + database.dialect());
        }
        return new SqliteMemoryStore(database);
    }

    /**
     * The most recent facts matching all terms, then the most recent matching any. Ranking every match (bm25)
     * costs time in proportion to the matches, tens of milliseconds with 100,000 facts; reading postings newest
     * first and stopping at the limit costs the same at any size, and recall scores the candidates itself.
     */
    @Override
    List<Fact> searchActive(Connection c, String workspaceId, String userId, List<String> terms, int limit)
            throws SQLException {
        Map<String, Fact> found = new LinkedHashMap<>();
        String workspace = String.join(" ", words(workspaceId));
        if (terms.size() > 1) {
            // all-terms matches are few, so they are found across workspaces (and filtered) without merging the
            // workspace's long posting list; one page is enough, the any-term pass below finds what it missed
            String all = terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" AND "));
            readNewestFirst(c, "{subject text} : (" + all + ")", workspaceId, userId, limit, false, found);
        }
        if (found.size() < limit) {
            // any-term matches are many, so they are read within the workspace's postings
            String any = "{subject text} : ("
                    + terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" OR ")) + ")";
            String match = workspace.isEmpty() ? any : "workspace_id : \"" + workspace + "\" AND " + any;
            readNewestFirst(c, match, workspaceId, userId, limit, true, found);
        }
        return found.values().stream().limit(limit).toList();
    }

    /**
     * Adds to {@code found}, newest first, the facts matching {@code match} that the user may see, until it holds
     * {@code limit}. The index also holds facts the user may not see (another person's, superseded ones, another
     * workspace's whose id has the same words): those are skipped, and with {@code toTheEnd} further postings are
     * read in growing pages, so they never take the place of a fact the user may see.
     */
    private static void readNewestFirst(
            Connection c,
            String match,
            String workspaceId,
            String userId,
            int limit,
            boolean toTheEnd,
            Map<String, Fact> found)
            throws SQLException {
        long below = Long.MAX_VALUE;
        int page = limit;
        while (found.size() < limit) {
            int read = 0;
            // the LEFT JOIN fixes the order: postings first, then primary-key lookups; left to itself the planner
            // walks every active fact of the workspace through an index instead. A posting of a fact the user may
            // not see comes back without the fact, so the page's length and its last posting are still known.
            try (PreparedStatement ps = c.prepareStatement("SELECT m.r, " + prefixed()
                    + " FROM (SELECT rowid AS r FROM memory_facts_fts WHERE memory_facts_fts MATCH ? AND rowid < ?"
                    + " ORDER BY rowid DESC LIMIT ?) m LEFT JOIN memory_facts f ON f.seq = m.r"
                    + " AND f.workspace_id = ? AND f.valid_to IS NULL AND (f.scope_user = '' OR f.scope_user = ?)"
                    + " ORDER BY m.r DESC")) {
                ps.setString(1, match);
                ps.setLong(2, below);
                ps.setInt(3, page);
                ps.setString(4, workspaceId);
                ps.setString(5, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        below = rs.getLong(1);
                        if (rs.getString("id") != null) {
                            Fact f = map(rs);
                            found.putIfAbsent(f.id(), f);
                        }
                    }
                }
            }
            if (!toTheEnd || read < page) {
                return;
            }
            page = Math.min(page * 2, MAX_PAGE);
        }
    }

    /** The words FTS5's tokenizer sees in {@code text}: lower-case runs of letters and digits. */
    private static List<String> words(String text) {
        return WORD.matcher(text.toLowerCase(Locale.ROOT))
                .results()
                .map(MatchResult::group)
                .toList();
    }

    private static String prefixed() {
        return "f." + COLUMNS.replace(", ", ", f.");
    }
}
