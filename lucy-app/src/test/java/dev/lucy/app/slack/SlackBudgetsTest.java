package dev.lucy.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.app.slack.SlackBudgets.Priority;
import dev.lucy.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackBudgetsTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final List<String> told = new ArrayList<>();
    private final SlackBudgets budgets = new SlackBudgets(Map.of("chat.update", 10), clock, new SlackCallObserver() {
        @Override
        public void webApiCall(String method, Result outcome, Duration took) {}

        @Override
        public void leftOut(String method, String priority) {
            told.add(method + " " + priority);
        }
    });

    @Test
    void answers_always_go_and_the_lesser_calls_give_way_as_permits_run_short() {
        int progress = 0;
        for (int i = 0; i < 10; i++) {
            progress += budgets.admit("", "chat.update", Priority.PROGRESS) ? 1 : 0;
        }
        assertThat(progress)
                .as("progress keeps 40% of the bucket for signs and answers")
                .isEqualTo(6);
        assertThat(budgets.admit("", "chat.update", Priority.COSMETIC)).isFalse();
        assertThat(budgets.admit("", "chat.update", Priority.SIGN)).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(budgets.admit("", "chat.update", Priority.ANSWER)).isTrue();
        }
        assertThat(budgets.admit("", "chat.update", Priority.SIGN))
                .as("answers went into debt")
                .isFalse();

        clock.advance(Duration.ofMinutes(4)); // the answers went, and a minute has passed since
        assertThat(budgets.admit("", "chat.update", Priority.COSMETIC)).isTrue();
        assertThat(budgets.leftOut())
                .containsEntry("chat.update progress", 4L)
                .containsEntry("chat.update cosmetic", 1L)
                .containsEntry("chat.update sign", 1L);
        assertThat(told).hasSize(6);
    }

    @Test
    void each_workspace_has_its_own_permits_and_its_own_429s() {
        budgets.limited("T0FIRST", "chat.update", Duration.ofSeconds(30));
        for (int i = 0; i < 10; i++) {
            budgets.admitAnswer("T0SECOND", "chat.update");
        }

        assertThat(budgets.admit("T0FIRST", "chat.update", Priority.SIGN)).isFalse();
        assertThat(budgets.admitAnswer("T0FIRST", "chat.update")).isPositive();
        assertThat(budgets.admitAnswer("T0SECOND", "chat.update"))
                .as("the second workspace spent its own minute's worth")
                .isPositive();
        assertThat(budgets.admit("T0THIRD", "chat.update", Priority.COSMETIC)).isTrue();
        assertThat(budgets.admitAnswer("T0THIRD", "chat.update")).isZero();
    }

    @Test
    void a_429_leaves_the_lesser_calls_out_until_retry_after_has_passed() {
        budgets.limited("", "chat.update", Duration.ofSeconds(30));
        assertThat(budgets.admit("", "chat.update", Priority.SIGN)).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(budgets.wouldAdmit("", "chat.update", Priority.SIGN)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budgets.admit("", "chat.update", Priority.SIGN)).isTrue();
    }

    @Test
    void answers_past_the_minutes_worth_wait_for_the_next_minute() {
        for (int i = 0; i < 10; i++) {
            assertThat(budgets.admitAnswer("", "chat.update")).isZero();
        }
        assertThat(budgets.admitAnswer("", "chat.update")).isEqualTo(Duration.ofSeconds(61));
        assertThat(budgets.admitAnswer("", "chat.update")).isEqualTo(Duration.ofSeconds(61));
        assertThat(budgets.admit("", "chat.update", Priority.SIGN))
                .as("lesser calls wait behind the answers")
                .isFalse();
        clock.advance(Duration.ofSeconds(12));
        assertThat(budgets.admitAnswer("", "chat.update")).isEqualTo(Duration.ofSeconds(49));
        assertThat(budgets.admitAnswer("", "chat.postMessage"))
                .as("not limited here")
                .isZero();
    }

    @Test
    void a_queue_of_answers_longer_than_a_minute_goes_a_minutes_worth_a_minute() {
        Map<Duration, Integer> turns = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            turns.merge(budgets.admitAnswer("", "chat.update"), 1, Integer::sum);
        }
        assertThat(turns)
                .containsExactly(
                        Map.entry(Duration.ZERO, 10),
                        Map.entry(Duration.ofSeconds(61), 10),
                        Map.entry(Duration.ofSeconds(122), 10),
                        Map.entry(Duration.ofSeconds(183), 10));
    }

    @Test
    void an_answer_held_past_its_turn_goes_only_when_a_minute_has_passed_since_the_calls_that_went() {
        for (int i = 0; i < 10; i++) {
            assertThat(budgets.admitAnswer("", "chat.update")).isZero();
        }
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) { // on their way late: held by a slow machine
            assertThat(budgets.go("", "chat.update")).isZero();
        }
        assertThat(budgets.admitAnswer("", "chat.update"))
                .as("booked a minute after the turns")
                .isEqualTo(Duration.ofSeconds(56));
        clock.advance(Duration.ofSeconds(56));
        assertThat(budgets.go("", "chat.update"))
                .as("but a minute after the calls that went")
                .isEqualTo(Duration.ofSeconds(5));

        budgets.limited("", "chat.update", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(5));
        assertThat(budgets.go("", "chat.update"))
                .as("and after Slack's Retry-After")
                .isEqualTo(Duration.ofSeconds(25));
        assertThat(budgets.go("", "chat.postMessage")).as("not limited here").isZero();
    }

    @Test
    void methods_without_a_limit_are_never_left_out() {
        for (int i = 0; i < 1000; i++) {
            assertThat(budgets.admit("", "chat.postMessage", Priority.COSMETIC)).isTrue();
        }
        assertThat(budgets.leftOut()).isEmpty();
    }
}
