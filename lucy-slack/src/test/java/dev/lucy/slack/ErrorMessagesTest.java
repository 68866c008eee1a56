package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

    private static final List<String> HOSTILE_NAMES = List.of(
            "GOOGLECALENDAR_LIST_EVENTS",
            "java.net.ConnectException: Connection refused",
            "NullPointerException",
            "com.example.lucy.tools.Calendar",
            "<!channel>",
            "/home/lucy/workspaces/T1",
            "at dev.lucy.core.Agent.run(Agent.java:42)",
            "lucy_web_search",
            "googleCalendarListEvents",
            "sk-proj-AbC123dEf456GhI789jKl012MnO345");

    private static List<Failure> everyKind(String name) {
        return List.of(
                new Failure.ModelTimeout(),
                new Failure.RateLimited(Optional.of(Duration.ofSeconds(30))),
                new Failure.RateLimited(Optional.empty()),
                new Failure.ServiceUnreachable(Optional.of(name)),
                new Failure.ServiceUnreachable(Optional.empty()),
                new Failure.ConnectionMissing(name, Optional.of(URI.create("https://lucy.example.com/connect/github"))),
                new Failure.ConnectionMissing(name, Optional.empty()),
                new Failure.ContextTooLarge(),
                new Failure.ToolFailed(Optional.of(name)),
                new Failure.ToolFailed(Optional.empty()),
                new Failure.Busy(OptionalInt.of(3), Optional.empty()),
                new Failure.Busy(OptionalInt.empty(), Optional.of(Duration.ofMinutes(2))),
                new Failure.Busy(OptionalInt.empty(), Optional.empty()),
                new Failure.Unknown());
    }

    @Test
    void no_message_leaks_internal_names_exceptions_or_secrets() {
        for (int seed = 0; seed < 8; seed++) {
            ErrorMessages messages = ErrorMessages.create(new SplittableRandom(seed));
            for (String hostile : HOSTILE_NAMES) {
                for (Failure failure : everyKind(hostile)) {
                    String text = messages.message(failure);
                    assertThat(text)
                            .as("%s", failure)
                            .doesNotContain(hostile)
                            .doesNotContainIgnoringCase("exception")
                            .doesNotContain("java.")
                            .doesNotContain("_")
                            .doesNotContain("<!")
                            .doesNotContain("/home")
                            .doesNotContain("sk-")
                            .doesNotContain("null")
                            .doesNotContain("Optional")
                            .doesNotContainPattern("\\bat [a-z]+\\.[a-z]")
                            .hasSizeLessThan(220);
                }
            }
        }
    }

    @Test
    void every_failure_message_in_every_wording_is_recognised_as_one_and_an_answer_is_not() {
        for (int seed = 0; seed < 8; seed++) {
            ErrorMessages messages = ErrorMessages.create(new SplittableRandom(seed));
            for (Failure failure : everyKind("GitHub")) {
                if (failure instanceof Failure.Busy) {
                    continue; // not a failed request: it was never taken on
                }
                assertThat(ErrorMessages.saysFailure(messages.message(failure)))
                        .as("%s", failure)
                        .isTrue();
            }
        }
        assertThat(ErrorMessages.saysFailure("Order 318 ships on Monday and arrives on Wednesday."))
                .isFalse();
        assertThat(ErrorMessages.saysFailure("Something went wrong with the deploy yesterday; here is the log."))
                .isFalse();
    }

    @Test
    void every_failure_kind_has_its_own_wording_and_emoji() {
        ErrorMessages messages = ErrorMessages.create(new Random(1));
        List<Failure> kinds = List.of(
                new Failure.ModelTimeout(),
                new Failure.RateLimited(Optional.empty()),
                new Failure.ServiceUnreachable(Optional.of("GitHub")),
                new Failure.ConnectionMissing("GitHub", Optional.empty()),
                new Failure.ContextTooLarge(),
                new Failure.ToolFailed(Optional.empty()),
                new Failure.Busy(OptionalInt.of(2), Optional.empty()),
                new Failure.Unknown());
        Set<String> texts = new HashSet<>();
        Set<String> emoji = new HashSet<>();
        for (Failure failure : kinds) {
            texts.add(messages.message(failure));
            emoji.add(ErrorMessages.emoji(failure));
        }
        assertThat(texts).hasSize(kinds.size());
        assertThat(emoji).hasSize(kinds.size()).allSatisfy(e -> assertThat(e).matches("[a-z_]+"));
    }

    @Test
    void rate_limits_say_when_to_retry() {
        ErrorMessages messages = ErrorMessages.create(new Random(2));
        assertThat(messages.message(new Failure.RateLimited(Optional.of(Duration.ofSeconds(27)))))
                .contains("in about 30 seconds");
        assertThat(messages.message(new Failure.RateLimited(Optional.of(Duration.ofSeconds(150)))))
                .contains("in about 3 minutes");
        assertThat(messages.message(new Failure.RateLimited(Optional.empty()))).contains("in a minute or two");
        assertThat(ErrorMessages.when(Optional.of(Duration.ofSeconds(3)))).isEqualTo("in a few seconds");
        assertThat(ErrorMessages.when(Optional.of(Duration.ofSeconds(70)))).isEqualTo("in about a minute");
        assertThat(ErrorMessages.when(Optional.of(Duration.ofMinutes(61)))).isEqualTo("in about 2 hours");
        assertThat(ErrorMessages.when(Optional.of(Duration.ofMinutes(45)))).isEqualTo("in about 45 minutes");
    }

    @Test
    void a_missing_connection_links_to_where_to_connect() {
        ErrorMessages messages = ErrorMessages.create(new Random(3));
        String text = messages.message(new Failure.ConnectionMissing(
                "Google Calendar", Optional.of(URI.create("https://lucy.example.com/connect?to=gcal&a=b"))));
        assertThat(text).contains("<https://lucy.example.com/connect?to=gcal&a=b|Connect");
        assertThat(messages.message(new Failure.ConnectionMissing(
                        "Google Calendar", Optional.of(URI.create("javascript:alert(1)")))))
                .doesNotContain("javascript")
                .contains("Google Calendar")
                .contains("admin");
        assertThat(messages.message(
                        new Failure.ConnectionMissing("R&D Wiki", Optional.of(URI.create("https://x.example/c")))))
                .contains("R&amp;D Wiki")
                .contains("<https://x.example/c|");
    }

    @Test
    void busy_tells_the_queue_position_or_when_to_retry() {
        ErrorMessages messages = ErrorMessages.create(new Random(4));
        assertThat(messages.message(new Failure.Busy(OptionalInt.of(4), Optional.empty())))
                .contains("number 4 in line");
        assertThat(messages.message(new Failure.Busy(OptionalInt.empty(), Optional.of(Duration.ofSeconds(45)))))
                .contains("in about 45 seconds");
    }

    @Test
    void names_users_know_are_kept_and_sentences_start_with_a_capital() {
        for (int seed = 0; seed < 6; seed++) {
            ErrorMessages messages = ErrorMessages.create(new SplittableRandom(seed));
            assertThat(messages.message(new Failure.ServiceUnreachable(Optional.of("GitHub"))))
                    .contains("GitHub");
            assertThat(messages.message(new Failure.ServiceUnreachable(Optional.empty())))
                    .matches("^[A-Z].*");
            assertThat(messages.message(new Failure.ToolFailed(Optional.of("the calendar lookup"))))
                    .contains("the calendar lookup");
        }
    }

    @Test
    void wording_varies_across_seeds_and_repeats_for_one_seed() {
        Set<String> variants = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            variants.add(ErrorMessages.create(new SplittableRandom(seed)).message(new Failure.Unknown()));
        }
        assertThat(variants).hasSizeGreaterThan(1);
        assertThat(ErrorMessages.create(new Random(5)).message(new Failure.ModelTimeout()))
                .isEqualTo(ErrorMessages.create(new Random(5)).message(new Failure.ModelTimeout()));
    }
}
