package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.testkit.slack.RateLimits;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackUsersTest {
    private final SlackFixture fx = new SlackFixture(b -> b.user("carol", "Carol Danvers")
            .admin("ann")
            .otherTeam("T0ELSEWHERE", "Elsewhere", "elsewhere")
            .externalUser("eve", "T0ELSEWHERE"));

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
    void slacks_429_for_one_workspaces_lookups_does_not_hold_another_workspaces() {
        String carol = fx.slack.user("carol").id();
        String ann = fx.slack.user("ann").id();
        String eve = fx.slack.user("eve").id();
        SlackUsers users = new SlackUsers(
                fx.methods,
                100,
                Duration.ofHours(1),
                new SlackCalls(2, Duration.ofSeconds(5), Duration.ofMillis(1), fx.clock)
                        .inWorkspaces(id -> id.equals(eve) ? "T0ELSEWHERE" : fx.slack.teamId()),
                () -> fx.clock.instant().toEpochMilli() * 1_000_000L);
        fx.slack.rateLimits(RateLimits.off().with("users.info", 1, Duration.ofMinutes(1)));

        assertThat(users.displayName(carol)).isEqualTo("carol");
        assertThat(users.displayName(ann))
                .as("a 429 for a minute: the id stands in")
                .isEqualTo(ann);
        users.displayName(eve);

        assertThat(fx.slack.calls("users.info"))
                .as("the person of another workspace is looked up at once, not held by the first one's 429")
                .hasSize(3);
        assertThat(fx.clock.slept()).isZero();
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

    @Test
    void only_an_admin_of_the_workspace_itself_is_an_admin_there() {
        SlackUsers users = users();
        String team = fx.slack.teamId();

        assertThat(users.isAdmin(team, fx.slack.user("ann").id())).isTrue();
        assertThat(users.isAdmin(team, fx.slack.user("carol").id())).isFalse();
        assertThat(users.isAdmin("T0ELSEWHERE", fx.slack.user("ann").id()))
                .as("an admin here is no admin of another workspace")
                .isFalse();
        assertThat(users.isAdmin(team, fx.slack.user("eve").id())).isFalse();
        assertThat(users.isAdmin(team, "U0NOBODY")).isFalse();
    }

    @Test
    void asks_slack_each_time_so_a_revoked_admin_loses_the_right_at_once() {
        SlackUsers users = users();
        String ann = fx.slack.user("ann").id();

        users.isAdmin(fx.slack.teamId(), ann);
        users.isAdmin(fx.slack.teamId(), ann);

        assertThat(fx.slack.calls("users.info")).hasSize(2);
    }
}
