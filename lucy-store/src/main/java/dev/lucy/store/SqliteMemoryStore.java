package dev.lucy.store;

import dev.lucy.memory.Fact;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
        List<String> expressions = new ArrayList<>();
        if (terms.size() > 1) {
            expressions.add(terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" AND ")));
        }
        expressions.add(terms.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(" OR ")));
        String workspace = String.join(" ", words(workspaceId));
        for (String expression : expressions) {
            String match = "{subject text} : (" + expression + ")";
            // all-terms matches are few, so they are found across workspaces (and filtered below) without merging
            // the workspace's long posting list; any-term matches are many, so they are read within the workspace
            boolean anyTerm = expression == expressions.get(expressions.size() - 1);
            if (anyTerm && !workspace.isEmpty()) {
                match = "workspace_id : \"" + workspace + "\" AND " + match;
            }
            for (Fact f : query(
                    c,
                    // CROSS JOIN fixes the order: matches first, then primary-key lookups; left to itself the
                    // planner walks every active fact of the workspace through an index instead
                    "SELECT " + prefixed() + " FROM (SELECT rowid AS r FROM memory_facts_fts WHERE"
                            + " memory_facts_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m CROSS JOIN memory_facts f"
                            + " ON f.seq = m.r WHERE f.workspace_id = ? AND f.valid_to IS NULL"
                            + " AND (f.scope_user = '' OR f.scope_user = ?) ORDER BY m.r DESC",
                    match,
                    limit,
                    workspaceId,
                    userId)) {
                found.putIfAbsent(f.id(), f);
            }
            if (found.size() >= limit) {
                break;
            }
        }
        return found.values().stream().limit(limit).toList();
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
