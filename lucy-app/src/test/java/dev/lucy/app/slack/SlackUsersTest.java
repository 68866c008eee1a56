package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackUsersTest {
    private final SlackFixture fx = new SlackFixture(b -> b.user("carol", "Carol Danvers"));

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    private SlackUsers users() {
        return new SlackUsers(
                fx.methods,
                100,
                Duration.ofHours(1),
                new SlackCalls(2, Duration.ofSeconds(5), Duration.ofMillis(1), fx.clock),
                () -> fx.clock.instant().toEpochMilli() * 1_000_000L);
    }

    @Test
    void looks_a_name_up_once_and_answers_from_the_cache_after() {
        SlackUsers users = users();
        String carol = fx.slack.user("carol").id();

        assertThat(users.displayName(carol)).isEqualTo("carol");
        assertThat(users.displayName(carol)).isEqualTo("carol");

        assertThat(fx.slack.calls("users.info")).hasSize(1);
    }

    @Test
    void looks_the_name_up_again_once_it_has_expired() {
        SlackUsers users = users();
        String carol = fx.slack.user("carol").id();
        users.displayName(carol);

        fx.clock.advance(Duration.ofHours(2));
        users.displayName(carol);

        assertThat(fx.slack.calls("users.info")).hasSize(2);
    }

    @Test
    void an_unknown_user_reads_as_their_id() {
        SlackUsers users = users();

        assertThat(users.displayName("U0NOBODY")).isEqualTo("U0NOBODY");
        assertThat(users.displayName("U0NOBODY")).isEqualTo("U0NOBODY");
        assertThat(fx.slack.calls("users.info")).hasSize(1);
    }
}
