package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lucy.core.Secrets.Credential;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link Secrets} over generated text: any input, up to Slack's 40,000 characters, is scanned without
 * stalling, and what it finds is consistent (spans in order and in bounds, {@code contains} agreeing with
 * {@code find}, no credential it found left in the redacted text, even after redacting again). The inputs are built to make a backtracking pattern blow up: long runs of what a token, a phrase, a
 * URL or a key block starts with, never finished.
 */
class SecretsFuzzTest {
    private static final int SLACK_MAX = 40_000;
    /** Not a timing target: only a guard that fails the build instead of hanging it if a pattern goes quadratic. */
    private static final Duration STALL_GUARD = Duration.ofSeconds(60);

    private static final List<String> FRAGMENTS = List.of(
            "sk-",
            "sk-live-4f9a8b7c6d5e4f3a2b1c",
            "xoxb-",
            "xoxb-123456-7890-AbCdEf",
            "xapp-1-",
            "ghp_",
            "github_pat_",
            "glpat-",
            "AKIA",
            "AIza",
            "eyJ",
            "eyJabcdefghij.",
            ".",
            "Bearer ",
            "Basic ",
            "-----BEGIN PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
            "postgres://",
            "u:",
            "@",
            "://",
            ":",
            "=",
            "?key=",
            "password",
            "password is ",
            "api key: ",
            "pwd=",
            "DB_PASSWORD=",
            "the secret for the ",
            " is ",
            "token",
            "[redacted",
            "]",
            "\"",
            "'",
            "`",
            " ",
            "\n",
            "a",
            "A",
            "7",
            "-",
            "_",
            "$",
            "{",
            "}",
            "…",
            "hunter2",
            "Tr0ub4dor&3");

    static Stream<String> adversarial() {
        return Stream.of(
                "sk-".repeat(SLACK_MAX / 3),
                "sk-" + "a".repeat(SLACK_MAX - 3),
                "xoxb-".repeat(SLACK_MAX / 5),
                "eyJ".repeat(SLACK_MAX / 3),
                ("eyJ" + "a".repeat(20) + ".").repeat(SLACK_MAX / 24),
                "AKIA".repeat(SLACK_MAX / 4),
                "a".repeat(SLACK_MAX),
                "A".repeat(SLACK_MAX),
                "password=".repeat(SLACK_MAX / 9),
                "pwd=".repeat(SLACK_MAX / 4),
                "password ".repeat(SLACK_MAX / 9),
                "the password for the ".repeat(SLACK_MAX / 21),
                "password for " + "x ".repeat(SLACK_MAX / 2 - 7),
                "api key is ".repeat(SLACK_MAX / 11),
                "bearer ".repeat(SLACK_MAX / 7),
                "Bearer " + "a".repeat(SLACK_MAX - 7),
                "Basic " + "A".repeat(SLACK_MAX - 6),
                "a://".repeat(SLACK_MAX / 4),
                "postgres://" + "u".repeat(SLACK_MAX - 11),
                "postgres://u:" + ":".repeat(SLACK_MAX - 13),
                "-----BEGIN PRIVATE KEY-----".repeat(SLACK_MAX / 27),
                "-----BEGIN " + " ".repeat(SLACK_MAX - 11),
                "?key=".repeat(SLACK_MAX / 5),
                "[redacted".repeat(SLACK_MAX / 9),
                " ".repeat(SLACK_MAX),
                "$".repeat(SLACK_MAX),
                "A_".repeat(SLACK_MAX / 2));
    }

    @ParameterizedTest
    @MethodSource("adversarial")
    void scans_adversarial_text_of_slacks_maximum_length_without_stalling(String text) {
        assertTimeoutPreemptively(STALL_GUARD, () -> {
            List<Credential> found = Secrets.defaults().find(text);
            String redacted = Secrets.defaults().redact(text);
            assertConsistent(text, found, redacted);
        });
    }

    @Test
    void any_mix_of_credential_fragments_is_scanned_consistently() {
        Random random = new Random(16);
        assertTimeoutPreemptively(STALL_GUARD, () -> {
            for (int i = 0; i < 400; i++) {
                int length = i < 390 ? 1 + random.nextInt(200) : SLACK_MAX;
                StringBuilder text = new StringBuilder(length + 40);
                while (text.length() < length) {
                    text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                }
                String s = text.toString();
                assertConsistent(
                        s, Secrets.defaults().find(s), Secrets.defaults().redact(s));
            }
        });
    }

    private static void assertConsistent(String text, List<Credential> found, String redacted) {
        Secrets secrets = Secrets.defaults();
        int previousEnd = 0;
        for (Credential c : found) {
            assertThat(c.start()).as("in order, not overlapping: %s", text).isGreaterThanOrEqualTo(previousEnd);
            assertThat(c.end()).isLessThanOrEqualTo(text.length());
            previousEnd = c.end();
        }
        assertThat(secrets.contains(text))
                .as("contains agrees with find: %s", text)
                .isEqualTo(!found.isEmpty());
        String again = secrets.redact(redacted);
        for (Credential c : found) {
            String secret = text.substring(c.start(), c.end());
            if (secret.length() >= 8 && text.indexOf(secret) == text.lastIndexOf(secret)) {
                // (a mask shortens a word, which may let a phrase around it reach a value it could not reach
                // before, so redacting twice may find more; what was found is never shown again)
                assertThat(redacted).as("redacted: %s", text).doesNotContain(secret);
                assertThat(again).as("redacted twice: %s", text).doesNotContain(secret);
            }
        }
    }
}
