package dev.lucy.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineChannelTest {
    private final AtomicLong requested = new AtomicLong();
    private final LineChannel channel = new LineChannel(64);

    LineChannelTest() {
        channel.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {}
        });
    }

    /** Sends {@code body} as reads cut at the given byte offsets. */
    private void send(byte[] body, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            channel.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(body, from, cut))));
            from = cut;
        }
        channel.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(body, from, body.length))));
    }

    private List<String> lines() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        while (true) {
            LineChannel.Item item = channel.poll(Duration.ofSeconds(5));
            if (item instanceof LineChannel.Line l) {
                lines.add(l.text());
            } else {
                assertThat(item).isInstanceOf(LineChannel.End.class);
                return lines;
            }
        }
    }

    @Test
    void splits_lines_on_every_sse_line_break_even_across_reads() throws Exception {
        byte[] body = "data: a\r\n\r\ndata: b\n\ndata: c\r\rlast".getBytes(StandardCharsets.UTF_8);
        send(body, 8, 9, 10, 22);
        channel.onComplete();

        assertThat(lines()).containsExactly("data: a", "", "data: b", "", "data: c", "", "last");
    }

    @Test
    void keeps_multi_byte_characters_whole_when_a_read_cuts_through_them() throws Exception {
        byte[] body = "data: héllo 🙂\n".getBytes(StandardCharsets.UTF_8);
        send(body, 8, 14, 15);
        channel.onComplete();

        assertThat(lines()).containsExactly("data: héllo 🙂");
    }

    @Test
    void hands_out_an_endless_line_in_bounded_pieces() throws Exception {
        send("x".repeat(200).getBytes(StandardCharsets.UTF_8));
        channel.onComplete();

        assertThat(lines())
                .hasSize(4)
                .allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void asks_for_more_only_as_reads_are_consumed_and_reports_failures() throws Exception {
        long initial = requested.get();
        send("one\n".getBytes(StandardCharsets.UTF_8));
        channel.onError(new IOException("reset"));

        assertThat(channel.poll(Duration.ofSeconds(5))).isEqualTo(new LineChannel.Line("one"));
        assertThat(requested.get()).isEqualTo(initial + 1);
        assertThat(channel.poll(Duration.ofSeconds(5))).isInstanceOf(LineChannel.Failed.class);
    }

    @Test
    void poll_gives_up_after_its_timeout() throws Exception {
        assertThat(channel.poll(Duration.ofMillis(20))).isNull();
    }
}
