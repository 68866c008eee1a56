package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lucy.app.ops.McpSignInPages;
import dev.lucy.app.ops.OpsServer;
import dev.lucy.store.Database;
import dev.lucy.store.JdbcMcpTokenStore;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.OAuthMcpServer;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.tools.McpOAuth;
import dev.lucy.tools.McpServerConfig;
import dev.lucy.tools.McpServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The real bot with an MCP server that requires OAuth (and its authorization server) on loopback: a person connects
 * it with {@code /lucy connect}, whose link Lucy's HTTP endpoint serves; their questions use their own token, which
 * is refreshed when the server refuses it; another person in the workspace cannot use that connection; {@code /lucy
 * disconnect} revokes it. Every log line of the run is captured, at debug level, and holds no token.
 */
class McpOAuthE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LINK = Pattern.compile("<(http://[^|>]+)\\|");

    private final OAuthMcpServer notes = OAuthMcpServer.start();
    private final AtomicReference<URI> publicUrl = new AtomicReference<>();
    private final AtomicReference<McpOAuth> oauth = new AtomicReference<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final Level logbackLevel = rootLogger().getLevel();
    private final java.util.logging.Level julLevel =
            java.util.logging.Logger.getLogger("").getLevel();
    private final ListAppender<ILoggingEvent> logback = captureLogback();
    private final Handler jul = captureJul();
    private final List<String> offered = new CopyOnWriteArrayList<>();
    private OpsServer ops;

    @RegisterExtension
    final LucyE2E lucy =
            LucyE2E.create().app(app -> app.engine(engine -> engine.mcpServers(servers(engine.database()))));

    private McpServers servers(Database database) {
        McpOAuth signIns = McpOAuth.create(
                JdbcMcpTokenStore.open(database, SecretBox.of(SecretBox.newKey()), Clock.systemUTC()),
                publicUrl::get,
                Clock.systemUTC());
        oauth.set(signIns);
        McpServerConfig config = McpServerConfig.remote("notes", notes.endpoint())
                .oauth(McpServerConfig.OAuth.dynamic())
                .build();
        return McpServers.builder(List.of(config)).oauth(signIns).build();
    }

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
        }
        notes.close();
        rootLogger().detachAppender(logback);
        rootLogger().setLevel(logbackLevel);
        java.util.logging.Logger.getLogger("").removeHandler(jul);
        java.util.logging.Logger.getLogger("").setLevel(julLevel);
    }

    private void startOps() {
        ops = McpSignInPages.install(OpsServer.builder().port(0), oauth.get())
                .build()
                .start();
        publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
    }

    /** Asks about notes; the model calls {@code notes__whoami} whether or not it was offered, then says what came. */
    private void scriptWhoami() {
        lucy.model().script(request -> {
            if (request.toolResults().isEmpty()) {
                offered.add(request.lastUserText().orElse("") + " -> " + request.offersTool("notes__whoami"));
                return Reply.toolCall("notes__whoami", "{}");
            }
            return Reply.text("Notes said: " + request.toolResults().getFirst().content());
        });
    }

    private String ask(String person, String text) {
        SlackMessage asked = lucy.user(person).mentionsBot(CHANNEL, text);
        return lucy.awaitAnswer(asked, answer -> answer.startsWith("Notes said"))
                .text();
    }

    @Test
    void a_person_connects_with_their_own_account_and_only_they_can_use_it() throws Exception {
        startOps();
        notes.signInAs("alice@notes");
        scriptWhoami();

        // The link /lucy connect answers with, only alice sees; following it signs her in.
        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "connect notes");
        SlackMessage link = lucy.slack().awaitEphemeral(CHANNEL, 1, WAIT);
        assertThat(link.text()).contains("sign in to notes").contains("yours alone");
        Matcher url = LINK.matcher(link.text());
        assertThat(url.find()).as(link.text()).isTrue();
        assertThat(url.group(1)).startsWith(publicUrl.get() + McpOAuth.START_PATH + "?state=");
        HttpResponse<String> page = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(HttpRequest.newBuilder(URI.create(url.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Lucy can now use notes for you");
        assertThat(notes.registeredClients()).isEqualTo(1);
        lucy.awaitTool("the notes tools to be listed with alice's session", "notes__whoami");

        assertThat(ask("alice", "who am I on notes?")).isEqualTo("Notes said: signed in as alice@notes");

        // The server forgets her token early: Lucy refreshes it and the question still works.
        notes.expireAccessTokens();
        assertThat(ask("alice", "and now, who am I on notes?")).isEqualTo("Notes said: signed in as alice@notes");
        assertThat(notes.refreshes()).isEqualTo(1);

        // Bob, in the same workspace, is not offered the tool, and a call in his name is refused with how to connect.
        String bob = ask("bob", "who am I on notes, for bob?");
        assertThat(bob).contains("/lucy connect notes").doesNotContain("alice");
        assertThat(offered)
                .anyMatch(line -> line.contains("who am I on notes?") && line.endsWith("true"))
                .anyMatch(line -> line.contains("for bob?") && line.endsWith("false"));
        assertThat(notes.calls()).containsExactly("alice@notes: whoami", "alice@notes: whoami");

        // Disconnecting deletes her tokens and revokes them at the server; her next question is told to connect.
        lucy.user("alice").runsCommand(CHANNEL, "/lucy", "disconnect notes");
        SlackMessage disconnected = lucy.slack().awaitEphemeral(CHANNEL, 2, WAIT);
        assertThat(disconnected.text()).contains("Disconnected notes").contains("cancelled my access");
        assertThat(notes.revokedTokens()).isEqualTo(2);
        assertThat(ask("alice", "who am I on notes after all that?")).contains("/lucy connect notes");
        assertThat(notes.calls()).hasSize(2);

        assertThat(logs).as("log lines captured").isNotEmpty();
        assertThat(logs).noneMatch(notes::containsIssuedToken);
    }

    private static Logger rootLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private ListAppender<ILoggingEvent> captureLogback() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = rootLogger();
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logs.add(event.getFormattedMessage()
                        + (event.getThrowableProxy() == null
                                ? ""
                                : " " + event.getThrowableProxy().getMessage()));
            }
        };
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        return appender;
    }

    private Handler captureJul() {
        Handler handler = new Handler() {
            private final java.util.logging.SimpleFormatter format = new java.util.logging.SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                logs.add(format.format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(handler);
        root.setLevel(java.util.logging.Level.ALL);
        return handler;
    }
}
