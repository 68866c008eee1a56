package dev.lucy.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.model.ModelRequest;
import dev.lucy.testkit.model.Reply;
import dev.lucy.testkit.model.Script;
import dev.lucy.testkit.model.Turn;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model that takes its time over one question (up to a minute, or until {@link #release}d) while {@link #holding},
 * and answers at once otherwise, as {@link E2EModel} does: the bot in a child JVM is stopped while it waits. With
 * {@link #trickling}, it answers the held question at once but a dozen characters every two seconds, so the bot is
 * stopped while it streams.
 */
final class HeldModel implements Script {
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holding = true;
    volatile boolean trickling;

    private final String held;
    private final CountDownLatch asked = new CountDownLatch(1);

    HeldModel(String held) {
        this.held = held;
    }

    /** Waits until the held question has reached the model, said as {@code description} in a failure. */
    void awaitAsked(String description) throws InterruptedException {
        assertThat(asked.await(LucyE2E.WAIT.toSeconds(), TimeUnit.SECONDS))
                .as(description)
                .isTrue();
    }

    @Override
    public Turn next(ModelRequest request) {
        String text = request.lastUserText().orElse("");
        if (holding && trickling && text.contains(held)) {
            asked.countDown();
            return Reply.text(E2EModel.answerTo(text)).withChunkSize(12).streamedSlowly(Duration.ofSeconds(2));
        }
        if (holding && text.contains(held)) {
            asked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Reply.text(E2EModel.answerTo(text));
    }
}
