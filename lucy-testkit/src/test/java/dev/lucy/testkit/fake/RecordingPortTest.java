package dev.lucy.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.ConversationPort;
import dev.lucy.testkit.fake.RecordingPort.Post;
import dev.lucy.testkit.fake.RecordingPort.Reaction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RecordingPortTest {
    private final RecordingPort port = new RecordingPort();

    @Test
    void records_posts_per_conversation_in_order_with_fresh_message_ids() {
        String first = port.post("C1", "hello");
        String second = port.post("C2", "elsewhere");
        String third = port.post("C1", "again");

        assertThat(first).isEqualTo("m1");
        assertThat(second).isEqualTo("m2");
        assertThat(third).isEqualTo("m3");
        assertThat(port.posts("C1")).containsExactly("hello", "again");
        assertThat(port.posted("C2")).extracting(Post::messageId).containsExactly("m2");
        assertThat(port.posts("C9")).isEmpty();
        assertThat(port.totalPosts()).isEqualTo(3);
    }

    @Test
    void shows_a_message_as_a_user_sees_it_after_edits_and_deletion() {
        String id = port.post("C1", "working...");
        port.update("C1", id, "done");
        String gone = port.post("C1", "oops");
        port.delete("C1", gone);

        assertThat(port.text(id)).hasValue("done");
        assertThat(port.text(gone)).isEmpty();
        assertThat(port.posts("C1")).containsExactly("working...", "oops");
    }

    @Test
    void records_reactions_added_and_removed_and_statuses() {
        port.react("C1", "ts1", "eyes");
        port.unreact("C1", "ts1", "eyes");
        port.setStatus("C1", "is thinking...");
        port.setStatus("C1", "");

        assertThat(port.reactions("C1"))
                .containsExactly(new Reaction("C1", "ts1", "eyes", true), new Reaction("C1", "ts1", "eyes", false));
        assertThat(port.statuses("C1")).containsExactly("is thinking...", "");
    }

    @Test
    void records_a_streamed_answer_as_one_message() {
        ConversationPort.Stream stream = port.startStream("C1", "Order 17 ");
        stream.append("ships ");
        stream.append("Friday.");
        String id = stream.finish();

        assertThat(port.text(id)).hasValue("Order 17 ships Friday.");
        assertThat(port.calls("C1"))
                .containsExactly(
                        new RecordingPort.StreamStart("C1", id, "Order 17 "),
                        new RecordingPort.StreamAppend("C1", id, "ships "),
                        new RecordingPort.StreamAppend("C1", id, "Friday."),
                        new RecordingPort.StreamFinish("C1", id));
        assertThat(port.posts("C1")).isEmpty();
    }

    @Test
    void waits_for_posts_made_on_another_thread() {
        Thread.ofVirtual().start(() -> {
            port.post("C1", "one");
            port.post("C1", "two");
        });

        assertThat(port.awaitPosts("C1", 2)).containsExactly("one", "two");
    }

    @Test
    void counts_matching_posts_and_gives_up_at_the_deadline() {
        port.post("C1", "answer");
        port.post("G1", "hi");
        port.post("C2", "answer");

        assertThat(port.awaitCount(p -> p.text().equals("answer"), 2, Duration.ofSeconds(5)))
                .isEqualTo(2);
        assertThat(port.awaitCount(p -> p.text().equals("answer"), 3, Duration.ZERO))
                .isEqualTo(2);
        assertThat(port.count(p -> p.conversationId().startsWith("G"))).isEqualTo(1);
    }

    @Test
    void forgets_everything_on_clear_but_keeps_ids_unique() {
        port.post("C1", "warm-up");
        port.clear();

        assertThat(port.calls()).isEmpty();
        assertThat(port.post("C1", "measured")).isEqualTo("m2");
    }

    @Test
    void a_condition_is_polled_until_it_holds_or_the_time_is_up() {
        AtomicBoolean flag = new AtomicBoolean();
        Thread.ofVirtual().start(() -> flag.set(true));

        RecordingPort.await(flag::get, "a flag set on another thread");
        assertThat(RecordingPort.awaitUntil(() -> false, Duration.ZERO)).isFalse();
    }
}
