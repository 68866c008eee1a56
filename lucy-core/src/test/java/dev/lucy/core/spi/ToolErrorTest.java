package dev.lucy.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ToolErrorTest {

    @Test
    void only_failures_of_the_tool_or_its_provider_count_against_its_health_not_refusals_or_the_callers_mistakes() {
        assertThat(Arrays.stream(ToolError.values()).filter(ToolError::countsAgainstHealth))
                .containsExactlyInAnyOrder(
                        ToolError.RETRYABLE, ToolError.TIMED_OUT, ToolError.FATAL, ToolError.UNAVAILABLE);
    }
}
