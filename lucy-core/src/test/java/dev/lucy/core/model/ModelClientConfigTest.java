package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelClientConfigTest {

    @Test
    void defaults_point_at_openrouter() {
        ModelClientConfig config = ModelClientConfig.defaults();

        assertThat(config.chatCompletionsUri()).isEqualTo(URI.create("https://openrouter.ai/api/v1/chat/completions"));
        assertThat(config.hasApiKey()).isFalse();
        assertThat(config.maxConcurrentRequests()).isEqualTo(64);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void any_compatible_server_works_by_base_url() {
        ModelClientConfig config = ModelClientConfig.builder()
                .baseUrl("http://127.0.0.1:11434/v1/")
                .build();

        assertThat(config.chatCompletionsUri()).isEqualTo(URI.create("http://127.0.0.1:11434/v1/chat/completions"));
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void the_key_never_appears_in_to_string() {
        ModelClientConfig config = ModelClientConfig.builder()
                .apiKey("sk-or-v1-verysecret")
                .header("X-Title", "Lucy")
                .build();

        assertThat(config.toString()).doesNotContain("verysecret").contains("apiKey=(set)");
        assertThat(config.hasApiKey()).isTrue();
    }

    @Test
    void validation_names_the_bad_setting() {
        assertThatThrownBy(
                        () -> ModelClientConfig.builder().baseUrl("ftp://x/v1").build())
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(
                        () -> ModelClientConfig.builder().baseUrl("not a url").build())
                .hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> ModelClientConfig.builder()
                        .baseUrl("https://user:pw@host/v1")
                        .build())
                .hasMessageContaining("baseUrl")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ModelClientConfig.builder().apiKey("  ").build())
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> ModelClientConfig.builder().apiKey("sk one").build())
                .hasMessageContaining("apiKey")
                .hasMessageNotContaining("sk one");
        assertThatThrownBy(() -> ModelClientConfig.builder()
                        .requestTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() ->
                        ModelClientConfig.builder().maxConcurrentRequests(0).build())
                .hasMessageContaining("maxConcurrentRequests");
        assertThatThrownBy(() -> ModelClientConfig.builder()
                        .header("Authorization", "Bearer x")
                        .build())
                .hasMessageContaining("headers")
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() ->
                        ModelClientConfig.builder().header("X-Title", "a\r\nb").build())
                .hasMessageContaining("X-Title");
        assertThatThrownBy(() -> ModelClientConfig.builder().defaultModel(" ").build())
                .hasMessageContaining("defaultModel");
    }
}
