package dev.lucy.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.methods.SlackApiException;
import dev.lucy.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rate limits as the real MethodsClient meets them: HTTP 429, Retry-After, and an exception to handle. */
class RateLimitTest extends WebApiFixture {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-05T09:00:00Z"));

    @Override
    SlackSimulator.Builder workspace(SlackSimulator.Builder builder) {
        return builder.channel("general").channel("ops").clock(clock);
    }

    private String post(String channel) throws Exception {
        return methods.chatPostMessage(r -> r.channel(slack.channelId(channel)).text("hi"))
                .getTs();
    }

    @Test
    void nothing_is_limited_until_a_test_switches_limits_on() throws Exception {
        for (int i = 0; i < 20; i++) {
            post("general");
        }
        assertThat(slack.calls("chat.postMessage"))
                .allSatisfy(c -> assertThat(c.ok()).isTrue());
    }

    @Test
    void over_the_limit_the_method_answers_429_with_retry_after() throws Exception {
        String ts = post("general");
        slack.rateLimits(RateLimits.off().with("chat.update", 2, Duration.ofMinutes(1)));
        methods.chatUpdate(r -> r.channel(slack.channelId("general")).ts(ts).text("one"));
        methods.chatUpdate(r -> r.channel(slack.channelId("general")).ts(ts).text("two"));
        clock.advance(Duration.ofSeconds(15));

        assertThatThrownBy(() -> methods.chatUpdate(
                        r -> r.channel(slack.channelId("general")).ts(ts).text("three")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("45");
                    assertThat(e.getResponseBody()).contains("\"error\":\"ratelimited\"");
                });
        assertThat(slack.message("general", ts).orElseThrow().text()).isEqualTo("two");
        assertThat(slack.calls("chat.update"))
                .last()
                .satisfies(c -> assertThat(c.httpStatus()).isEqualTo(429));

        clock.advance(Duration.ofSeconds(45));
        methods.chatUpdate(r -> r.channel(slack.channelId("general")).ts(ts).text("three"));
        assertThat(slack.message("general", ts).orElseThrow().text()).isEqualTo("three");
        assertThat(slack.rateLimitedCalls()).isEqualTo(1);
        assertThat(slack.callsBeforeRetryAfter())
                .as("the caller waited Retry-After")
                .isZero();
    }

    @Test
    void a_call_made_again_before_its_retry_after_has_passed_is_counted() throws Exception {
        String ts = post("general");
        slack.rateLimits(RateLimits.off().with("chat.update", 1, Duration.ofMinutes(1)));
        methods.chatUpdate(r -> r.channel(slack.channelId("general")).ts(ts).text("one"));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> methods.chatUpdate(
                            r -> r.channel(slack.channelId("general")).ts(ts).text("two")))
                    .isInstanceOf(SlackApiException.class);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(slack.rateLimitedCalls()).isEqualTo(2);
        assertThat(slack.callsBeforeRetryAfter()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        methods.chatUpdate(r -> r.channel(slack.channelId("general")).ts(ts).text("two"));
        assertThat(slack.callsBeforeRetryAfter()).isEqualTo(1);
    }

    @Test
    void slack_tiers_limit_post_message_per_channel_and_other_methods_per_tier() throws Exception {
        slack.rateLimits(RateLimits.slackTiers());
        for (int i = 0; i < RateLimits.POST_MESSAGE_PER_CHANNEL.permits(); i++) {
            post("general");
        }
        assertThatThrownBy(() -> post("general"))
                .isInstanceOfSatisfying(
                        SlackApiException.class,
                        e -> assertThat(e.getResponse().code()).isEqualTo(429));
        assertThat(post("ops")).as("another channel has its own budget").isNotBlank();

        String user = slack.user("alice").id();
        int tier2 = RateLimits.Tier.TIER_2.perMinute();
        assertThat(RateLimits.tierOf("reactions.remove")).contains(RateLimits.Tier.TIER_2);
        for (int i = 0; i < tier2; i++) {
            methods.reactionsRemove(
                    r -> r.channel(slack.channelId("general")).timestamp("1.0").name("x"));
        }
        assertThatThrownBy(() -> methods.reactionsRemove(r ->
                        r.channel(slack.channelId("general")).timestamp("1.0").name("x")))
                .isInstanceOf(SlackApiException.class);
        assertThat(methods.usersInfo(r -> r.user(user)).isOk())
                .as("Tier 4 is not used up")
                .isTrue();

        clock.advance(RateLimits.POST_MESSAGE_PER_CHANNEL.window());
        assertThat(post("general")).isNotBlank();
    }

    @Test
    void limits_switch_off_again_within_a_test() throws Exception {
        slack.rateLimits(RateLimits.off().with("users.info", 1, Duration.ofMinutes(1)));
        String user = slack.user("alice").id();
        methods.usersInfo(r -> r.user(user));
        assertThatThrownBy(() -> methods.usersInfo(r -> r.user(user))).isInstanceOf(SlackApiException.class);

        slack.rateLimits(RateLimits.off());
        assertThat(methods.usersInfo(r -> r.user(user)).isOk()).isTrue();
    }
}
