package dev.lucy.app.e2e;

import static dev.lucy.app.e2e.LucyE2E.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.slack.ApiCall;
import dev.lucy.testkit.slack.RateLimits;
import dev.lucy.testkit.slack.SlackMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack answers {@code chat.postMessage} with 429 and {@code Retry-After}: Lucy waits that long, posts again, and
 * every answer arrives once and in the order asked.
 */
class SlackRateLimitE2ETest {
    /** Long enough that the third answer is sure to come while the second one's window is still open. */
    private static final Duration WINDOW = Duration.ofSeconds(3);

    // Posted answers: this checks chat.postMessage's 429 and Retry-After, which a streamed answer never meets.
    @RegisterExtension
    final LucyE2E lucy = LucyE2E.create().app(app -> app.slackPort(port -> port.streamInChannels(false)));

    @Test
    void a_rate_limited_answer_is_posted_after_retry_after_once_and_in_order() {
        SlackMessage first = lucy.user("alice").mentionsBot(CHANNEL, "what is the first step of the launch?");
        lucy.awaitAnswer(first, text -> text.contains("first step"));
        lucy.awaitSettled();
        // From now on: one chat.postMessage per channel every three seconds, more gets 429 with Retry-After.
        lucy.slack().rateLimits(RateLimits.off().with("chat.postMessage", new RateLimits.Limit(1, WINDOW, true)));
        lucy.user("alice").repliesTo(first, "and the second step?");
        lucy.awaitAnswer(first, text -> text.contains("second step"));
        lucy.user("alice").repliesTo(first, "and the third step?");
        lucy.awaitAnswer(first, text -> text.contains("third step"));
        lucy.awaitSettled();

        List<ApiCall> posts = lucy.slack().calls("chat.postMessage");
        List<ApiCall> limited =
                posts.stream().filter(c -> c.httpStatus() == 429).toList();
        assertThat(limited).as("Slack refused at least one post").isNotEmpty();
        for (ApiCall refused : limited) {
            String text = refused.argument("text").orElseThrow();
            List<ApiCall> sameText = posts.stream()
                    .filter(c -> c.argument("text").orElse("").equals(text))
                    .toList();
            assertThat(sameText)
                    .as(
                            "\"%s\": refused once, then posted once after Retry-After (an early retry is refused again)",
                            text)
                    .extracting(ApiCall::httpStatus)
                    .containsExactly(429, 200);
            // Retry-After is at least one second (whole seconds, rounded up).
            assertThat(Duration.between(sameText.get(0).at(), sameText.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(lucy.botMessages(first))
                .as("each answer once, in the order asked")
                .extracting(SlackMessage::text)
                .containsExactly(
                        E2EModel.answerTo("what is the first step of the launch?"),
                        E2EModel.answerTo("and the second step?"),
                        E2EModel.answerTo("and the third step?"));
    }
}
