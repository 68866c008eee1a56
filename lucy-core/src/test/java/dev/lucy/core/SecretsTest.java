package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Secrets.Credential;
import dev.lucy.core.Secrets.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsTest {
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWep4\n"
            + "PAtGoSTvpCDfuR7qQ9E1xyz==\n-----END RSA PRIVATE KEY-----";

    private final Secrets secrets = Secrets.defaults();

    static Stream<Arguments> credentials() {
        return Stream.of(
                // what issue 16 reported
                case_(
                        "remember my api key is sk-live-4f9a8b7c6d5e4f3a2b1c for the deploy",
                        "remember my api key is [redacted API key] for the deploy"),
                // token shapes keep their prefix
                case_("key=sk-or-v1-0123456789abcdef", "key=sk-[redacted API key]"),
                case_("use sk-ant-api03-AbCdEf0123456789xyz now", "use sk-[redacted API key] now"),
                case_("bot xoxb-123456-7890-AbCdEf", "bot xoxb-[redacted token]"),
                case_("user xoxp-1-2-3-abcdef0000", "user xoxp-[redacted token]"),
                case_("app xapp-1-A0B1-789-deadbeef", "app xapp-[redacted token]"),
                case_("SLACK_BOT_TOKEN=xoxb-123456-7890-AbCdEf", "SLACK_BOT_TOKEN=[redacted token]"),
                case_(
                        "post to https://hooks.slack.com/services/T000/B000/XXXXabcd1234",
                        "post to https://hooks.slack.com/services/[redacted token]"),
                case_("ghp_0123456789abcdefghijABCDEFGHIJklmnop", "ghp_[redacted token]"),
                case_("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_[redacted token]"),
                case_("glpat-AbCdEf0123456789xyzW", "glpat-[redacted token]"),
                case_("id AKIAIOSFODNN7EXAMPLE in us-east-1", "id AKIA[redacted API key] in us-east-1"),
                case_("ASIAY34FZKBOKMUTVV7A", "ASIA[redacted API key]"),
                case_("maps AIzaSyA-0123456789abcdefghijklmnopqrstu", "maps AIza[redacted API key]"),
                case_("charge with sk_live_0123456789abcdefABCDEF", "charge with sk_live_[redacted API key]"),
                case_("rk_test_0123456789abcdefABCDEF", "rk_test_[redacted API key]"),
                case_("hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", "hf_[redacted token]"),
                case_("npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "npm_[redacted token]"),
                case_(
                        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                        "jwt [redacted token]"),
                case_("Authorization: Bearer abc.def-123456", "Authorization: Bearer [redacted token]"),
                case_("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [redacted token]"),
                // private keys, whole or cut off
                case_("key:\n" + PEM + "\nthanks", "key:\n[redacted private key]\nthanks"),
                case_(
                        "here -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA",
                        "here [redacted private key]"),
                // connection strings
                case_(
                        "postgres://lucy:s3cret-pw@db.internal:5432/lucy",
                        "postgres://lucy:[redacted password]@db.internal:5432/lucy"),
                case_("jdbc:postgresql://app:Pa55word@db/lucy", "jdbc:postgresql://app:[redacted password]@db/lucy"),
                case_("redis://:hunter2@cache:6379", "redis://:[redacted password]@cache:6379"),
                // phrases and assignments
                case_("my password is hunter2", "my password is [redacted password]"),
                case_(
                        "The password for the staging db is Tr0ub4dor&3.",
                        "The password for the staging db is [redacted password]."),
                case_("api key: AbCdEf123456", "api key: [redacted API key]"),
                case_("pwd=x9!kQ", "pwd=[redacted password]"),
                case_("the secret is Swordfish42", "the secret is [redacted secret]"),
                case_("DB_PASSWORD=CorrectHorseBattery", "DB_PASSWORD=[redacted password]"),
                case_("{\"client_secret\": \"AbC123xyz\"}", "{\"client_secret\": \"[redacted secret]\"}"),
                case_("my pin is 4821", "my pin is [redacted password]"),
                case_("GET /v1/search?key=AbCdEf123456&q=1", "GET /v1/search?key=[redacted secret]&q=1"),
                case_(
                        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "aws_secret_access_key = [redacted API key]"),
                case_("the access token is now ya29.A0ARrdaM-abc123", "the access token is now [redacted token]"),
                case_("passphrase: \"c0rrect-h0rse\"", "passphrase: \"[redacted password]\""),
                case_("token = averyveryverylongrandomvalue", "token = [redacted token]"),
                case_(
                        "jdbc:postgresql://db/lucy?password=hunter2-db&ssl=true",
                        "jdbc:postgresql://db/lucy?password=[redacted password]&ssl=true"),
                case_("DB_PASSWORD=Hunter2! then restart", "DB_PASSWORD=[redacted password] then restart"));
    }

    static Stream<String> notCredentials() {
        return Stream.of(
                "the token is expired",
                "the token is expired!",
                "my password manager is 1Password",
                "the password is in 1Password",
                "We rotate the API key every 90 days.",
                "The API key lives in the team vault",
                "the secret is out",
                "secret santa is on Friday",
                "max_tokens=4096",
                "token_count: 1500",
                "password_policy: strict",
                "api_key=${OPENROUTER_API_KEY}",
                "password: ********",
                "api key: OPENROUTER_API_KEY",
                "Set OPENROUTER_API_KEY to your key",
                "remember my api key is sk-live-... for the deploy",
                "Replace <your-token> with the token.",
                "sk-learn is a Python library; see task-sk-1234567890abcdefgh",
                "The bearer of bad news",
                "basic authentication is enabled",
                "Our Q1 target is $800K",
                "Asia revenue grew 12% and AKIA is a word",
                "the token is JWT-based",
                "password reset link sent to ana@example.com",
                "see https://example.com:8080/path@v2 and git@github.com:org/repo.git",
                "The key: remember to deploy on Friday",
                "my api key is sk-[redacted API key] for the deploy",
                "DB_PASSWORD=[redacted password]",
                "postgres://lucy@db:5432/lucy",
                "passphrase: \"correct horse\"",
                "api_key = os.environ[\"OPENAI_API_KEY\"]",
                "password = config.getPassword()",
                "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("credentials")
    void finds_and_redacts_credentials_keeping_their_kind_readable(String text, String redacted) {
        assertThat(secrets.contains(text)).isTrue();
        assertThat(secrets.find(text)).isNotEmpty();
        assertThat(secrets.redact(text)).isEqualTo(redacted);
        assertThat(secrets.contains(redacted)).as("what redaction left").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notCredentials")
    void leaves_words_placeholders_and_earlier_masks_alone(String text) {
        assertThat(secrets.contains(text)).isFalse();
        assertThat(secrets.find(text)).isEmpty();
        assertThat(secrets.redact(text)).isSameAs(text);
    }

    @Test
    void a_credential_says_its_kind_and_where_it_is() {
        String text = "db postgres://app:Pa55word@db and key sk-or-v1-0123456789abcdef";

        assertThat(secrets.find(text))
                .containsExactly(
                        new Credential(Kind.PASSWORD, text.indexOf("Pa55"), text.indexOf("@db")),
                        new Credential(Kind.API_KEY, text.indexOf("or-v1"), text.length()));
    }

    @Test
    void overlapping_findings_become_one_span() {
        String text = "password: sk-proj-0123456789abcdefXYZ";

        assertThat(secrets.find(text))
                .containsExactly(new Credential(Kind.PASSWORD, text.indexOf("sk-"), text.length()));
    }

    @Test
    void the_caller_chooses_the_mask() {
        assertThat(secrets.redact("token xoxb-123456-7890-AbCdEf revoked", c -> "[redacted]"))
                .isEqualTo("token xoxb-[redacted] revoked");
    }

    @Test
    void redacted_text_still_says_which_kinds_it_held() {
        String masked = secrets.redact("deploy with sk-live-4f9a8b7c6d5e4f3a2b1c0d9e, db password is Hunter2!x");

        assertThat(secrets.masked(masked)).containsExactly(Secrets.Kind.API_KEY, Secrets.Kind.PASSWORD);
        assertThat(secrets.find(masked)).isEmpty();
        assertThat(secrets.masked("the [redacted] part of the report")).isEmpty();
    }

    private static Arguments case_(String text, String redacted) {
        return Arguments.of(text, redacted);
    }
}
