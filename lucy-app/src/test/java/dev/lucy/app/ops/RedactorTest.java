package dev.lucy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.of(List.of(Secret.of("hunter2-db-password")));

    @Test
    void masks_slack_tokens_keeping_their_kind() {
        assertThat(redactor.redact("bot xoxb-123456-7890-AbCdEf app xapp-1-A0B1-789-deadbeef user xoxp-1-2-3-abcdef"))
                .isEqualTo("bot xoxb-[redacted] app xapp-[redacted] user xoxp-[redacted]");
    }

    @Test
    void masks_api_keys_and_bearer_credentials() {
        assertThat(redactor.redact("key=sk-or-v1-0123456789abcdef header Authorization: Bearer abc.def-123456"))
                .isEqualTo("key=sk-[redacted] header Authorization: Bearer [redacted]");
    }

    @Test
    void masks_configured_secrets_wherever_they_appear() {
        assertThat(redactor.redact("jdbc:postgresql://db/lucy?password=hunter2-db-password&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/lucy?password=[redacted]&ssl=true");
    }

    @Test
    void leaves_ordinary_text_alone() {
        String text = "Answered in thread C123:1700000000.000100 after 3 tool calls (task-list, sketch)";

        assertThat(redactor.redact(text)).isSameAs(text);
    }
}
