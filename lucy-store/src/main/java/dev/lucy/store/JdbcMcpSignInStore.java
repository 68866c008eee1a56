package dev.lucy.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.tools.spi.McpSignInStore;
import dev.lucy.tools.spi.McpTokenStore.Key;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link McpSignInStore} in SQLite or PostgreSQL ({@code mcp_sign_ins}), so that a person's browser may come back
 * from the authorization server to any replica. A row is found by a SHA-256 of the state (the state itself, which
 * completes the sign-in, is not kept); the PKCE verifier, the client and the endpoints are sealed with a {@link
 * SecretBox} bound to that row. {@link #take} deletes the row in the transaction that reads it, and only the
 * transaction whose delete removed it gets the sign-in, so a state completes at most one sign-in. A row sealed with
 * another key counts as absent. Thread safe, blocking.
 */
public final class JdbcMcpSignInStore extends ClockedStore implements McpSignInStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;

    private JdbcMcpSignInStore(Database database, Clock clock, SecretBox box) {
        super(database, clock);
        this.box = box;
    }

    /** Opens the store on {@code database}, bringing its tables up to date; sign-ins are sealed in {@code box}. */
    public static JdbcMcpSignInStore open(Database database, SecretBox box, Clock clock) {
        Objects.requireNonNull(box, "box");
        return open(database, JdbcApprovalAudit.COMPONENT, clock, (db, c) -> new JdbcMcpSignInStore(db, c, box));
    }

    @Override
    public void save(SignIn signIn) {
        Objects.requireNonNull(signIn, "signIn");
        String hash = hash(signIn.state());
        String sealed = box.seal(json(signIn), context(hash, signIn.key()));
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_sign_ins"
                    + " (state_hash, workspace_id, user_id, server, key_id, sealed_sign_in, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, hash);
                insert.setString(2, signIn.key().workspaceId());
                insert.setString(3, signIn.key().userId());
                insert.setString(4, signIn.key().server());
                insert.setString(5, box.keyId());
                insert.setString(6, sealed);
                insert.setLong(7, JdbcApprovalAudit.nanos(signIn.expiresAt()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<SignIn> find(String state, Instant now) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(state);
        return database.read(c -> select(c, hash, now)).flatMap(row -> open(state, hash, row));
    }

    @Override
    public Optional<SignIn> take(String state, Instant now) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(state);
        Optional<Row> row = database.inTransaction(c -> {
            Optional<Row> found = select(c, hash, now);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM mcp_sign_ins WHERE state_hash = ?")) {
                delete.setString(1, hash);
                // Only the transaction whose delete removed the row completes the sign-in.
                return delete.executeUpdate() == 1 ? found : Optional.<Row>empty();
            }
        });
        return row.flatMap(r -> open(state, hash, r));
    }

    @Override
    public int purgeExpired(Instant now) {
        long at = JdbcApprovalAudit.nanos(now);
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM mcp_sign_ins WHERE expires_at <= ?")) {
                delete.setLong(1, at);
                return delete.executeUpdate();
            }
        });
    }

    private record Row(Key key, String keyId, String sealed) {}

    private static Optional<Row> select(Connection c, String hash, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT workspace_id, user_id, server, key_id,"
                + " sealed_sign_in FROM mcp_sign_ins WHERE state_hash = ? AND expires_at > ?")) {
            select.setString(1, hash);
            select.setLong(2, JdbcApprovalAudit.nanos(now));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Row(
                                new Key(rows.getString(1), rows.getString(2), rows.getString(3)),
                                rows.getString(4),
                                rows.getString(5)))
                        : Optional.empty();
            }
        }
    }

    private Optional<SignIn> open(String state, String hash, Row row) {
        if (!row.keyId().equals(box.keyId())) {
            return Optional.empty();
        }
        return box.open(row.sealed(), context(hash, row.key())).map(plain -> signIn(state, row.key(), plain));
    }

    /** What a sealed sign-in is bound to: its row. */
    private static String context(String hash, Key key) {
        return "mcp-sign-in\u0000" + hash + "\u0000" + key.workspaceId() + "\u0000" + key.userId() + "\u0000"
                + key.server();
    }

    static String hash(String state) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String json(SignIn signIn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("verifier", signIn.verifier());
        node.put("redirect_uri", signIn.redirectUri());
        node.put("resource", signIn.resource());
        node.put("authorization_endpoint", signIn.authorizationEndpoint().toString());
        node.put("token_endpoint", signIn.tokenEndpoint().toString());
        signIn.scopes().forEach(node.putArray("scopes")::add);
        node.put("client_id", signIn.clientId());
        signIn.clientSecret().ifPresent(s -> node.put("client_secret", s));
        node.put("expires_at", signIn.expiresAt().toString());
        return node.toString();
    }

    private static SignIn signIn(String state, Key key, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String> scopes = new ArrayList<>();
            node.path("scopes").forEach(s -> scopes.add(s.asText()));
            return new SignIn(
                    state,
                    key,
                    node.path("verifier").asText(),
                    node.path("redirect_uri").asText(),
                    node.path("resource").asText(),
                    URI.create(node.path("authorization_endpoint").asText()),
                    URI.create(node.path("token_endpoint").asText()),
                    scopes,
                    node.path("client_id").asText(),
                    node.hasNonNull("client_secret")
                            ? Optional.of(node.get("client_secret").asText())
                            : Optional.empty(),
                    Instant.parse(node.path("expires_at").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("a sealed MCP sign-in is not JSON", e);
        }
    }
}
