package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SanitiserTest {

    private static final Sanitiser SANITISER = Sanitiser.defaults();

    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("OpenAI key", "Use sk-proj-AbC123dEf456GhI789jKl012MnO345 here", "sk-proj-AbC123"),
                Arguments.of("OpenRouter key", "key sk-or-v1-0a1b2c3d4e5f60718293a4b5c6d7e8f9", "sk-or-v1-0a1b"),
                Arguments.of("Anthropic key", "sk-ant-api03-Zx8mQ2vLp9TgR4kW7nB3yH6cJ1fD5sAe", "Zx8mQ2vLp9"),
                Arguments.of("Slack bot token", "SLACK_BOT_TOKEN=xoxb-1234567890-0987654321-AbCdEfGhIjKlMn", "xoxb-"),
                Arguments.of("Slack user token", "token xoxp-1111111111-2222222222-3333333333-abcdef0123", "xoxp-"),
                Arguments.of("Slack app token", "app token: xapp-1-A0123456789-1234567890123-abcdef", "xapp-1-"),
                Arguments.of(
                        "Slack webhook",
                        "post to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX",
                        "T000/B000"),
                Arguments.of("AWS access key", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
                Arguments.of("AWS secret", "secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
                Arguments.of("GitHub token", "GITHUB_TOKEN=ghp_1234567890abcdefghijklmnopqrstuvwxyzAB", "ghp_1234"),
                Arguments.of("Google key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "AIzaSyA1b2"),
                Arguments.of("Stripe key", "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC3"),
                Arguments.of(
                        "bearer token",
                        "curl -H 'Authorization: Bearer 0f8a7c6b5e4d3c2b1a09f8e7d6c5b4a3' https://api.example.com",
                        "0f8a7c6b5e4d"),
                Arguments.of(
                        "JWT",
                        "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0",
                        "eyJhbGciOiJIUzI1NiJ9"),
                Arguments.of("basic credentials", "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==", "dXNlcjpw"),
                Arguments.of(
                        "private key",
                        "```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAx7\nq2Vb+/=\n-----END RSA PRIVATE KEY-----\n```",
                        "MIIEpAIBAAKCAQEAx7"),
                Arguments.of(
                        "private key cut off",
                        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAAkey9",
                        "b3BlbnNzaC1rZXktdjEAAAAA"),
                Arguments.of("password in URL", "postgres://lucy:s3cretPass@db.internal:5432/app", "s3cretPass"),
                Arguments.of("token in query", "https://api.example.com/export?token=a1b2c3d4e5f6&x=1", "a1b2c3d4e5f6"),
                Arguments.of("password assignment", "set password=hunter22 in the form", "hunter22"),
                Arguments.of("JSON api key", "{\"api_key\": \"AbC123xyz789\"}", "AbC123xyz789"),
                Arguments.of(
                        "random key",
                        "use Zx8mQ2vLp9TgR4kW7nB3yH6cJ1fD5sAe for it",
                        "Zx8mQ2vLp9TgR4kW7nB3yH6cJ1fD5sAe"),
                Arguments.of(
                        "key in inline code", "run `export OPENAI_API_KEY=sk-abc123def456ghi789jkl012`", "sk-abc123"),
                Arguments.of(
                        "key in fenced code",
                        "```bash\ncurl -u admin:Zx8mQ2vLp9TgR4kW7nB3yH6cJ1fD5sAe x\n```",
                        "Zx8mQ2vLp9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void secrets_are_redacted_wherever_they_appear(String kind, String text, String secretPart) {
        String out = SANITISER.apply(text);
        assertThat(out).doesNotContain(secretPart).contains("[redacted]");
    }

    static Stream<String> harmless() {
        return Stream.of(
                "commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it",
                "request id 123e4567-e89b-12d3-a456-426614174000",
                "see https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit",
                "AbstractSingletonProxyFactoryBean2024Version is a class",
                "getUserAccountDetailsByIdV2AndCache returns a user",
                "this-is-a-very-long-kebab-case-name-with-words-and-more",
                "we use sk-learn and a task-force-for-the-next-quarter-planning",
                "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "The token expired yesterday, so please sign in again.",
                "api_key = os.environ[\"OPENAI_API_KEY\"]",
                "Open src/main/java/dev/lucy/App.java in the repo",
                "The migration is in db/migrations/0042_add_users.sql",
                "Costs went from $800K to $1.2M; see <https://example.com/q1|the Q1 report>.",
                "Ping <@U024BE7LH> in <#C024BE7LR|general>.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("harmless")
    void ordinary_text_ids_and_links_come_back_unchanged(String text) {
        assertThat(SANITISER.apply(text)).isEqualTo(text);
    }

    @Test
    void internal_paths_in_prose_keep_only_a_file_name() {
        assertThat(SANITISER.apply("I saved it to /home/lucy/workspaces/T123/reports/q1.md."))
                .isEqualTo("I saved it to q1.md.");
        assertThat(SANITISER.apply("Look in /var/lib/lucy/ and ~/notes/todo and C:\\Users\\dana\\file.txt, then"))
                .isEqualTo("Look in [internal path] and [internal path] and file.txt, then");
        assertThat(SANITISER.apply("The memory lives at file:///srv/lucy/memory.json"))
                .isEqualTo("The memory lives at memory.json");
        assertThat(SANITISER.apply("- /tmp/run-42/output.csv\n- /opt/lucy/bin"))
                .isEqualTo("- output.csv\n- [internal path]");
    }

    @Test
    void paths_in_code_links_and_slack_entities_are_left_alone() {
        String text = "Run `cat /home/lucy/x.txt`, see https://example.com/home/x/y and <https://a.b/tmp/x|/tmp/x>.\n\n"
                + "```\nls /var/log/lucy\n```";
        assertThat(SANITISER.apply(text)).isEqualTo(text);
    }

    @Test
    void configured_relative_prefixes_are_internal_too() {
        Sanitiser custom = new Sanitiser(SanitiserConfig.defaults().toBuilder()
                .addPathPrefix("workspaces/")
                .build());
        assertThat(custom.apply("Stored in workspaces/T1/session_memory.json today"))
                .isEqualTo("Stored in session_memory.json today");
        assertThat(SANITISER.apply("Stored in workspaces/T1/session_memory.json today"))
                .isEqualTo("Stored in workspaces/T1/session_memory.json today");
    }

    @Test
    void tool_identifiers_become_plain_words_even_in_code() {
        assertThat(SANITISER.apply("I called `COMPOSIO_SEARCH_TOOLS` and then the COMPOSIO_MULTI_EXECUTE_TOOL tool."))
                .isEqualTo("I called one of my tools and then one of my tools.");
        assertThat(SANITISER.apply("COMPOSIO_GMAIL_SEND failed twice.")).isEqualTo("One of my tools failed twice.");
        Sanitiser named = new Sanitiser(SanitiserConfig.defaults().toBuilder()
                .tool("GOOGLECALENDAR_LIST_EVENTS", "the calendar")
                .tool("lucy_web_search", "a web search")
                .build());
        assertThat(named.apply("I used the GOOGLECALENDAR_LIST_EVENTS tool and `lucy_web_search`."))
                .isEqualTo("I used the calendar and a web search.");
        assertThat(named.apply("```\nresult = lucy_web_search(q)\n```"))
                .isEqualTo("```\nresult = a web search(q)\n```")
                .doesNotContain("lucy_web_search");
        assertThat(named.apply("lucy_web_search_v2 is different")).isEqualTo("lucy_web_search_v2 is different");
    }

    @Test
    void provider_names_are_replaced_in_prose_only() {
        assertThat(SANITISER.apply("The OpenRouter API was slow; Composio returned an error."))
                .isEqualTo("The model service API was slow; the integration service returned an error.");
        assertThat(SANITISER.apply("OpenRouter is down. Ask again later."))
                .isEqualTo("The model service is down. Ask again later.");
        assertThat(SANITISER.apply("The export ran through the tool, which\nOpenRouter routed.\n\nOpenRouter works."))
                .isEqualTo(
                        "The export ran through the tool, which\nthe model service routed.\n\nThe model service works.");
        assertThat(SANITISER.apply("- OpenRouter is down")).isEqualTo("- The model service is down");
        String code = "```python\nclient = OpenRouter(base_url=url)\n```";
        assertThat(SANITISER.apply(code)).isEqualTo(code);
        Sanitiser none = new Sanitiser(
                SanitiserConfig.defaults().toBuilder().clearProviders().build());
        assertThat(none.apply("OpenRouter is down.")).isEqualTo("OpenRouter is down.");
    }

    @Test
    void generated_secrets_never_survive_in_any_surrounding() {
        Random random = new Random(42);
        List<Function<String, String>> secrets = List.of(
                body -> "sk-" + body,
                body -> "sk-proj-" + body,
                body -> "xoxb-" + digits(random, 12) + "-" + digits(random, 12) + "-" + body,
                body -> "xoxp-" + digits(random, 10) + "-" + body,
                body -> "xapp-1-A" + digits(random, 10) + "-" + body,
                body -> "AKIA" + upperDigits(random, 16),
                body -> "ghp_" + body + body,
                body -> base62(random, 32 + random.nextInt(16)));
        List<String> frames = List.of(
                "Here is the key: %s. Keep it safe.",
                "`%s`",
                "```\nexport TOKEN=%s\n```",
                "```json\n{\"token\": \"%s\"}\n```",
                "https://api.example.com/v1?api_key=%s&x=1",
                "> %s",
                "- *%s*",
                "(%s)",
                "Authorization: Bearer %s",
                "%s");
        for (int round = 0; round < 3_000; round++) {
            String secret = secrets.get(random.nextInt(secrets.size())).apply(base62(random, 24 + random.nextInt(24)));
            String text = frames.get(random.nextInt(frames.size())).formatted(secret);
            assertThat(SANITISER.apply(text)).as(text).doesNotContain(secret);
        }
    }

    @Test
    void works_as_a_prose_filter_after_the_tone_pipeline() {
        var filter = TonePipeline.defaults().andThen(Sanitiser.defaults());
        assertThat(filter.apply("Great question! It's worth noting that I saved it to /tmp/lucy/out.csv."))
                .isEqualTo("I saved it to out.csv.");
    }

    @Test
    void config_rejects_bad_values_naming_the_field() {
        assertThatThrownBy(() -> SanitiserConfig.defaults().toBuilder()
                        .minSecretLength(4)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minSecretLength");
        assertThatThrownBy(() ->
                        SanitiserConfig.defaults().toBuilder().tool("X_Y", " ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toolNames");
        assertThatThrownBy(() -> SanitiserConfig.defaults().toBuilder()
                        .addPathRoot(" home")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pathRoots");
    }

    @Test
    void pathological_input_finishes() {
        String dots = "a.".repeat(100_000);
        assertThat(SANITISER.apply(dots)).isEqualTo(dots);
        String slashes = "/home" + "/x".repeat(100_000) + ":";
        assertThat(SANITISER.apply(slashes)).isEqualTo("[internal path]:");
        String key = "token=" + "a1".repeat(100_000);
        assertThat(SANITISER.apply(key)).isEqualTo("token=[redacted]");
        String keyish = "ab1".repeat(100_000);
        assertThat(SANITISER.apply(keyish)).isEqualTo(keyish);
    }

    private static String base62(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder();
        // Make sure every character class appears, as in real keys.
        out.append('Q').append('z').append('7');
        for (int i = 3; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String digits(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String upperDigits(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
