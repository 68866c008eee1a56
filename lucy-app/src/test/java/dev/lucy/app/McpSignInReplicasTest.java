package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lucy.app.ops.McpSignInPages;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.core.Caller;
import dev.lucy.core.model.ModelClientConfig;
import dev.lucy.core.model.OpenAiCompatibleChatModel;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.store.Database;
import dev.lucy.store.DatabaseConfig;
import dev.lucy.store.JdbcMcpSignInStore;
import dev.lucy.store.JdbcMcpTokenStore;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.OAuthMcpServer;
import dev.lucy.testkit.TestDatabases;
import dev.lucy.testkit.fake.RecordingPort;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.ScriptedModelServer;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of the engine on one PostgreSQL, behind one public address, with an MCP server that requires OAuth:
 * the person's link is made by replica A, the address sends the start page to A and the callback to B (as a load
 * balancer without sticky sessions may), and B completes the sign-in; the person's tool then works on both replicas.
 * Each replica has its own connection pool, sign-in pages and MCP client, as two processes would, and the same secret
 * key.
 */
class McpSignInReplicasTest {
    private static final URI PUBLIC = URI.create("http://lucy.test");
    private static final Caller ALICE = new Caller("T1", "U-alice", "C1:1.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestDatabases databases = TestDatabases.postgres();

    private final OAuthMcpServer notes = OAuthMcpServer.start();
    private final SecretBox box = SecretBox.of(SecretBox.newKey());
    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ScriptedModelServer model;
    private TestDatabases.Coordinates db;

    private record Replica(String name, LucyEngine engine, McpOAuth oauth, OpsServer ops) {}

    @BeforeEach
    void start() {
        db = databases.fresh();
        model = ScriptedModelServer.builder()
                .script(request -> Reply.text("ok"))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        model.close();
        notes.close();
    }

    @Test
    void a_sign_in_made_by_one_replica_completes_on_another_and_the_tool_works_on_both() throws Exception {
        Replica a = replica("replica-a");
        Replica b = replica("replica-b");
        notes.signInAs("alice@notes");

        McpOAuth.Link link = (McpOAuth.Link) a.oauth().begin(ALICE, notes());
        assertThat(link.uri().toString()).startsWith(PUBLIC + McpOAuth.START_PATH);

        // The browser: Lucy's start page (routed to A), the authorization server, Lucy's callback (routed to B).
        HttpResponse<String> start = get(routed(link.uri(), a));
        assertThat(start.statusCode()).isEqualTo(302);
        HttpResponse<String> approved = get(location(start));
        assertThat(approved.statusCode()).isEqualTo(302);
        URI callback = location(approved);
        assertThat(callback.toString()).startsWith(PUBLIC + McpOAuth.CALLBACK_PATH);
        HttpResponse<String> done = get(routed(callback, b));

        assertThat(done.body()).contains("Lucy can now use notes for you");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(get(routed(callback, a)).body())
                .as("the state works once, on any replica")
                .contains("expired or was used already");
        for (Replica replica : List.of(b, a)) {
            ToolResult result = whoami(replica);
            assertThat(result).isInstanceOf(ToolResult.Success.class);
            assertThat(((ToolResult.Success) result).content()).contains("signed in as alice@notes");
        }
        assertThat(notes.calls()).containsExactly("alice@notes: whoami", "alice@notes: whoami");
    }

    private ToolResult whoami(Replica replica) throws InterruptedException {
        RecordingPort.await(
                () -> replica.engine().tools().registry().find("notes__whoami").isPresent(),
                "the notes tools to be listed on " + replica.name());
        return replica.engine()
                .tools()
                .registry()
                .find("notes__whoami")
                .orElseThrow()
                .handler()
                .handle(ALICE, JSON.createObjectNode());
    }

    private McpServerConfig notes() {
        return McpServerConfig.remote("notes", notes.endpoint())
                .oauth(McpServerConfig.OAuth.dynamic())
                .build();
    }

    /** One replica: its own pool on the shared database, its own sign-in pages and MCP clients, one secret key. */
    private Replica replica(String name) {
        Database database = Database.open(DatabaseConfig.builder(db.jdbcUrl()).build());
        open.add(database);
        McpOAuth oauth = McpOAuth.create(
                JdbcMcpTokenStore.open(database, box, Clock.systemUTC()),
                JdbcMcpSignInStore.open(database, box, Clock.systemUTC()),
                () -> PUBLIC,
                Clock.systemUTC());
        McpServers servers = McpServers.builder(List.of(notes()))
                .oauth(oauth)
                .healthCheckEvery(Duration.ofMillis(100))
                .build();
        OpenAiCompatibleChatModel client = OpenAiCompatibleChatModel.create(
                ModelClientConfig.builder().baseUrl(model.baseUrl()).noApiKey().build());
        open.add(client);
        LucyEngine engine = LucyEngine.builder(new RecordingPort(), client, database)
                .instanceName(name)
                .mcpServers(servers)
                .build()
                .start();
        open.add(() -> engine.shutdown(Duration.ofSeconds(5)));
        OpsServer ops = McpSignInPages.install(OpsServer.builder().port(0), oauth)
                .build()
                .start();
        open.add(ops);
        return new Replica(name, engine, oauth, ops);
    }

    /** {@code uri} on Lucy's public address, sent to {@code replica}'s own endpoint, as a load balancer would. */
    private static URI routed(URI uri, Replica replica) {
        return URI.create("http://127.0.0.1:" + replica.ops().port() + uri.getRawPath() + "?" + uri.getRawQuery());
    }

    private static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
