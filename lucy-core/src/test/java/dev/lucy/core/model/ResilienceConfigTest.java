package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {

    @Test
    void defaults_give_every_tier_a_model_and_a_fallback() {
        ResilienceConfig config = ResilienceConfig.defaults();

        for (ModelTier tier : ModelTier.values()) {
            assertThat(config.models(tier)).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(config.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.budget("any")).isEmpty();
    }

    @Test
    void a_model_without_its_own_budget_uses_the_default_one() {
        ResilienceConfig config = ResilienceConfig.builder()
                .defaultBudget(ResilienceConfig.Budget.perMinute(100, 0))
                .budget("big", ResilienceConfig.Budget.perMinute(10, 50_000))
                .build();

        assertThat(config.budget("big").orElseThrow().tokens()).isPresent();
        assertThat(config.budget("other").orElseThrow().tokens()).isEmpty();
        assertThat(config.toBuilder().build().budget("big")).isEqualTo(config.budget("big"));
    }

    @Test
    void validation_names_the_bad_setting() {
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .tier(ModelTier.DEFAULT, List.of())
                        .build())
                .hasMessageContaining("DEFAULT");
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .tier(ModelTier.FAST, "a", "a")
                        .build())
                .hasMessageContaining("FAST");
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .tier(ModelTier.FAST, "a", " ")
                        .build())
                .hasMessageContaining("blank");
        assertThatThrownBy(
                        () -> ResilienceConfig.builder().maxAttemptsPerModel(0).build())
                .hasMessageContaining("maxAttemptsPerModel");
        assertThatThrownBy(() -> ResilienceConfig.builder().jitter(1.5).build()).hasMessageContaining("jitter");
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .initialBackoff(Duration.ofSeconds(10))
                        .maxBackoff(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(
                        () -> ResilienceConfig.builder().backoffMultiplier(0.5).build())
                .hasMessageContaining("backoffMultiplier");
        assertThatThrownBy(
                        () -> ResilienceConfig.builder().failureRateThreshold(0).build())
                .hasMessageContaining("failureRateThreshold");
        assertThatThrownBy(() ->
                        ResilienceConfig.builder().openDuration(Duration.ZERO).build())
                .hasMessageContaining("openDuration");
        assertThatThrownBy(() -> ResilienceConfig.builder().halfOpenCalls(0).build())
                .hasMessageContaining("halfOpenCalls");
        assertThatThrownBy(() -> ResilienceConfig.builder()
                        .maxRetryAfter(Duration.ofSeconds(-1))
                        .build())
                .hasMessageContaining("maxRetryAfter");
        assertThatThrownBy(() -> ResilienceConfig.Budget.perMinute(-1, 0)).hasMessageContaining("budget");
    }
}
