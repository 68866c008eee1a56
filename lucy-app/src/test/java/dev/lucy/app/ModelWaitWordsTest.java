package dev.lucy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.agent.AgentEvent;
import dev.lucy.core.model.ModelFailure;
import dev.lucy.slack.ProgressNarrator.ModelWait;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which words a wait for the model gets in the progress message. */
class ModelWaitWordsTest {

    private static AgentEvent.ModelWaiting waiting(Optional<ModelFailure> failure) {
        return new AgentEvent.ModelWaiting(1, "m", Duration.ofSeconds(30), failure);
    }

    @Test
    void a_retry_after_is_the_model_asking_to_wait() {
        assertThat(LucyRunHandler.why(
                        waiting(Optional.of(new ModelFailure.RateLimited(Optional.of(Duration.ofSeconds(30)))))))
                .isEqualTo(ModelWait.ASKED);
    }

    @Test
    void a_backoff_after_a_failure_or_a_rate_limit_without_a_hint_is_a_retry() {
        assertThat(LucyRunHandler.why(waiting(Optional.of(new ModelFailure.Overloaded(503)))))
                .isEqualTo(ModelWait.RETRYING);
        assertThat(LucyRunHandler.why(waiting(Optional.of(new ModelFailure.RateLimited(Optional.empty())))))
                .isEqualTo(ModelWait.RETRYING);
    }

    @Test
    void a_wait_without_a_failure_is_the_rate_budgets_queue() {
        assertThat(LucyRunHandler.why(waiting(Optional.empty()))).isEqualTo(ModelWait.QUEUED);
    }
}
