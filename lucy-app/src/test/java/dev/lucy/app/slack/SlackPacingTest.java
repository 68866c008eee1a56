package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.lucy.core.Sleeper;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import dev.lucy.testkit.slack.SlackSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many answers of one rate-limited method at once, against Slack's published limits, on a clock that runs twenty
 * times faster than the wall's (both sides share it, so a minute of Slack's limits passes in 3 s): every answer
 * arrives, and no call reaches Slack before the {@code Retry-After} of a 429 it was given.
 */
class SlackPacingTest {
    /** A real clock, {@code SPEED} times faster: sleeps really pass, in a twentieth of the time. */
    private static final class FastClock extends Clock implements Sleeper {
        private static final long SPEED = 20;
        private final Instant start = Instant.parse("2026-03-02T09:00:00Z");
        private final long startNanos = System.nanoTime();

        @Override
        public Instant instant() {
            return start.plusNanos((System.nanoTime() - startNanos) * SPEED);
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (duration.isPositive()) {
                Thread.sleep(duration.dividedBy(SPEED));
            }
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Calls of {@code reactions.add} a minute. */
    private static final int TIER_3 = 50;

    @Test
    void a_long_queue_of_answers_is_paced_and_honours_every_429() throws Exception {
        FastClock clock = new FastClock();
        int answers = 3 * TIER_3; // three minutes of reactions.add
        try (SlackSimulator slack = SlackSimulator.builder()
                        .clock(clock)
                        .channel("general")
                        .rateLimits(RateLimits.slackTiers())
                        .start();
                Slack sdk = Slack.getInstance(config(slack))) {
            List<SlackMessage> thanks = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                thanks.add(slack.user("alice").says("general", "thanks, Lucy " + i));
            }
            SlackPort port = SlackPort.builder(
                            sdk.methods(slack.botToken()),
                            SlackWebApi.create(slack.methodsUrl(), slack.botToken(), SlackCallObserver.ignoring()))
                    .clock(clock)
                    .sleeper(clock)
                    .maxRetryAfter(Duration.ofSeconds(60))
                    .build();

            List<Future<?>> reacting = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (SlackMessage thank : thanks) {
                    reacting.add(threads.submit(() -> port.react(conversationOf(thank), thank.ts(), "heart")));
                }
                for (Future<?> reaction : reacting) {
                    reaction.get();
                }
            }

            assertThat(slack.messages("general").stream()
                            .filter(m -> m.reactions().containsKey("heart")))
                    .as("every thank-you got its reaction")
                    .hasSize(answers);
            assertThat(slack.callsBeforeRetryAfter())
                    .as(
                            "calls that reached Slack before the Retry-After of its 429 (%d 429s)",
                            slack.rateLimitedCalls())
                    .isZero();
        }
    }

    private static String conversationOf(SlackMessage message) {
        return SlackConversation.of(message.channel(), message.ts(), null).id();
    }

    private static SlackConfig config(SlackSimulator slack) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.methodsUrl());
        return config;
    }
}
