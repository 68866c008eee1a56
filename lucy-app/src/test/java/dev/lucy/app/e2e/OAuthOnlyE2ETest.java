package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.ops.OpsServer;
import dev.lucy.app.ops.SlackInstallPages;
import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.app.slack.SlackWorkspaces;
import dev.lucy.store.SecretBox;
import dev.lucy.testkit.slack.SlackMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lucy over Socket Mode with no bot token at all, as an app distributed by its install link runs: it connects with its
 * app-level token, serves no workspace until one installs it through OAuth, then answers there (mentions, and the
 * slash command Bolt hands it) with that workspace's token.
 */
class OAuthOnlyE2ETest {
    private static final String SECOND = "T0SECOND01";

    private final AtomicReference<URI> publicUrl = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
    private OpsServer ops;

    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create()
            .simulator(sim -> sim.workspace(SECOND, "Second Company", "second")
                    .userIn(SECOND, "carol")
                    .channelIn(SECOND, "support"))
            .transport(slack -> slack.botToken(null))
            .app(app -> app.slackInstalls(
                    SlackOAuthConfig.of(slack().clientId(), slack().clientSecret())
                            .withAuthorizeUrl(slack().authorizeUrl()),
                    SecretBox.of(SecretBox.newKey()),
                    publicUrl::get));

    private dev.lucy.testkit.slack.SlackSimulator slack() {
        return lucy.slack();
    }

    @AfterEach
    void stopOps() {
        if (ops != null) {
            ops.close();
        }
    }

    @Test
    void with_no_bot_token_a_workspace_installed_through_oauth_is_served_over_socket_mode() throws Exception {
        SlackWorkspaces workspaces = lucy.app().workspaces().orElseThrow();
        assertThat(workspaces.installed()).isEmpty();

        ops = SlackInstallPages.install(OpsServer.builder().host("127.0.0.1").port(0), workspaces)
                .build()
                .start();
        publicUrl.set(URI.create("http://127.0.0.1:" + ops.port()));
        try (HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            HttpResponse<String> page = browser.send(
                    HttpRequest.newBuilder(publicUrl.get().resolve(SlackOAuthConfig.INSTALL_PATH))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("Lucy is installed", "Second Company");
        }
        assertThat(workspaces.installed()).hasSize(1);

        SlackMessage asked = lucy.user("carol").mentionsBot("support", "How do refunds work?");
        assertThat(lucy.awaitAnswer(asked, text -> text.contains("refunds")).text())
                .isEqualTo(E2EModel.answerTo("How do refunds work?"));

        lucy.user("carol").runsCommand("support", "/lucy", "help");
        SlackMessage help = lucy.slack().awaitEphemeral(lucy.slack().channelId("support"), 1, LucyE2E.WAIT);
        assertThat(help.text()).contains("/lucy");

        lucy.awaitSettled();
        assertThat(lucy.slack().calls())
                .as("every call went out with the installed workspace's token")
                .noneMatch(call -> call.error()
                        .filter(e -> e.equals("not_authed") || e.equals("invalid_auth"))
                        .isPresent());
    }
}
