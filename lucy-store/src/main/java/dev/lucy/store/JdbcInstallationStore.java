package dev.lucy.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link InstallationStore} in SQLite or PostgreSQL ({@code slack_installations}, {@code slack_placements},
 * {@code slack_install_states}; component {@code lucy-runtime}). The bot and refresh tokens are sealed with a
 * {@link SecretBox} bound to their workspace, so the database holds no token in the clear and tokens copied to
 * another workspace's row do not open. An installation sealed with another key reads as absent (the workspace
 * installs again), and {@link #open} says so in the log. Thread safe, blocking.
 */
public final class JdbcInstallationStore extends ClockedStore implements InstallationStore {
    private static final System.Logger log = System.getLogger(JdbcInstallationStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS =
            "workspace_id, bot_user_id, scopes, key_id, sealed_tokens, expires_at, installed_at";

    private final SecretBox box;

    private JdbcInstallationStore(Database database, Clock clock, SecretBox box) {
        super(database, clock);
        this.box = box;
    }

    /** Opens the store on {@code database}, bringing its tables up to date; tokens are sealed in {@code box}. */
    public static JdbcInstallationStore open(Database database, SecretBox box, Clock clock) {
        Objects.requireNonNull(box, "box");
        JdbcInstallationStore store =
                open(database, JdbcDedupStore.COMPONENT, clock, (db, c) -> new JdbcInstallationStore(db, c, box));
        long other = store.sealedWithAnotherKey();
        if (other > 0) {
            log.log(
                    System.Logger.Level.ERROR,
                    "{0,number,#} Slack installation(s) in the database were sealed with another secret key (this key"
                            + " is {1}); Lucy cannot use them, and those workspaces must install Lucy again. To keep"
                            + " them, start Lucy with the key used before (LUCY_SECRET_KEY, or the key file in the data"
                            + " directory).",
                    other,
                    box.keyId());
        }
        return store;
    }

    /** What a workspace leaves behind that Lucy must not keep once it removed Lucy: people's tool and MCP sign-ins. */
    private static final java.util.List<String> WORKSPACE_CONNECTIONS =
            java.util.List.of("mcp_connections", "mcp_sign_ins", "tool_connections");

    /**
     * Deletes the tool and MCP connections (and sign-ins in progress) of the people of {@code workspaceId}, in
     * whichever of those tables exist on {@code database}. Returns how many rows went.
     */
    public static int forgetConnections(Database database, String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        int deleted = 0;
        for (String table : WORKSPACE_CONNECTIONS) {
            if (!database.read(c -> exists(c, table))) {
                continue;
            }
            deleted += database.inTransaction(c -> {
                try (PreparedStatement delete =
                        c.prepareStatement("DELETE FROM " + table + " WHERE workspace_id = ?")) {
                    delete.setString(1, workspaceId);
                    return delete.executeUpdate();
                }
            });
        }
        return deleted;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        for (String name : java.util.List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private long sealedWithAnotherKey() {
        return database.read(c -> {
            try (PreparedStatement count =
                    c.prepareStatement("SELECT COUNT(*) FROM slack_installations WHERE key_id <> ?")) {
                count.setString(1, box.keyId());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Installation> find(String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM slack_installations WHERE workspace_id = ?")) {
                select.setString(1, workspaceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? installation(rows) : Optional.<Installation>empty();
                }
            }
        });
    }

    @Override
    public List<Installation> all() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM slack_installations");
                    ResultSet rows = select.executeQuery()) {
                List<Installation> all = new ArrayList<>();
                while (rows.next()) {
                    installation(rows).ifPresent(all::add);
                }
                return List.copyOf(all);
            }
        });
    }

    @Override
    public void save(Installation installation) {
        Objects.requireNonNull(installation, "installation");
        long now = clock.millis();
        String sealed = box.seal(tokens(installation), context(installation.workspaceId()));
        database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO slack_installations (" + COLUMNS
                    + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET"
                    + " bot_user_id = excluded.bot_user_id, scopes = excluded.scopes, key_id = excluded.key_id,"
                    + " sealed_tokens = excluded.sealed_tokens, expires_at = excluded.expires_at,"
                    + " installed_at = excluded.installed_at, updated_at = excluded.updated_at")) {
                upsert.setString(1, installation.workspaceId());
                upsert.setString(2, installation.botUserId());
                upsert.setString(3, installation.scopes());
                upsert.setString(4, box.keyId());
                upsert.setString(5, sealed);
                if (installation.expiresAt().isPresent()) {
                    upsert.setLong(6, installation.expiresAt().get().toEpochMilli());
                } else {
                    upsert.setNull(6, Types.BIGINT);
                }
                upsert.setLong(7, installation.installedAt().toEpochMilli());
                upsert.setLong(8, now);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(String workspaceId) {
        Objects.requireNonNull(workspaceId, "workspaceId");
        return database.inTransaction(c -> {
            try (PreparedStatement places = c.prepareStatement("DELETE FROM slack_placements WHERE workspace_id = ?");
                    PreparedStatement delete =
                            c.prepareStatement("DELETE FROM slack_installations WHERE workspace_id = ?")) {
                places.setString(1, workspaceId);
                places.executeUpdate();
                delete.setString(1, workspaceId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void place(String slackId, String workspaceId) {
        Objects.requireNonNull(slackId, "slackId");
        Objects.requireNonNull(workspaceId, "workspaceId");
        database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO slack_placements (slack_id, workspace_id)"
                    + " VALUES (?, ?) ON CONFLICT (slack_id) DO UPDATE SET workspace_id = excluded.workspace_id")) {
                upsert.setString(1, slackId);
                upsert.setString(2, workspaceId);
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> workspaceOf(String slackId) {
        Objects.requireNonNull(slackId, "slackId");
        return database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT workspace_id FROM slack_placements WHERE slack_id = ?")) {
                select.setString(1, slackId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void issueState(String state, Instant expiresAt) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(expiresAt, "expiresAt");
        database.inTransaction(c -> {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO slack_install_states (state, expires_at) VALUES (?, ?)")) {
                insert.setString(1, state);
                insert.setLong(2, expiresAt.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean consumeState(String state, Instant now) {
        if (state == null || state.isEmpty()) {
            return false;
        }
        return database.inTransaction(c -> {
            boolean valid = deleteState(c, state, now);
            try (PreparedStatement expired =
                    c.prepareStatement("DELETE FROM slack_install_states WHERE expires_at <= ?")) {
                expired.setLong(1, now.toEpochMilli());
                expired.executeUpdate();
            }
            return valid;
        });
    }

    /** Deletes {@code state} when it is still valid; of two replicas taking it at once, one deletes the row. */
    private static boolean deleteState(Connection c, String state, Instant now) throws SQLException {
        try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM slack_install_states WHERE state = ? AND expires_at > ?")) {
            delete.setString(1, state);
            delete.setLong(2, now.toEpochMilli());
            return delete.executeUpdate() == 1;
        }
    }

    private Optional<Installation> installation(ResultSet rows) throws SQLException {
        String workspace = rows.getString(1);
        if (!box.keyId().equals(rows.getString(4))) {
            return Optional.empty();
        }
        Optional<String> plain = box.open(rows.getString(5), context(workspace));
        if (plain.isEmpty()) {
            log.log(
                    System.Logger.Level.WARNING,
                    "the Slack installation of {0} does not open (damaged); it must install Lucy again",
                    workspace);
            return Optional.empty();
        }
        long expires = rows.getLong(6);
        Optional<Instant> expiresAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
        try {
            JsonNode tokens = JSON.readTree(plain.get());
            return Optional.of(new Installation(
                    workspace,
                    rows.getString(2),
                    tokens.path("bot_token").asText(),
                    tokens.hasNonNull("refresh_token")
                            ? Optional.of(tokens.get("refresh_token").asText())
                            : Optional.empty(),
                    expiresAt,
                    rows.getString(3),
                    Instant.ofEpochMilli(rows.getLong(7))));
        } catch (IOException e) {
            throw new IllegalStateException("sealed Slack tokens are not JSON", e);
        }
    }

    private static String tokens(Installation installation) {
        ObjectNode node = JSON.createObjectNode();
        node.put("bot_token", installation.botToken());
        installation.refreshToken().ifPresent(t -> node.put("refresh_token", t));
        return node.toString();
    }

    /** What sealed tokens are bound to: their workspace's row. */
    private static String context(String workspaceId) {
        return "slack-installation\u0000" + workspaceId;
    }
}
