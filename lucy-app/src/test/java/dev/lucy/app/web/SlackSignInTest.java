package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackOAuthConfig;
import dev.lucy.core.ManualClock;
import dev.lucy.testkit.slack.SlackSimulator;
import dev.lucy.testkit.slack.SlackSimulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Sign in with Slack" against the Slack simulator, without a browser: an admin gets a grant of their workspace only;
 * a deactivated admin, a code Slack does not know, a state that has expired and a flood of sign-ins are refused.
 */
class SlackSignInTest {
    private static final URI REDIRECT = URI.create("http://127.0.0.1:1" + SlackSignIn.CALLBACK_PATH);

    @RegisterExtension
    final SlackSimulatorExtension extension =
            SlackSimulatorExtension.with(b -> b.admin("dana").user("alice"));

    private final ManualClock clock = ManualClock.startingAt(Instant.now());
    private final HttpClient browser = HttpClient.newHttpClient();
    private SlackSimulator slack;
    private SlackSignIn signIn;

    @BeforeEach
    void start(SlackSimulator slack) {
        this.slack = slack;
        signIn = new SlackSignIn(
                SlackOAuthConfig.of(slack.clientId(), slack.clientSecret()).withOpenIdUrl(slack.openIdUrl()),
                URI.create(slack.methodsUrl()),
                workspace -> workspace.equals(slack.teamId()) ? Optional.of(slack.botToken()) : Optional.empty(),
                clock);
    }

    @AfterEach
    void stop() {
        signIn.close();
        browser.close();
    }

    @Test
    void an_admin_is_granted_their_workspace_only() throws Exception {
        slack.signInNextAs("dana");

        SlackSignIn.Outcome outcome = complete(Map.of());

        assertThat(outcome).isInstanceOf(SlackSignIn.SignedIn.class);
        Grant grant = ((SlackSignIn.SignedIn) outcome).grant();
        assertThat(grant).isEqualTo(Grant.of(slack.user("dana").id(), Set.of(slack.teamId())));
        assertThat(grant.allWorkspaces()).isFalse();
    }

    @Test
    void an_admin_whose_account_was_deactivated_is_refused() throws Exception {
        slack.deactivate("dana");
        slack.signInNextAs("dana");

        assertThat(complete(Map.of()))
                .isInstanceOfSatisfying(
                        SlackSignIn.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(403));
    }

    @Test
    void a_code_slack_does_not_know_signs_nobody_in() throws Exception {
        slack.signInNextAs("dana");

        SlackSignIn.Outcome outcome = complete(Map.of("code", "oidc-made-up"));

        assertThat(outcome).isInstanceOf(SlackSignIn.Refused.class);
        assertThat(slack.calls("openid.connect.token"))
                .anyMatch(call -> call.error().filter("invalid_code"::equals).isPresent());
    }

    @Test
    void a_state_older_than_its_lifetime_signs_nobody_in() throws Exception {
        slack.signInNextAs("dana");
        SlackSignIn.Started started = signIn.start(REDIRECT).orElseThrow();
        Map<String, String> back = authorize(started);

        clock.advance(SlackSignIn.STATE_LIFETIME.plus(Duration.ofSeconds(1)));

        assertThat(signIn.complete(back, Optional.of(started.binding()), REDIRECT))
                .isInstanceOf(SlackSignIn.Refused.class);
    }

    @Test
    void a_flood_of_sign_ins_started_and_never_finished_is_bounded() {
        for (int i = 0; i < SlackSignIn.MAX_PENDING; i++) {
            assertThat(signIn.start(REDIRECT)).isPresent();
        }

        assertThat(signIn.start(REDIRECT)).as("one too many").isEmpty();
        clock.advance(SlackSignIn.STATE_LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(signIn.start(REDIRECT)).as("once the others have expired").isPresent();
    }

    /** A sign-in from start to Slack's redirect back, with {@code override} changed in what comes back. */
    private SlackSignIn.Outcome complete(Map<String, String> override) throws Exception {
        SlackSignIn.Started started = signIn.start(REDIRECT).orElseThrow();
        Map<String, String> back = new java.util.HashMap<>(authorize(started));
        back.putAll(override);
        return signIn.complete(back, Optional.of(started.binding()), REDIRECT);
    }

    private Map<String, String> authorize(SlackSignIn.Started started) throws Exception {
        HttpResponse<String> page =
                browser.send(HttpRequest.newBuilder(started.authorize()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        URI back = URI.create(page.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo(SlackSignIn.CALLBACK_PATH);
        return WebConsole.parse(back.getRawQuery());
    }
}
