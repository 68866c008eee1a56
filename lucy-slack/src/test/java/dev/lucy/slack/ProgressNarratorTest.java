package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressNarratorTest {

    private static final List<String> TOOLS = List.of(
            "GOOGLECALENDAR_LIST_EVENTS", "web_search", "GMAIL_FETCH_EMAILS", "COMPOSIO_SEARCH_TOOLS", "lucy_recall");

    @Test
    void early_turns_say_on_it_and_name_what_was_done() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(1));
        for (int turn = 1; turn <= 3; turn++) {
            String text = narrator.progress(turn, List.of("GOOGLECALENDAR_LIST_EVENTS", "web_search"));
            assertThat(text).containsAnyOf("On it", "Working on it");
            assertThat(text).contains("checked the calendar and searched the web");
        }
    }

    @Test
    void middle_turns_say_making_progress() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(2));
        for (int turn = 4; turn <= 6; turn++) {
            assertThat(narrator.progress(turn, List.of("GMAIL_FETCH_EMAILS")))
                    .containsIgnoringCase("making progress")
                    .contains("gone through email");
        }
    }

    @Test
    void late_turns_say_this_is_a_deep_one() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(3));
        for (int turn = 7; turn <= 40; turn += 11) {
            assertThat(narrator.progress(turn, List.of())).containsIgnoringCase("this is a deep one");
            assertThat(narrator.progress(turn, List.of("sql_query")))
                    .containsIgnoringCase("this is a deep one")
                    .contains("queried the data");
        }
    }

    @Test
    void raw_tool_names_never_appear() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(4));
        for (int turn = 1; turn <= 12; turn++) {
            String text = narrator.progress(turn, TOOLS);
            for (String tool : TOOLS) {
                assertThat(text).doesNotContain(tool);
            }
            assertThat(text).doesNotContain("_").doesNotContainPattern("[A-Z]{4,}");
        }
        assertThat(String.join(" ", narrator.loadingMessages(TOOLS))).doesNotContain("_");
    }

    @Test
    void unknown_tools_get_the_generic_phrase_and_long_lists_end_with_a_few_other_things() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(5));
        assertThat(narrator.named(List.of("XYZZY_FROBNICATE"))).isEqualTo("worked through a few steps");
        assertThat(narrator.named(List.of("calendar", "calendar", "web_search")))
                .isEqualTo("checked the calendar and searched the web");
        assertThat(narrator.named(List.of("calendar", "gmail", "notion_search", "linear_issue", "run_python")))
                .isEqualTo(
                        "checked the calendar, gone through email, read the relevant documents and a few other things");
    }

    @Test
    void the_same_seed_gives_the_same_words_and_other_seeds_vary_them() {
        List<String> first = run(ProgressNarrator.create(new Random(99)));
        List<String> again = run(ProgressNarrator.create(new Random(99)));
        assertThat(again).isEqualTo(first);
        Set<String> variants = new HashSet<>();
        for (int seed = 0; seed < 30; seed++) {
            variants.add(ProgressNarrator.create(new SplittableRandom(seed)).progress(5, List.of("web")));
        }
        assertThat(variants).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void loading_messages_are_at_most_ten_distinct_and_lead_with_the_work_at_hand() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(6));
        List<String> messages = narrator.loadingMessages(List.of("googlecalendar", "web_search"));
        assertThat(messages).hasSize(ProgressNarrator.MAX_LOADING_MESSAGES).doesNotHaveDuplicates();
        assertThat(messages.subList(0, 2)).containsExactly("Checking the calendar…", "Searching the web…");
        assertThat(messages).allSatisfy(m -> assertThat(m).hasSizeLessThan(50).endsWith("…"));
        assertThat(narrator.loadingMessages(List.of())).hasSize(10);
        assertThat(ProgressNarrator.create(new Random(7)).loadingMessages(List.of()))
                .isNotEqualTo(ProgressNarrator.create(new Random(8)).loadingMessages(List.of()));
    }

    @Test
    void status_follows_the_turn() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(9));
        assertThat(narrator.status(1)).startsWith("is ");
        assertThat(narrator.status(8)).containsAnyOf("deep");
    }

    @Test
    void custom_phrases_override_the_defaults() {
        ProgressPhrases phrases = ProgressPhrases.defaults().toBuilder()
                .firstRule(new ProgressPhrases.Activity("Checking the roadmap", "checked the roadmap"), "roadmap")
                .fallback(new ProgressPhrases.Activity("Working", "done some groundwork"))
                .build();
        ProgressNarrator narrator = ProgressNarrator.create(phrases, new Random(10));
        assertThat(narrator.named(List.of("ROADMAP_GET", "zzz")))
                .isEqualTo("checked the roadmap and done some groundwork");
        assertThatThrownBy(() -> ProgressPhrases.builder().rule(new ProgressPhrases.Activity("a", "b"), "Two Words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keywords");
    }

    @Test
    void turns_count_from_one() {
        ProgressNarrator narrator = ProgressNarrator.create(new Random(11));
        assertThatThrownBy(() -> narrator.progress(0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("turn");
    }

    @Test
    void tool_names_are_split_into_words_whatever_their_style() {
        assertThat(ProgressPhrases.words("GMAIL_FETCH_EMAILS")).containsExactly("gmail", "fetch", "emails");
        assertThat(ProgressPhrases.words("webSearch")).containsExactly("web", "search");
        assertThat(ProgressPhrases.words("calendar.list-events")).containsExactly("calendar", "list", "events");
    }

    private static List<String> run(ProgressNarrator narrator) {
        return List.of(
                narrator.progress(1, List.of("web")),
                narrator.progress(5, List.of("gmail")),
                narrator.progress(9, List.of()),
                narrator.status(2),
                String.join("|", narrator.loadingMessages(List.of("calendar"))));
    }
}
