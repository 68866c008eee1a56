package dev.lucy.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeNoticesTest {
    private final RuntimeNotices notices = RuntimeNotices.defaults();

    @Test
    void a_throttled_person_is_told_the_wait_in_plain_words() {
        assertThat(notices.throttled(Duration.ofMillis(200))).endsWith("Try again in a second.");
        assertThat(notices.throttled(Duration.ofSeconds(1))).endsWith("Try again in a second.");
        assertThat(notices.throttled(Duration.ofMillis(1_100))).endsWith("Try again in about 2 seconds.");
        assertThat(notices.throttled(Duration.ofSeconds(40))).endsWith("Try again in about 40 seconds.");
    }
}
