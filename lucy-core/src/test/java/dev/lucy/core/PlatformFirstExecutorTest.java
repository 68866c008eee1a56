package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlatformFirstExecutorTest {
    private final PlatformFirstExecutor executor = new PlatformFirstExecutor("test-quick-", 1);

    @Test
    void a_task_runs_on_a_platform_thread_and_one_more_than_fit_on_a_virtual_thread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Thread> first = new CompletableFuture<>();
        CompletableFuture<Thread> second = new CompletableFuture<>();
        executor.execute(() -> {
            first.complete(Thread.currentThread());
            awaitQuietly(release);
        });
        executor.execute(() -> second.complete(Thread.currentThread()));

        // The second ran while the first still held the only platform thread.
        assertThat(second.get(30, TimeUnit.SECONDS).isVirtual()).isTrue();
        assertThat(second.get().getName()).isEqualTo("test-quick-v-0");
        assertThat(first.get(30, TimeUnit.SECONDS).isVirtual()).isFalse();
        assertThat(first.get().getName()).isEqualTo("test-quick-0");
        release.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void after_shutdown_new_tasks_are_refused_and_those_in_hand_finish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        executor.execute(() -> {
            awaitQuietly(release);
            finished.countDown();
        });
        executor.shutdown();

        assertThatThrownBy(() -> executor.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
        assertThat(executor.awaitTermination(Duration.ZERO)).isFalse();
        release.countDown();
        assertThat(executor.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(finished.getCount()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
