package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.response.openid.connect.OpenIDConnectTokenResponse;
import com.slack.api.methods.response.openid.connect.OpenIDConnectUserInfoResponse;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * "Sign in with Slack" on the simulator: the authorize page signs in the person named, {@code openid.connect.token}
 * trades the code once for an ID token signed with RS256 (checked here against the simulator's key set) and a user
 * token that {@code openid.connect.userInfo} takes, with Slack's errors for a wrong secret, a spent code and another
 * redirect.
 */
class SignInWithSlackTest extends WebApiFixture {
    static final String SECOND = "T0SECOND01";
    static final String REDIRECT = "http://127.0.0.1:1/signin/slack/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    SlackSimulator.Builder workspace(SlackSimulator.Builder builder) {
        return builder.workspace(SECOND, "Second", "second").adminIn(SECOND, "carol");
    }

    @Test
    void a_code_is_traded_once_for_an_id_token_signed_with_the_published_key() throws Exception {
        slack.signInNextAs("carol");
        String code = authorize("openid profile email", "n-123");

        assertThat(token(code, "not-the-secret", REDIRECT).getError()).isEqualTo("bad_client_secret");
        assertThat(token(code, slack.clientSecret(), "http://127.0.0.1:1/elsewhere")
                        .getError())
                .isEqualTo("bad_redirect_uri");
        slack.signInNextAs("carol");
        code = authorize("openid profile email", "n-123");
        OpenIDConnectTokenResponse granted = token(code, slack.clientSecret(), REDIRECT);
        assertThat(granted.isOk()).isTrue();
        assertThat(token(code, slack.clientSecret(), REDIRECT).getError()).isEqualTo("invalid_code");

        String[] parts = granted.getIdToken().split("\\.");
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo("https://slack.com");
        assertThat(claims.path("aud").asText()).isEqualTo(slack.clientId());
        assertThat(claims.path("nonce").asText()).isEqualTo("n-123");
        assertThat(claims.path("https://slack.com/team_id").asText()).isEqualTo(SECOND);
        assertThat(claims.path("https://slack.com/user_id").asText())
                .isEqualTo(slack.user("carol").id());

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(publishedKey(header.path("kid").asText()));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2])))
                .as("signed with the key the key set publishes")
                .isTrue();

        OpenIDConnectUserInfoResponse info =
                sdk.methods(granted.getAccessToken()).openIDConnectUserInfo(r -> r);
        assertThat(info.isOk()).isTrue();
        assertThat(info.getTeamId()).isEqualTo(SECOND);
        assertThat(info.getUserId()).isEqualTo(slack.user("carol").id());
        assertThat(sdk.methods("xoxp-not-a-token").openIDConnectUserInfo(r -> r).getError())
                .isEqualTo("invalid_auth");
    }

    @Test
    void the_authorize_page_refuses_another_client_or_no_openid_scope() throws Exception {
        try (HttpClient browser = HttpClient.newHttpClient()) {
            HttpResponse<String> wrongClient = browser.send(
                    HttpRequest.newBuilder(authorizeUri("someone-else", "openid", "n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongClient.statusCode()).isEqualTo(400);
            assertThat(wrongClient.body()).contains("invalid_client_id");
            HttpResponse<String> noOpenId = browser.send(
                    HttpRequest.newBuilder(authorizeUri(slack.clientId(), "profile", "n"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(noOpenId.body()).contains("invalid_scope");
        }
    }

    private OpenIDConnectTokenResponse token(String code, String secret, String redirect) throws Exception {
        return methods.openIDConnectToken(r ->
                r.clientId(slack.clientId()).clientSecret(secret).code(code).redirectUri(redirect));
    }

    private PublicKey publishedKey(String kid) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            JsonNode set = JSON.readTree(http.send(
                            HttpRequest.newBuilder(slack.openIdUrl().resolve("keys"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            for (JsonNode key : set.path("keys")) {
                if (key.path("kid").asText().equals(kid)) {
                    return KeyFactory.getInstance("RSA")
                            .generatePublic(new RSAPublicKeySpec(
                                    new BigInteger(
                                            1,
                                            Base64.getUrlDecoder()
                                                    .decode(key.path("n").asText())),
                                    new BigInteger(
                                            1,
                                            Base64.getUrlDecoder()
                                                    .decode(key.path("e").asText()))));
                }
            }
        }
        throw new AssertionError("no key " + kid + " in the key set");
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    private URI authorizeUri(String clientId, String scope, String nonce) {
        return URI.create(slack.openIdUrl().resolve("authorize") + "?response_type=code&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8) + "&state=s1&nonce=" + nonce + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8));
    }

    private String authorize(String scope, String nonce) throws Exception {
        try (HttpClient browser = HttpClient.newHttpClient()) {
            HttpResponse<String> page = browser.send(
                    HttpRequest.newBuilder(authorizeUri(slack.clientId(), scope, nonce))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            URI to = URI.create(page.headers().firstValue("Location").orElseThrow());
            assertThat(to.toString()).startsWith(REDIRECT).contains("state=s1");
            String query = to.getQuery();
            return query.substring(query.indexOf("code=") + 5, query.indexOf('&', query.indexOf("code=")));
        }
    }
}
