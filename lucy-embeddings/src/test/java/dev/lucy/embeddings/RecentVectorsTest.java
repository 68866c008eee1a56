package dev.lucy.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RecentVectorsTest {
    private final List<String> embedded = new ArrayList<>();
    private final Function<String, float[]> model = text -> {
        synchronized (embedded) {
            embedded.add(text);
        }
        return new float[] {text.length(), 1};
    };

    @Test
    void a_message_asked_for_twice_is_embedded_once() {
        RecentVectors recent = new RecentVectors(4);

        float[] forRecall = recent.vector("where is our head office?", model);
        float[] forTools = recent.vector("where is our head office?", model);

        assertThat(embedded).containsExactly("where is our head office?");
        assertThat(forTools).containsExactly(forRecall);
    }

    @Test
    void a_caller_asking_while_the_first_computes_waits_and_shares_its_vector() throws Exception {
        RecentVectors recent = new RecentVectors(4);
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Function<String, float[]> slow = text -> {
            runs.incrementAndGet();
            computing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[] {1, 2};
        };
        Thread first = Thread.ofVirtual().start(() -> recent.vector("deploy the app", slow));
        computing.await();
        float[][] second = new float[1][];
        Thread other = Thread.ofVirtual().start(() -> second[0] = recent.vector("deploy the app", slow));
        release.countDown();
        first.join();
        other.join();

        assertThat(runs).hasValue(1);
        assertThat(second[0]).containsExactly(1, 2);
    }

    @Test
    void keeps_only_the_latest_texts_and_never_hands_out_a_shared_array() {
        RecentVectors recent = new RecentVectors(2);
        recent.vector("a", model);
        recent.vector("b", model);
        recent.vector("c", model);
        recent.vector("a", model)[0] = 99;

        assertThat(embedded).containsExactly("a", "b", "c", "a");
        assertThat(recent.vector("a", model)[0]).isEqualTo(1f);
    }

    @Test
    void a_failed_embedding_is_not_remembered() {
        RecentVectors recent = new RecentVectors(2);
        AtomicInteger calls = new AtomicInteger();
        Function<String, float[]> failing = text -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("model failed");
            }
            return new float[] {3};
        };

        assertThatThrownBy(() -> recent.vector("x", failing)).isInstanceOf(IllegalStateException.class);
        assertThat(recent.vector("x", failing)).containsExactly(3);
    }
}
