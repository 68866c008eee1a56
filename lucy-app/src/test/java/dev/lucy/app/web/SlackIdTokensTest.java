package dev.lucy.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.slack.SlackSimulator;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ID tokens of "Sign in with Slack" are checked against the Slack simulator's published key set: only a token
 * signed by it with RS256, issued by Slack for this app, not expired and carrying this sign-in's nonce lets anyone in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackIdTokensTest {
    private static final String NONCE = "the-nonce-of-this-sign-in";

    private final HttpClient http = HttpClient.newHttpClient();
    private SlackSimulator slack;
    private SlackIdTokens tokens;

    /** One simulator, one key pair, for every case: making an RSA key takes a while. */
    @BeforeAll
    void keys() {
        slack = SlackSimulator.builder().start();
        tokens = new SlackIdTokens(slack.openIdUrl().resolve("keys"), slack.clientId(), http, Clock.systemUTC());
    }

    @AfterAll
    void close() {
        http.close();
        slack.close();
    }

    @Test
    void a_token_slack_signed_for_this_app_names_the_person_and_workspace() {
        SlackIdTokens.Checked checked = tokens.check(slack.signIdToken(claims(slack.clientId(), NONCE, 600)), NONCE);

        assertThat(checked).isInstanceOf(SlackIdTokens.Valid.class);
        SlackIdTokens.Identity who = ((SlackIdTokens.Valid) checked).identity();
        assertThat(who.workspaceId()).isEqualTo(slack.teamId());
        assertThat(who.userId()).isEqualTo("U0000000042");
    }

    @Test
    void a_token_for_another_app_is_refused() {
        assertThat(tokens.check(slack.signIdToken(claims("another-app", NONCE, 600)), NONCE))
                .isEqualTo(new SlackIdTokens.Invalid("issued for another app"));
    }

    @Test
    void a_token_whose_claims_were_changed_after_signing_is_refused() {
        String[] parts = slack.signIdToken(claims("another-app", NONCE, 600)).split("\\.");
        String changed = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims(slack.clientId(), NONCE, 600).getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.check(parts[0] + "." + changed + "." + parts[2], NONCE))
                .isEqualTo(new SlackIdTokens.Invalid("the signature does not match"));
    }

    @Test
    void an_unsigned_token_or_one_signed_with_a_shared_secret_is_refused() {
        String[] parts = slack.signIdToken(claims(slack.clientId(), NONCE, 600)).split("\\.");
        for (String alg : new String[] {"none", "HS256"}) {
            String header = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            ("{\"alg\":\"" + alg + "\",\"kid\":\"lucy-sim-1\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(tokens.check(header + "." + parts[1] + "." + parts[2], NONCE))
                    .as(alg)
                    .isInstanceOf(SlackIdTokens.Invalid.class);
            assertThat(tokens.check(header + "." + parts[1] + ".", NONCE))
                    .as(alg + " without a signature")
                    .isInstanceOf(SlackIdTokens.Invalid.class);
        }
    }

    @Test
    void an_expired_token_another_sign_ins_nonce_or_another_issuer_is_refused() {
        assertThat(tokens.check(slack.signIdToken(claims(slack.clientId(), NONCE, -3600)), NONCE))
                .isEqualTo(new SlackIdTokens.Invalid("expired"));
        assertThat(tokens.check(slack.signIdToken(claims(slack.clientId(), "another-nonce", 600)), NONCE))
                .isEqualTo(new SlackIdTokens.Invalid("the nonce is not this sign-in's"));
        assertThat(tokens.check(
                        slack.signIdToken(claims(slack.clientId(), NONCE, 600)
                                .replace("https://slack.com\"", "https://example.com\"")),
                        NONCE))
                .isInstanceOf(SlackIdTokens.Invalid.class);
        assertThat(tokens.check("not.a-token", NONCE)).isInstanceOf(SlackIdTokens.Invalid.class);
    }

    private String claims(String audience, String nonce, long expiresIn) {
        long now = Instant.now().getEpochSecond();
        return """
                {"iss":"https://slack.com","sub":"U0000000042","aud":"%s","exp":%d,"iat":%d,"nonce":"%s",\
                "https://slack.com/user_id":"U0000000042","https://slack.com/team_id":"%s","name":"Dana"}""".formatted(audience, now + expiresIn, now, nonce, slack.teamId());
    }
}
