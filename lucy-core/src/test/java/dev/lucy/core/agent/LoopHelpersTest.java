package dev.lucy.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lucy.core.model.ToolNames;
import dev.lucy.core.spi.ToolArguments;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small pieces the loop relies on: canonical signatures, closest names, claims, cancellation, config. */
class LoopHelpersTest {

    @Test
    void canonical_arguments_sort_keys_at_every_depth_and_ignore_spacing() {
        assertThat(canonical("{\"b\":1,\"a\":{\"z\":[1,2],\"y\":null}}"))
                .isEqualTo(canonical(" { \"a\" : { \"y\": null, \"z\": [1, 2] }, \"b\": 1 } "))
                .isEqualTo("{\"a\":{\"y\":null,\"z\":[1,2]},\"b\":1}");
        assertThat(canonical("")).isEqualTo("{}");
        assertThat(canonical("{broken")).isEqualTo("{broken");
    }

    private static String canonical(String arguments) {
        return Json.canonical(ToolArguments.parse(arguments), arguments);
    }

    @Test
    void closest_names_come_by_edit_distance() {
        assertThat(ToolNames.closest("serch_jira", List.of("search_jira", "search_github", "send_email"), 2))
                .first()
                .isEqualTo("search_jira");
        assertThat(ToolNames.closest("get_wether", List.of("send_email", "get_weather", "get_time"), 3))
                .containsExactly("get_weather", "get_time", "send_email");
        assertThat(ToolNames.distance("kitten", "sitting")).isEqualTo(3);
    }

    @ParameterizedTest(name = "\"{0}\" claims completeness: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Here are all the open tickets: | true",
                "That\u2019s all of them.        | true",
                "This is the complete list.     | true",
                "Here are the first 20 tickets. | false",
                "Install it with make all.      | false"
            })
    void recognises_completeness_claims_and_nothing_else(String text, boolean claims) {
        assertThat(CompletenessClaims.claimsCompleteness(text)).isEqualTo(claims);
    }

    @Test
    void cancellation_runs_listeners_once_and_late_listeners_at_once() {
        Cancellation cancellation = Cancellation.create();
        AtomicInteger calls = new AtomicInteger();
        Runnable remove = cancellation.onCancel(calls::incrementAndGet);
        cancellation.onCancel(calls::incrementAndGet);
        remove.run();

        cancellation.cancel();
        cancellation.cancel();
        cancellation.onCancel(calls::incrementAndGet);

        assertThat(cancellation.isCancelled()).isTrue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void config_names_the_bad_field() {
        assertThatThrownBy(() -> AgentConfig.builder().maxTurns(0).build()).hasMessageContaining("maxTurns");
        assertThatThrownBy(() ->
                        AgentConfig.builder().wallClockBudget(Duration.ZERO).build())
                .hasMessageContaining("wallClockBudget");
        assertThatThrownBy(() -> AgentConfig.builder()
                        .contextContributionTokens(AgentConfig.DEFAULT_CONTEXT_BUDGET_TOKENS)
                        .build())
                .hasMessageContaining("contextContributionTokens");
        AgentConfig config = AgentConfig.builder().model("fast").maxTurns(3).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
