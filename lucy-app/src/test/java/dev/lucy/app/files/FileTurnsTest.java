package dev.lucy.app.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.Caller;
import dev.lucy.core.runtime.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileTurnsTest {
    private static final String CONVERSATION = "C1:1700000000.000100";

    /** A platform whose downloads wait until the test lets them go: a reader that never finishes on its own. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final AtomicInteger downloads = new AtomicInteger();

    private final FileTransfer stuck = new FileTransfer() {
        @Override
        public Download download(FileRef file, long maxBytes) {
            downloads.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                // an interrupt does not stop a parser that spins; keep waiting like one
                try {
                    release.await();
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Download.Fetched("x".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean upload(String conversationId, OutFile file) {
            return true;
        }
    };

    @AfterEach
    void letGo() {
        release.countDown();
    }

    private static InboundEvent event(String ts) {
        return new InboundEvent("Ev" + ts, new Caller("T1", "U1", CONVERSATION), ts, "what is this?", Instant.now());
    }

    private static FileRef file(String id) {
        return new FileRef(id, id + ".txt", "text/plain", "text", 10, "https://files.slack.com/" + id);
    }

    @Test
    void a_file_that_takes_too_long_is_told_and_its_reader_keeps_its_place_until_it_ends() {
        SharedFiles shared = new SharedFiles();
        FileTurns turns = new FileTurns(
                shared,
                stuck,
                FilesConfig.builder().readTimeout(Duration.ofMillis(100)).build());
        shared.shared(CONVERSATION, "1.1", List.of(file("F1"), file("F2")));
        shared.shared("C2:1.3", "1.3", List.of(file("F3")));

        TurnFiles.Attached first = turns.read(event("1.1"));

        assertThat(first.notices())
                .containsExactly(
                        "I could not read F1.txt: it took too long to read.",
                        "I could not read F2.txt: it took too long to read.");
        InboundEvent other =
                new InboundEvent("Ev3", new Caller("T1", "U1", "C2:1.3"), "1.3", "and this?", Instant.now());
        assertThat(turns.read(other).notices())
                .containsExactly("I could not read F3.txt: I am reading too many files right now; please try again.");
        assertThat(downloads).hasValue(FileTurns.READING_AT_ONCE);
    }

    @Test
    void a_message_without_files_in_a_conversation_without_files_reads_nothing() {
        FileTurns turns = new FileTurns(new SharedFiles(), stuck, FilesConfig.defaults());

        assertThat(turns.attached(event("1.1"))).isFalse();
        assertThat(turns.read(event("1.1"))).isSameAs(TurnFiles.Attached.NONE);
        assertThat(downloads).hasValue(0);
    }
}
