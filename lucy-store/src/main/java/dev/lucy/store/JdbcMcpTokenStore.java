package dev.lucy.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.tools.spi.McpTokenStore;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link McpTokenStore} in SQLite or PostgreSQL ({@code mcp_connections}): each person's grant for an MCP server,
 * sealed with a {@link SecretBox} (AES-256-GCM) bound to its workspace, person and server, so the database holds no
 * token in the clear and a grant copied to another row does not open.
 *
 * <p>A grant sealed with another key (the secret key changed or was lost) cannot be read: {@link #open} says so once
 * in the log, in plain words with what to do, and such a grant counts as absent, so its person is asked to connect
 * again. Thread safe, blocking.
 */
public final class JdbcMcpTokenStore extends ClockedStore implements McpTokenStore {
    private static final System.Logger log = System.getLogger(JdbcMcpTokenStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;

    private JdbcMcpTokenStore(Database database, Clock clock, SecretBox box) {
        super(database, clock);
        this.box = box;
    }

    /** Opens the store on {@code database}, bringing its tables up to date; grants are sealed in {@code box}. */
    public static JdbcMcpTokenStore open(Database database, SecretBox box, Clock clock) {
        Objects.requireNonNull(box, "box");
        JdbcMcpTokenStore store =
                open(database, JdbcApprovalAudit.COMPONENT, clock, (db, c) -> new JdbcMcpTokenStore(db, c, box));
        int other = store.sealedWithAnotherKey();
        if (other > 0) {
            log.log(
                    System.Logger.Level.ERROR,
                    "{0,number,#} MCP connection(s) in the database were sealed with another secret key than this one"
                            + " (key id {1}); Lucy cannot read them, and those people will be asked to connect again."
                            + " To keep them, start Lucy with the key used before (LUCY_SECRET_KEY, or the key file in"
                            + " the data directory).",
                    other,
                    box.keyId());
        }
        return store;
    }

    /** How many stored grants were sealed with another key than this store's. */
    public int sealedWithAnotherKey() {
        return database.read(c -> {
            try (PreparedStatement count =
                    c.prepareStatement("SELECT COUNT(*) FROM mcp_connections WHERE key_id <> ?")) {
                count.setString(1, box.keyId());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    @Override
    public Optional<Grant> find(Key key) {
        Objects.requireNonNull(key, "key");
        Optional<String[]> row = database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT key_id, sealed_grant FROM mcp_connections"
                    + " WHERE workspace_id = ? AND user_id = ? AND server = ?")) {
                select.setString(1, key.workspaceId());
                select.setString(2, key.userId());
                select.setString(3, key.server());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new String[] {rows.getString(1), rows.getString(2)})
                            : Optional.<String[]>empty();
                }
            }
        });
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get()[0].equals(box.keyId())) {
            log.log(
                    System.Logger.Level.WARNING,
                    "the MCP connection of {0} to {1} was sealed with another secret key; they will be asked to"
                            + " connect again",
                    key.userId(),
                    key.server());
            return Optional.empty();
        }
        Optional<String> plain = box.open(row.get()[1], context(key));
        if (plain.isEmpty()) {
            log.log(
                    System.Logger.Level.WARNING,
                    "the MCP connection of {0} to {1} does not open (damaged); they will be asked to connect again",
                    key.userId(),
                    key.server());
            return Optional.empty();
        }
        return Optional.of(grant(plain.get()));
    }

    @Override
    public void save(Key key, Grant grant) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(grant, "grant");
        long now = JdbcApprovalAudit.nanos(clock.instant());
        String sealed = box.seal(json(grant), context(key));
        database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO mcp_connections"
                    + " (workspace_id, user_id, server, key_id, sealed_grant, connected_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, user_id, server) DO UPDATE SET"
                    + " key_id = excluded.key_id, sealed_grant = excluded.sealed_grant,"
                    + " updated_at = excluded.updated_at")) {
                upsert.setString(1, key.workspaceId());
                upsert.setString(2, key.userId());
                upsert.setString(3, key.server());
                upsert.setString(4, box.keyId());
                upsert.setString(5, sealed);
                upsert.setLong(6, now);
                upsert.setLong(7, now);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(Key key) {
        Objects.requireNonNull(key, "key");
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM mcp_connections WHERE workspace_id = ? AND user_id = ? AND server = ?")) {
                delete.setString(1, key.workspaceId());
                delete.setString(2, key.userId());
                delete.setString(3, key.server());
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Key> connectedTo(String server) {
        Objects.requireNonNull(server, "server");
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT workspace_id, user_id FROM mcp_connections WHERE server = ? AND key_id = ?")) {
                select.setString(1, server);
                select.setString(2, box.keyId());
                try (ResultSet rows = select.executeQuery()) {
                    List<Key> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(new Key(rows.getString(1), rows.getString(2), server));
                    }
                    return List.copyOf(keys);
                }
            }
        });
    }

    /** What a sealed grant is bound to: its row. */
    private static String context(Key key) {
        return "mcp-connection\u0000" + key.workspaceId() + "\u0000" + key.userId() + "\u0000" + key.server();
    }

    private static String json(Grant grant) {
        ObjectNode node = JSON.createObjectNode();
        node.put("client_id", grant.clientId());
        grant.clientSecret().ifPresent(s -> node.put("client_secret", s));
        node.put("access_token", grant.accessToken());
        grant.refreshToken().ifPresent(t -> node.put("refresh_token", t));
        grant.expiresAt().ifPresent(at -> node.put("expires_at", at.toString()));
        return node.toString();
    }

    private static Grant grant(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Grant(
                    node.path("client_id").asText(),
                    text(node, "client_secret"),
                    node.path("access_token").asText(),
                    text(node, "refresh_token"),
                    text(node, "expires_at").map(Instant::parse));
        } catch (IOException e) {
            throw new IllegalStateException("a sealed MCP grant is not JSON", e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
}
