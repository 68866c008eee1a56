package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lucy.core.LucyException;
import dev.lucy.testkit.slack.RateLimits;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack's 429s through Lucy's own client: one call's Retry-After holds the method for every caller. */
class SlackCallsTest {
    private final SlackFixture fx = new SlackFixture(b -> b.channel("general"));
    private final SlackCalls calls = new SlackCalls(
            3, Duration.ofSeconds(90), Duration.ofMillis(1), fx.clock, fx.clock, (workspace, method, wait) -> {});

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private ObjectNode reaction(String ts, String name) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("channel", fx.slack.channelId("general"))
                .put("timestamp", ts)
                .put("name", name);
    }

    @Test
    void a_429_holds_its_method_until_retry_after_for_the_calls_that_start_meanwhile() throws Exception {
        String ts = fx.methods
                .chatPostMessage(r -> r.channel(fx.slack.channelId("general")).text("hi"))
                .getTs();
        fx.slack.rateLimits(RateLimits.off().with("reactions.add", 1, Duration.ofMinutes(1)));

        calls.call(fx.web, "reactions.add", Set.of(), reaction(ts, "eyes"), true);
        assertThatThrownBy(() -> calls.call(fx.web, "reactions.add", Set.of(), reaction(ts, "tada"), false))
                .as("a call worth making only now gives up at a 429")
                .isInstanceOf(LucyException.class)
                .hasMessageContaining("rate limited");
        assertThatThrownBy(() -> calls.call(fx.web, "reactions.add", Set.of(), reaction(ts, "tada"), false))
                .as("and does not even ask while the method is held")
                .isInstanceOf(LucyException.class)
                .hasMessageContaining("rate limited for another");

        calls.call(fx.web, "reactions.add", Set.of(), reaction(ts, "white_check_mark"), true);

        assertThat(fx.slack.rateLimitedCalls()).isEqualTo(1);
        assertThat(fx.slack.callsBeforeRetryAfter())
                .as("the patient call waited out the first call's Retry-After before asking")
                .isZero();
        assertThat(fx.clock.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(59));
    }
}
