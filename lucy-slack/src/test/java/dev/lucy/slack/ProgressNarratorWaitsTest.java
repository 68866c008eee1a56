package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.slack.ProgressNarrator.ModelWait;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a person reads while Lucy waits for the model. */
class ProgressNarratorWaitsTest {
    private static final ZonedDateTime AT = ZonedDateTime.of(2026, 3, 2, 14, 2, 5, 0, ZoneOffset.UTC);

    private final ProgressNarrator narrator = ProgressNarrator.create(new SplittableRandom(7));

    @Test
    void a_retry_after_is_told_with_its_length_and_the_time_lucy_goes_on() {
        assertThat(narrator.waiting(ModelWait.ASKED, Duration.ofSeconds(30), AT))
                .isEqualTo("The AI model asked me to wait 30 s; I'll try again at 14:02:05 UTC.");
    }

    @Test
    void a_backoff_and_a_queue_are_told_in_plain_words() {
        assertThat(narrator.waiting(ModelWait.RETRYING, Duration.ofMillis(7_200), AT))
                .isEqualTo("The AI model didn't answer just now; I'll try again in 8 s, at 14:02:05 UTC.");
        assertThat(narrator.waiting(ModelWait.QUEUED, Duration.ofSeconds(150), AT))
                .isEqualTo("The AI model is busy with other requests; yours goes out in 3 min, at 14:02:05 UTC.");
    }

    @Test
    void the_time_names_its_zone() {
        ZonedDateTime paris = AT.withZoneSameInstant(ZoneId.of("Europe/Paris"));

        assertThat(narrator.waiting(ModelWait.ASKED, Duration.ofSeconds(30), paris))
                .contains("at 15:02:05 CET.");
        assertThat(narrator.waiting(ModelWait.ASKED, Duration.ofSeconds(30), AT.withZoneSameInstant(ZoneId.of("UTC"))))
                .contains("at 14:02:05 UTC.");
    }

    @Test
    void the_status_says_lucy_is_waiting_for_the_model() {
        assertThat(narrator.waitingStatus()).isEqualTo("is waiting for the AI model…");
    }
}
