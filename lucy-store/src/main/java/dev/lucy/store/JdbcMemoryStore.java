package dev.lucy.store;

import dev.lucy.memory.Category;
import dev.lucy.memory.Fact;
import dev.lucy.memory.FactQuery;
import dev.lucy.memory.Source;
import dev.lucy.memory.Target;
import dev.lucy.memory.Tier;
import dev.lucy.memory.WriteOutcome;
import dev.lucy.memory.spi.FactVectors;
import dev.lucy.memory.spi.MemoryAdminStore;
import dev.lucy.memory.spi.MemoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The SQL both memory stores share; subclasses differ only in full-text search. */
abstract sealed class JdbcMemoryStore implements MemoryAdminStore permits SqliteMemoryStore, PostgresMemoryStore {
    static final String COLUMNS = "id, workspace_id, scope_user, tier, subject, text, dedup_key, category, target,"
            + " source_user, source_conversation, source_at, valid_from, valid_to, superseded_by, occurrences,"
            + " last_seen_at";

    final Database database;
    private final JdbcFactVectors vectors;

    JdbcMemoryStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.vectors = new JdbcFactVectors(database);
        database.migrate(
                "lucy-memory",
                JdbcMemoryStore.class.getClassLoader(),
                new ForgetFactsHoldingSecrets(database.dialect()));
    }

    /**
     * The vectors of this store's facts, for recall by meaning ({@link dev.lucy.memory.SemanticRecall}): kept in the
     * same database, searched in an HNSW graph held in this process. One per store; thread safe.
     */
    public FactVectors vectors() {
        return vectors;
    }

    @Override
    public WriteOutcome write(Fact fact) {
        Objects.requireNonNull(fact, "fact");
        String scope = fact.owner().orElse("");
        return database.inTransaction(c -> {
            // one statement, one snapshot: under READ COMMITTED two separate reads could see a concurrent
            // writer's fact as "same subject" after missing it as "same text", and store it twice
            List<Fact> related = query(
                    c,
                    // UNION ALL rather than OR, so each half uses its unique index instead of a scan
                    "SELECT " + COLUMNS + " FROM memory_facts WHERE workspace_id = ? AND scope_user = ?"
                            + " AND valid_to IS NULL AND dedup_key = ? UNION ALL SELECT " + COLUMNS
                            + " FROM memory_facts WHERE workspace_id = ? AND scope_user = ? AND valid_to IS NULL"
                            + " AND subject = ? AND dedup_key <> ?",
                    fact.workspaceId(),
                    scope,
                    fact.dedupKey(),
                    fact.workspaceId(),
                    scope,
                    fact.subject(),
                    fact.dedupKey());
            Optional<Fact> duplicate = related.stream()
                    .filter(f -> f.dedupKey().equals(fact.dedupKey()))
                    .findFirst();
            if (duplicate.isPresent()) {
                Fact counted = duplicate.get().statedAgain(fact.lastSeenAt());
                update(
                        c,
                        "UPDATE memory_facts SET occurrences = occurrences + 1, last_seen_at = ? WHERE id = ?",
                        counted.lastSeenAt().toEpochMilli(),
                        counted.id());
                return new WriteOutcome.Duplicate(counted);
            }
            List<Fact> sameSubject = related.stream()
                    .filter(f -> f.subject().equals(fact.subject()))
                    .toList();
            List<Fact> closed = new ArrayList<>();
            for (Fact old : sameSubject) {
                Fact ended = old.replacedBy(fact.id(), fact.validFrom());
                update(
                        c,
                        "UPDATE memory_facts SET valid_to = ?, superseded_by = ? WHERE id = ? AND valid_to IS NULL",
                        ended.validTo().orElseThrow().toEpochMilli(),
                        fact.id(),
                        old.id());
                closed.add(ended);
            }
            Fact stored = fact.active() ? fact : fact.holding();
            insert(c, stored);
            return closed.isEmpty() ? new WriteOutcome.Inserted(stored) : new WriteOutcome.Superseded(stored, closed);
        });
    }

    private static void insert(Connection c, Fact f) throws SQLException {
        update(
                c,
                "INSERT INTO memory_facts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.id(),
                f.workspaceId(),
                f.owner().orElse(""),
                f.tier().name(),
                f.subject(),
                f.text(),
                f.dedupKey(),
                f.category().name(),
                f.target().name(),
                f.source().userId(),
                f.source().conversationId(),
                f.source().at().toEpochMilli(),
                f.validFrom().toEpochMilli(),
                null,
                null,
                f.occurrences(),
                f.lastSeenAt().toEpochMilli());
    }

    @Override
    public Optional<Fact> find(String workspaceId, String factId) {
        return database.read(c -> first(
                c, "SELECT " + COLUMNS + " FROM memory_facts WHERE workspace_id = ? AND id = ?", workspaceId, factId));
    }

    @Override
    public List<Fact> list(FactQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM memory_facts WHERE workspace_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(q.workspaceId());
        if (!q.includeHistory()) {
            sql.append(" AND valid_to IS NULL");
        }
        q.visibleTo().ifPresent(u -> {
            sql.append(" AND (scope_user = '' OR scope_user = ?)");
            args.add(u);
        });
        q.owner().ifPresent(u -> {
            sql.append(" AND scope_user = ?");
            args.add(u);
        });
        q.sourceUser().ifPresent(u -> {
            sql.append(" AND source_user = ?");
            args.add(u);
        });
        q.tier().ifPresent(t -> {
            sql.append(" AND tier = ?");
            args.add(t.name());
        });
        sql.append(" ORDER BY last_seen_at DESC, seq DESC LIMIT ?");
        args.add(q.limit());
        return database.read(c -> query(c, sql.toString(), args.toArray()));
    }

    @Override
    public List<Fact> search(String workspaceId, String userId, Set<String> terms, int limit) {
        List<String> clean = MemoryStore.searchWords(terms);
        if (clean.isEmpty() || limit < 1) {
            return List.of();
        }
        return database.read(c -> searchActive(c, workspaceId, userId, clean, limit));
    }

    /** Full-text search over active facts visible to the user; terms are letters and digits only. */
    abstract List<Fact> searchActive(Connection c, String workspaceId, String userId, List<String> terms, int limit)
            throws SQLException;

    @Override
    public boolean delete(String workspaceId, String factId) {
        return database.inTransaction(c -> {
            // a fact that superseded this one no longer points at a deleted id
            update(
                    c,
                    "UPDATE memory_facts SET superseded_by = NULL WHERE workspace_id = ? AND superseded_by = ?",
                    workspaceId,
                    factId);
            return update(c, "DELETE FROM memory_facts WHERE workspace_id = ? AND id = ?", workspaceId, factId) > 0;
        });
    }

    @Override
    public int deleteByUser(String workspaceId, String userId) {
        return database.inTransaction(c -> update(
                c,
                "DELETE FROM memory_facts WHERE workspace_id = ? AND (scope_user = ? OR source_user = ?)",
                workspaceId,
                userId,
                userId));
    }

    @Override
    public int deleteWorkspace(String workspaceId) {
        return database.inTransaction(c -> update(c, "DELETE FROM memory_facts WHERE workspace_id = ?", workspaceId));
    }

    @Override
    public boolean promote(String workspaceId, String factId, Instant at) {
        return database.inTransaction(c -> update(
                        c,
                        "UPDATE memory_facts SET tier = ?, promoted_at = ? WHERE workspace_id = ? AND id = ?"
                                + " AND tier = ? AND valid_to IS NULL",
                        Tier.KNOWLEDGE.name(),
                        at.toEpochMilli(),
                        workspaceId,
                        factId,
                        Tier.SESSION.name())
                > 0);
    }

    @Override
    public int trimSession(String workspaceId, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative: " + keep);
        }
        return database.inTransaction(c -> update(
                c,
                "DELETE FROM memory_facts WHERE workspace_id = ? AND tier = ? AND seq NOT IN (SELECT seq FROM"
                        + " memory_facts WHERE workspace_id = ? AND tier = ? ORDER BY last_seen_at DESC, seq DESC"
                        + " LIMIT ?)",
                workspaceId,
                Tier.SESSION.name(),
                workspaceId,
                Tier.SESSION.name(),
                keep));
    }

    @Override
    public List<String> workspaces() {
        return database.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT DISTINCT workspace_id FROM memory_facts ORDER BY workspace_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    static Optional<Fact> first(Connection c, String sql, Object... args) throws SQLException {
        List<Fact> facts = query(c, sql, args);
        return facts.isEmpty() ? Optional.empty() : Optional.of(facts.get(0));
    }

    static List<Fact> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Fact> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.BIGINT);
                case String s -> ps.setString(i + 1, s);
                case Integer n -> ps.setInt(i + 1, n);
                case Long n -> ps.setLong(i + 1, n);
                default -> throw new IllegalArgumentException("unsupported parameter type " + a.getClass());
            }
        }
    }

    static Fact map(ResultSet rs) throws SQLException {
        String scope = rs.getString("scope_user");
        long validTo = rs.getLong("valid_to");
        Optional<Instant> end = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(validTo));
        return new Fact(
                rs.getString("id"),
                rs.getString("workspace_id"),
                scope.isEmpty() ? Optional.empty() : Optional.of(scope),
                Tier.valueOf(rs.getString("tier")),
                rs.getString("subject"),
                rs.getString("text"),
                rs.getString("dedup_key"),
                Category.valueOf(rs.getString("category")),
                Target.valueOf(rs.getString("target")),
                new Source(
                        rs.getString("source_user"),
                        rs.getString("source_conversation"),
                        Instant.ofEpochMilli(rs.getLong("source_at"))),
                Instant.ofEpochMilli(rs.getLong("valid_from")),
                end,
                Optional.ofNullable(rs.getString("superseded_by")),
                rs.getInt("occurrences"),
                Instant.ofEpochMilli(rs.getLong("last_seen_at")));
    }
}
