package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.core.Caller;
import dev.lucy.core.spi.ToolError;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.OAuthMcpServer;
import dev.lucy.tools.spi.ConnectionResolver;
import dev.lucy.tools.spi.McpSignInStore;
import dev.lucy.tools.spi.McpTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP authorization flow against a loopback MCP server that requires OAuth and its authorization server:
 * discovery from the 401, dynamic registration, PKCE, the person's own token on their calls, refresh before expiry
 * and after a 401, and disconnecting with revocation. The browser step is an HTTP client following the link.
 */
class McpOAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1");
    private static final Caller BOB = new Caller("T1", "U-bob", "C1:1");

    private final OAuthMcpServer server = OAuthMcpServer.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final McpTokenStore store = McpTokenStore.inMemory();
    private final McpOAuth oauth = McpOAuth.create(store, () -> URI.create("https://lucy.example.com/"), clock);
    private final McpServerConfig config = McpServerConfig.remote("notes", server.endpoint())
            .oauth(McpServerConfig.OAuth.dynamic())
            .build();
    private final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs the sign-in as a browser would: Lucy's start page, the authorization server, back to Lucy's callback. */
    private McpOAuth.Completed signIn(Caller caller, String account) throws IOException, InterruptedException {
        server.signInAs(account);
        McpOAuth.Link link = (McpOAuth.Link) oauth.begin(caller, config);
        assertThat(link.uri().toString()).startsWith("https://lucy.example.com/oauth/start?state=");
        String state = query(link.uri()).get("state");
        URI authorize = oauth.authorizationRedirect(state).orElseThrow();
        Map<String, String> sent = query(authorize);
        assertThat(sent)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("resource", server.endpoint().toString())
                .containsEntry("redirect_uri", "https://lucy.example.com/oauth/callback")
                .containsEntry("scope", "notes.read")
                .doesNotContainKey("code_verifier");
        HttpResponse<String> approved =
                browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).isEqualTo(302);
        Map<String, String> back =
                query(URI.create(approved.headers().firstValue("Location").orElseThrow()));
        assertThat(back.get("state")).isEqualTo(state);
        return oauth.complete(
                back.get("state"), Optional.ofNullable(back.get("code")), Optional.ofNullable(back.get("error")));
    }

    private McpServers servers() {
        return McpServers.builder(List.of(config))
                .oauth(oauth)
                .healthCheckEvery(Duration.ofMillis(200))
                .build();
    }

    private static ToolResult whoami(ToolRegistry registry, Caller caller) {
        return registry.find("notes__whoami").orElseThrow().handler().handle(caller, JSON.createObjectNode());
    }

    @Test
    void a_person_signs_in_and_their_calls_carry_their_own_token() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = servers()) {
            servers.start(registry);
            assertThat(servers.awaitFirstAttempt(Duration.ofSeconds(10))).isTrue();
            assertThat(servers.connection(ALICE, "notes")).isInstanceOf(ConnectionResolver.Missing.class);
            assertThat(((ConnectionResolver.Missing) servers.connection(ALICE, "notes")).connectUrl())
                    .contains("/lucy connect notes");

            assertThat(signIn(ALICE, "alice@notes")).isInstanceOf(McpOAuth.Connected.class);
            assertThat(server.registeredClients()).isEqualTo(1);
            assertThat(servers.connection(ALICE, "notes")).isEqualTo(ConnectionResolver.Status.CONNECTED);
            awaitTrue(() -> registry.find("notes__whoami").isPresent());

            assertThat(whoami(registry, ALICE)).isEqualTo(ToolResult.success("signed in as alice@notes"));
            assertThat(servers.openSessions("notes")).isEqualTo(1);

            ToolResult bob = whoami(registry, BOB);
            assertThat(bob).isInstanceOf(ToolResult.Failure.class);
            assertThat(((ToolResult.Failure) bob).error()).isEqualTo(ToolError.CONNECTION_REQUIRED);
            assertThat(((ToolResult.Failure) bob).message()).contains("/lucy connect notes");
            assertThat(server.calls()).containsExactly("alice@notes: whoami");
        }
    }

    @Test
    void the_token_is_refreshed_before_it_expires_and_again_when_the_server_refuses_it() throws Exception {
        server.tokenLifetime(Duration.ofMinutes(5));
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = servers()) {
            servers.start(registry);
            signIn(ALICE, "alice@notes");
            awaitTrue(() -> registry.find("notes__whoami").isPresent());
            assertThat(whoami(registry, ALICE)).isEqualTo(ToolResult.success("signed in as alice@notes"));
            assertThat(server.refreshes()).isZero();
            int refused = server.rejectedRequests(); // the discovery's unauthenticated request

            clock.advance(Duration.ofMinutes(4).plusSeconds(30)); // within a minute of expiry
            assertThat(whoami(registry, ALICE)).isEqualTo(ToolResult.success("signed in as alice@notes"));
            assertThat(server.refreshes()).isEqualTo(1);
            assertThat(server.rejectedRequests())
                    .as("refreshed before use, never refused")
                    .isEqualTo(refused);

            server.expireAccessTokens(); // the server forgets them early: the 401 makes Lucy refresh and retry
            assertThat(whoami(registry, ALICE)).isEqualTo(ToolResult.success("signed in as alice@notes"));
            assertThat(server.refreshes()).isEqualTo(2);
        }
    }

    @Test
    void disconnecting_revokes_the_tokens_and_the_person_is_asked_to_connect_again() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = servers()) {
            servers.start(registry);
            signIn(ALICE, "alice@notes");
            awaitTrue(() -> registry.find("notes__whoami").isPresent());
            assertThat(whoami(registry, ALICE)).isInstanceOf(ToolResult.Success.class);

            McpOAuth.Disconnected done = servers.disconnect(ALICE, "notes").orElseThrow();

            assertThat(done).isEqualTo(new McpOAuth.Disconnected(true, true));
            assertThat(server.revokedTokens()).isEqualTo(2);
            assertThat(store.find(new McpTokenStore.Key("T1", "U-alice", "notes")))
                    .isEmpty();
            assertThat(servers.openSessions("notes")).isZero();
            ToolResult after = whoami(registry, ALICE);
            assertThat(((ToolResult.Failure) after).error()).isEqualTo(ToolError.CONNECTION_REQUIRED);
        }
    }

    @Test
    void forgetting_a_workspace_closes_its_peoples_sessions_and_drops_their_tokens_held_in_memory() throws Exception {
        Caller carol = new Caller("T2", "U-carol", "C2:1");
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = servers()) {
            servers.start(registry);
            signIn(ALICE, "alice@notes");
            signIn(carol, "carol@notes");
            awaitTrue(() -> registry.find("notes__whoami").isPresent());
            assertThat(whoami(registry, ALICE)).isInstanceOf(ToolResult.Success.class);
            assertThat(whoami(registry, carol)).isInstanceOf(ToolResult.Success.class);
            assertThat(servers.openSessions("notes")).isEqualTo(2);
            // the workspace's rows are deleted with its installation, beside this process
            store.delete(new McpTokenStore.Key("T2", "U-carol", "notes"));

            servers.forgetWorkspace("T2");

            assertThat(servers.openSessions("notes")).isEqualTo(1);
            assertThat(servers.connection(carol, "notes")).isInstanceOf(ConnectionResolver.Missing.class);
            assertThat(((ToolResult.Failure) whoami(registry, carol)).error()).isEqualTo(ToolError.CONNECTION_REQUIRED);
            assertThat(servers.connection(ALICE, "notes")).isInstanceOf(ConnectionResolver.Connected.class);
            assertThat(whoami(registry, ALICE)).isInstanceOf(ToolResult.Success.class);
            assertThat(server.revokedTokens())
                    .as("the workspace's tokens went with the app")
                    .isZero();
        }
    }

    @Test
    void a_persons_session_closes_when_idle_and_opens_again_on_their_next_call() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpServers servers = McpServers.builder(List.of(config))
                .oauth(oauth)
                .idleAfter(Duration.ofMillis(100))
                .healthCheckEvery(Duration.ofMillis(50))
                .build()) {
            servers.start(registry);
            signIn(ALICE, "alice@notes");
            awaitTrue(() -> registry.find("notes__whoami").isPresent());
            assertThat(whoami(registry, ALICE)).isInstanceOf(ToolResult.Success.class);

            awaitTrue(() -> servers.openSessions("notes") == 0);

            assertThat(whoami(registry, ALICE)).isEqualTo(ToolResult.success("signed in as alice@notes"));
            assertThat(servers.openSessions("notes")).isEqualTo(1);
        }
    }

    @Test
    void a_state_works_once_and_a_tampered_verifier_is_refused_by_the_server() throws Exception {
        McpOAuth.Link link = (McpOAuth.Link) oauth.begin(ALICE, config);
        String state = query(link.uri()).get("state");
        URI authorize = oauth.authorizationRedirect(state).orElseThrow();
        HttpResponse<String> approved =
                browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> back =
                query(URI.create(approved.headers().firstValue("Location").orElseThrow()));

        assertThat(oauth.complete("forged", Optional.of(back.get("code")), Optional.empty()))
                .isInstanceOf(McpOAuth.Failed.class);
        assertThat(oauth.complete(state, Optional.of(back.get("code")), Optional.empty()))
                .isInstanceOf(McpOAuth.Connected.class);
        assertThat(oauth.complete(state, Optional.of(back.get("code")), Optional.empty()))
                .as("used once")
                .isInstanceOf(McpOAuth.Failed.class);

        McpOAuth.Link late = (McpOAuth.Link) oauth.begin(BOB, config);
        clock.advance(McpOAuth.STATE_LIFETIME.plusSeconds(1));
        assertThat(oauth.authorizationRedirect(query(late.uri()).get("state"))).isEmpty();
    }

    @Test
    void a_server_without_registration_or_a_client_id_is_refused_in_words() {
        McpServerConfig unreachable = McpServerConfig.remote("gone", URI.create("http://127.0.0.1:9/mcp"))
                .oauth(McpServerConfig.OAuth.dynamic())
                .build();
        McpOAuth.Begin begin = oauth.begin(ALICE, unreachable);
        assertThat(begin).isInstanceOf(McpOAuth.Refused.class);
        assertThat(((McpOAuth.Refused) begin).reason()).contains("gone").contains("cannot be reached");
    }

    @Test
    void metadata_naming_another_issuer_is_refused_in_words() {
        server.serveIssuer("https://evil.example");

        McpOAuth.Begin begin = oauth.begin(ALICE, config);

        assertThat(begin).isInstanceOf(McpOAuth.Refused.class);
        assertThat(((McpOAuth.Refused) begin).reason())
                .contains("notes")
                .contains("names another issuer (https://evil.example, not http://127.0.0.1:")
                .doesNotContain("Exception");
        assertThat(server.registeredClients())
                .as("nothing registered at an untrusted server")
                .isZero();
        assertThat(McpOAuth.sameIssuer("https://a.example/", "https://a.example"))
                .isTrue();
        assertThat(McpOAuth.sameIssuer("", "https://a.example")).isFalse();
        assertThat(McpOAuth.sameIssuer("https://a.example/t1", "https://a.example/t2"))
                .isFalse();
    }

    @Test
    void a_sign_in_made_by_one_process_completes_on_another_sharing_the_sign_in_store() throws Exception {
        McpSignInStore shared = McpSignInStore.inMemory();
        McpOAuth a = McpOAuth.create(store, shared, () -> URI.create("https://lucy.example.com/"), clock);
        McpOAuth b = McpOAuth.create(store, shared, () -> URI.create("https://lucy.example.com/"), clock);
        server.signInAs("alice@notes");

        String state = query(((McpOAuth.Link) a.begin(ALICE, config)).uri()).get("state");
        URI authorize = b.authorizationRedirect(state).orElseThrow();
        HttpResponse<String> approved =
                browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> back =
                query(URI.create(approved.headers().firstValue("Location").orElseThrow()));

        assertThat(b.complete(state, Optional.of(back.get("code")), Optional.empty()))
                .isInstanceOf(McpOAuth.Connected.class);
        assertThat(a.connected(ALICE, "notes")).isTrue();
        assertThat(server.registeredClients())
                .as("b did not need to discover or register")
                .isEqualTo(1);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
