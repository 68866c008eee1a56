package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamingTest {
    /** A clock the test moves by hand. */
    private static final class FakeClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private static final String ANSWER =
            "## Summary\n\nThe **deploy** failed on `build-7` because of [a flaky test](https://"
                    + "github.com/acme/app/issues/12).\n\n| step | result |\n|---|---|\n| build | ok |\n\n```sh\n"
                    + "make test\n```\n\n- [x] rerun\n- [ ] fix ~~later~~ now\n";

    @Test
    void every_prefix_of_a_streamed_answer_previews_as_valid_mrkdwn_without_stray_markers() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        for (int i = 0; i < ANSWER.length(); i++) {
            renderer.append(ANSWER.substring(i, i + 1));
            List<SlackMessage> preview = renderer.preview();
            assertThat(Validity.problems(preview, FormatOptions.defaults()))
                    .as("after %d characters", i + 1)
                    .isEmpty();
            String text = preview.get(0).text();
            assertThat(text)
                    .as("after %d characters", i + 1)
                    .doesNotContain("**")
                    .doesNotContain("](");
            assertThat(text.chars().filter(c -> c == '`').count() % 2)
                    .as("after %d characters: %s", i + 1, text)
                    .isZero();
        }
        assertThat(renderer.complete()).isEqualTo(SlackFormatter.defaults().format(ANSWER));
    }

    @Test
    void half_written_emphasis_is_held_back_until_it_closes() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        renderer.append("The result is **very");
        assertThat(renderer.preview().get(0).text()).isEqualTo("The result is");
        renderer.append(" good**");
        assertThat(renderer.preview().get(0).text()).isEqualTo("The result is *very good*");
    }

    @Test
    void nothing_received_yet_previews_as_nothing_and_an_answer_opening_with_emphasis_waits_for_it_to_close() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        assertThat(renderer.preview()).allSatisfy(m -> assertThat(m.text()).isBlank());
        renderer.append("**Done");
        assertThat(renderer.preview()).allSatisfy(m -> assertThat(m.text()).doesNotContain("*"));
        renderer.append("** today");
        assertThat(renderer.preview().get(0).text()).isEqualTo("*Done* today");
    }

    @Test
    void an_open_code_block_is_shown_closed() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        renderer.append("Run:\n\n```sh\nmake");
        assertThat(renderer.preview().get(0).text()).isEqualTo("Run:\n\n```\nmake\n```");
    }

    @Test
    void completed_blocks_are_handed_out_once_and_code_blocks_only_when_closed() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        renderer.append("First paragraph.\n\nSecond");
        assertThat(renderer.takeCompleted()).isEqualTo("First paragraph.\n\n");
        assertThat(renderer.takeCompleted()).isEmpty();
        renderer.append(" paragraph.\n\n```\ncode\n\nmore");
        assertThat(renderer.takeCompleted()).isEqualTo("Second paragraph.\n\n");
        renderer.append("\n```\n\nTail");
        assertThat(renderer.takeCompleted()).isEqualTo("```\ncode\n\nmore\n```\n\n");
        assertThat(renderer.takeRest()).isEqualTo("Tail");
    }

    @Test
    void completed_blocks_for_append_are_formatted_like_a_posted_answer() {
        StreamingRenderer renderer = new StreamingRenderer(SlackFormatter.defaults());
        renderer.append("## Summary\n\n<!here> see https://github.com/acme/app/pull/42\n\n```js\nlet a = 1 < 2;\n");
        assertThat(renderer.takeCompletedForAppend())
                .containsExactly(
                        "## 📝 Summary\n\n@\u2060here see [GitHub PR #42](https://github.com/acme/app/pull/42)");
        renderer.append("```\n");
        assertThat(renderer.takeCompletedForAppend()).isEmpty(); // the fence closed, but no blank line yet
        assertThat(renderer.takeRestForAppend())
                .as("parted from the text before it, and no blank lines left at the end of the message")
                .containsExactly("\n\n```js\nlet a = 1 < 2;\n```");
    }

    @Test
    void append_buffer_waits_for_enough_text_or_enough_time() {
        FakeClock clock = new FakeClock();
        AppendBuffer buffer = AppendBuffer.builder()
                .minChars(20)
                .maxDelay(Duration.ofMillis(500))
                .minInterval(Duration.ofSeconds(1))
                .clock(clock)
                .build();
        assertThat(buffer.offer("short")).isEmpty();
        assertThat(buffer.nextDue()).contains(clock.instant().plusMillis(500));
        clock.advance(Duration.ofMillis(499));
        assertThat(buffer.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(buffer.poll()).contains("short");
        assertThat(buffer.offer("a long enough piece of text")).isEmpty(); // the rate limit holds it back
        clock.advance(Duration.ofSeconds(1));
        assertThat(buffer.poll()).contains("a long enough piece of text");
    }

    @Test
    void append_buffer_never_exceeds_the_rate_limit_under_a_fast_stream() {
        FakeClock clock = new FakeClock();
        AppendBuffer buffer = AppendBuffer.builder().clock(clock).build();
        List<Instant> sends = new ArrayList<>();
        StringBuilder received = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            clock.advance(Duration.ofMillis(10)); // 100 tokens a second for a minute
            Optional<String> chunk = buffer.offer("tok" + i + " ");
            chunk.ifPresent(c -> {
                sends.add(clock.instant());
                received.append(c);
            });
        }
        buffer.drain().forEach(received::append);
        assertThat(sends.size()).isBetween(50, 61);
        for (int i = 1; i < sends.size(); i++) {
            assertThat(Duration.between(sends.get(i - 1), sends.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(received.toString()).startsWith("tok0 tok1 ").endsWith("tok5999 ");
    }

    @Test
    void append_buffer_drains_large_text_in_calls_of_at_most_12000_characters() {
        AppendBuffer buffer =
                AppendBuffer.builder().minInterval(Duration.ofHours(1)).build();
        List<String> chunks = new ArrayList<>();
        buffer.offer("x").ifPresent(chunks::add);
        buffer.offer("line of text\n".repeat(3_000)).ifPresent(chunks::add);
        chunks.addAll(buffer.drain());
        assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(12_000));
        assertThat(String.join("", chunks)).hasSize(1 + 13 * 3_000);
    }
}
