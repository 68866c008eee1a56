package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A second workspace on the simulator: installed through {@code oauth/v2/authorize} and {@code oauth.v2.access} with
 * Slack's errors, its bot token working only on its own channels and people, rotating tokens refreshed, and an
 * uninstall revoking the token and sending {@code tokens_revoked} and {@code app_uninstalled}.
 */
class InstallsTest extends WebApiFixture {
    static final String SECOND = "T0SECOND01";
    static final String REDIRECT = "http://127.0.0.1:1/slack/oauth_redirect";

    @Override
    SlackSimulator.Builder workspace(SlackSimulator.Builder builder) {
        return builder.workspace(SECOND, "Second", "second")
                .userIn(SECOND, "carol")
                .channelIn(SECOND, "support")
                .tokenRotation(Duration.ofHours(12));
    }

    @Test
    void a_code_from_authorize_is_exchanged_once_for_the_second_workspaces_token() throws Exception {
        String code = authorize();

        OAuthV2AccessResponse wrongSecret = access(code, "not-the-secret");
        assertThat(wrongSecret.getError()).isEqualTo("bad_client_secret");
        OAuthV2AccessResponse granted = access(code, slack.clientSecret());
        assertThat(granted.isOk()).isTrue();
        assertThat(granted.getTeam().getId()).isEqualTo(SECOND);
        assertThat(granted.getAccessToken()).isEqualTo(slack.botToken(SECOND).orElseThrow());
        assertThat(granted.getRefreshToken()).isNotBlank();
        assertThat(granted.getExpiresIn()).isEqualTo(43_200);
        assertThat(access(code, slack.clientSecret()).getError()).isEqualTo("invalid_code");

        OAuthV2AccessResponse refreshed = methods.oauthV2Access(r -> r.clientId(slack.clientId())
                .clientSecret(slack.clientSecret())
                .grantType("refresh_token")
                .refreshToken(granted.getRefreshToken()));
        assertThat(refreshed.getAccessToken()).isNotEqualTo(granted.getAccessToken());
        assertThat(sdk.methods(granted.getAccessToken()).authTest(r -> r).getError())
                .isEqualTo("token_expired");
        assertThat(sdk.methods(refreshed.getAccessToken()).authTest(r -> r).getTeamId())
                .isEqualTo(SECOND);
    }

    @Test
    void a_token_finds_only_its_own_workspaces_channels_and_people() throws Exception {
        String second = access(authorize(), slack.clientSecret()).getAccessToken();
        String support = slack.channelId("support");
        String general = slack.channelId("general");

        assertThat(sdk.methods(second)
                        .chatPostMessage(r -> r.channel(support).text("hi"))
                        .isOk())
                .isTrue();
        assertThat(sdk.methods(second)
                        .chatPostMessage(r -> r.channel(general).text("hi"))
                        .getError())
                .isEqualTo("channel_not_found");
        assertThat(methods.chatPostMessage(r -> r.channel(support).text("hi")).getError())
                .isEqualTo("channel_not_found");
        assertThat(methods.usersInfo(r -> r.user(slack.user("carol").id())).getError())
                .isEqualTo("user_not_found");
        assertThat(methods.conversationsInfo(r -> r.channel(general)).isOk()).isTrue();
    }

    @Test
    void an_uninstall_revokes_the_token_and_tells_the_app() throws Exception {
        String second = access(authorize(), slack.clientSecret()).getAccessToken();
        slack.uninstall(SECOND);

        assertThat(slack.installedIn(SECOND)).isFalse();
        assertThat(sdk.methods(second).authTest(r -> r).getError()).isEqualTo("token_revoked");
        assertThat(methods.authTest(r -> r).isOk())
                .as("the first workspace is untouched")
                .isTrue();
    }

    private OAuthV2AccessResponse access(String code, String secret) throws Exception {
        return methods.oauthV2Access(r ->
                r.clientId(slack.clientId()).clientSecret(secret).code(code).redirectUri(REDIRECT));
    }

    /** Follows {@code oauth/v2/authorize} to the redirect and returns the code it carries. */
    private String authorize() throws Exception {
        URI authorize = URI.create(slack.authorizeUrl() + "?client_id="
                + URLEncoder.encode(slack.clientId(), StandardCharsets.UTF_8)
                + "&scope=chat:write&state=s1&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));
        try (HttpClient browser = HttpClient.newHttpClient()) {
            HttpResponse<String> page =
                    browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            URI to = URI.create(page.headers().firstValue("Location").orElseThrow());
            assertThat(to.toString()).startsWith(REDIRECT).contains("state=s1");
            String query = to.getQuery();
            return query.substring(query.indexOf("code=") + 5, query.indexOf('&', query.indexOf("code=")));
        }
    }
}
