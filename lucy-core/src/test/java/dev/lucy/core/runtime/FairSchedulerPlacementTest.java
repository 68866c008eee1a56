package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What a queued job's placement says: whether it waits behind its own conversation, or only for capacity. */
class FairSchedulerPlacementTest {

    @Test
    void a_job_queued_behind_its_own_conversation_says_so_and_one_queued_for_capacity_does_not() throws Exception {
        FairScheduler scheduler = new FairScheduler(
                RuntimeConfig.builder().maxConcurrentRuns(1).build(), Clock.systemUTC(), RuntimeObserver.none());
        CountDownLatch release = new CountDownLatch(1);
        try {
            FairScheduler.Placement running = scheduler.submit(job("conversation:C1", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            FairScheduler.Placement sameConversation = scheduler.submit(job("conversation:C1", () -> {}));
            FairScheduler.Placement otherConversation = scheduler.submit(job("conversation:C2", () -> {}));

            assertThat(running).isEqualTo(new FairScheduler.Placement(FairScheduler.Outcome.STARTED, 0, false));
            assertThat(sameConversation.outcome()).isEqualTo(FairScheduler.Outcome.QUEUED);
            assertThat(sameConversation.behindItsLane()).isTrue();
            assertThat(otherConversation.outcome()).isEqualTo(FairScheduler.Outcome.QUEUED);
            assertThat(otherConversation.behindItsLane()).isFalse();
        } finally {
            release.countDown();
            scheduler.shutdown(Duration.ofSeconds(5), Duration.ofSeconds(1));
        }
    }

    private static FairScheduler.Job job(String lane, Runnable body) {
        return new FairScheduler.Job(
                lane,
                "T1",
                Priority.INTERACTIVE,
                body,
                () -> {},
                () -> {},
                Clock.systemUTC().instant());
    }
}
