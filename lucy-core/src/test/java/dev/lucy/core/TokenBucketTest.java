package dev.lucy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;

    @Test
    void a_burst_of_the_capacity_passes_then_the_next_token_comes_after_one_refill_step() {
        TokenBucket bucket = TokenBucket.of(3, 1, Duration.ofSeconds(1), clock);

        assertThat(bucket.tryTake(1)).isEmpty();
        assertThat(bucket.tryTake(1)).isEmpty();
        assertThat(bucket.tryTake(1)).isEmpty();
        assertThat(bucket.tryTake(1)).contains(Duration.ofSeconds(1));

        now = now.plusMillis(400);
        assertThat(bucket.tryTake(1)).contains(Duration.ofMillis(600));
        now = now.plusMillis(600);
        assertThat(bucket.tryTake(1)).isEmpty();
    }

    @Test
    void a_token_given_back_can_be_taken_again_at_once() {
        TokenBucket bucket = TokenBucket.of(1, 1, Duration.ofMinutes(1), clock);
        assertThat(bucket.tryTake(1)).isEmpty();

        bucket.giveBack(1);

        assertThat(bucket.tryTake(1)).isEmpty();
    }

    @Test
    void a_reservation_overdraws_the_bucket_and_says_how_long_to_wait_unless_that_is_too_long() {
        TokenBucket bucket = TokenBucket.of(2, 2, Duration.ofSeconds(2), clock);
        assertThat(bucket.reserve(2, Duration.ZERO)).contains(Duration.ZERO);

        assertThat(bucket.reserve(1, Duration.ZERO)).isEmpty();
        assertThat(bucket.reserve(1, Duration.ofMillis(999))).isEmpty();
        assertThat(bucket.reserve(1, Duration.ofSeconds(5))).contains(Duration.ofSeconds(1));
        assertThat(bucket.reserve(1, Duration.ofSeconds(5))).contains(Duration.ofSeconds(2));
    }

    @Test
    void a_spend_taken_anyway_delays_the_next_token() {
        TokenBucket bucket = TokenBucket.of(1, 1, Duration.ofSeconds(1), clock);

        bucket.takeAnyway(3);

        assertThat(bucket.tryTake(1)).contains(Duration.ofSeconds(3));
    }
}
