package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class Bm25ToolIndexTest {
    private final ToolRegistry registry = new ToolRegistry();

    @AutoClose
    private final Bm25ToolIndex index = Bm25ToolIndex.following(
            registry,
            RetrievalConfig.defaults().toBuilder()
                    .learningRefresh(Duration.ZERO)
                    .build());

    @Test
    void finds_tools_through_stemmed_words_and_split_names() {
        registry.register(tool("create_task", "lucy", "Add a to-do item to a project"))
                .register(tool("get_ideas", "lucy", "List the ideas saved for later"))
                .register(tool("PDFSummarizer", "lucy", "Reads documents"));

        assertThat(names(index.search("creating tasks for the launch", RetrievalFilter.all(), 1)))
                .containsExactly("create_task");
        assertThat(names(index.search("which idea did we save?", RetrievalFilter.all(), 1)))
                .containsExactly("get_ideas");
        assertThat(names(index.search("summarize this pdf", RetrievalFilter.all(), 1)))
                .containsExactly("PDFSummarizer");
    }

    @Test
    void filters_by_connected_provider_inside_the_search_and_still_fills_k() {
        for (int i = 0; i < 50; i++) {
            registry.register(tool("jira_issue_" + i, "jira", "Find an issue in the tracker number " + i));
        }
        registry.register(tool("linear_issue", "linear", "Find an issue in the tracker"));

        List<ScoredTool> hits = index.search("find issue in tracker", RetrievalFilter.providers(Set.of("linear")), 5);

        assertThat(names(hits)).containsExactly("linear_issue");
    }

    @Test
    void served_requests_become_evidence_for_their_tool() {
        registry.register(tool("get_weather", "lucy", "Weather forecast for a city"))
                .register(tool("get_calendar", "lucy", "Events in the team calendar"));
        assertThat(index.search("do I need an umbrella", RetrievalFilter.all(), 2))
                .isEmpty();

        index.learn("get_weather", "should I bring an umbrella today");

        assertThat(names(index.search("do I need an umbrella", RetrievalFilter.all(), 2)))
                .containsExactly("get_weather");
    }

    @Test
    void a_busy_index_reads_what_it_learned_when_it_next_reopens_not_at_every_search() {
        ToolRegistry tools = new ToolRegistry();
        Bm25ToolIndex busy = Bm25ToolIndex.following(
                tools,
                RetrievalConfig.defaults().toBuilder()
                        .learningRefresh(Duration.ofDays(1))
                        .build());
        tools.register(tool("get_weather", "lucy", "Weather forecast for a city"));
        assertThat(busy.search("do I need an umbrella", RetrievalFilter.all(), 2))
                .isEmpty();

        busy.learn("get_weather", "should I bring an umbrella today");
        assertThat(busy.search("do I need an umbrella", RetrievalFilter.all(), 2))
                .as("learned less than learningRefresh after the index last reopened")
                .isEmpty();

        tools.register(tool("get_calendar", "lucy", "Events in the team calendar"));
        assertThat(names(busy.search("do I need an umbrella", RetrievalFilter.all(), 2)))
                .as("a catalogue change reopens the index at once, with what was learned meanwhile")
                .containsExactly("get_weather");
        busy.close();
    }

    @Test
    void keeps_at_most_the_configured_number_of_served_requests_per_tool() {
        Bm25ToolIndex small = weatherServed(2, "umbrella", "sunscreen", "snow tyres");

        assertThat(small.examples("get_weather")).isEqualTo(2);
        assertThat(small.search("umbrella", RetrievalFilter.all(), 1)).isEmpty();
        assertThat(names(small.search("sunscreen", RetrievalFilter.all(), 1))).containsExactly("get_weather");
        small.close();
    }

    @Test
    void a_request_served_again_is_kept_once_and_counts_as_the_newest() {
        assertLessons(3, List.of("umbrella", "sunscreen", "umbrella", "umbrella"), 2, "umbrella", "sunscreen");
    }

    @Test
    void requests_that_differ_only_in_numbers_or_word_order_are_one_lesson() {
        assertLessons(
                4,
                List.of("rain on day 3?", "snow tyres", "rain on day 17?", "Day 42: rain?", "2026"),
                3,
                "rain day",
                "snow tyres");
    }

    /**
     * A weather tool keeping {@code kept} served requests serves {@code requests} in order and keeps {@code lessons}
     * of them; after two more, the one served again last ({@code survivor}) still finds it and the oldest
     * ({@code evicted}) no longer does.
     */
    private static void assertLessons(int kept, List<String> requests, int lessons, String survivor, String evicted) {
        Bm25ToolIndex small = weatherServed(kept, requests.toArray(String[]::new));

        assertThat(small.examples("get_weather"))
                .as("lessons kept of " + requests)
                .isEqualTo(lessons);
        small.learn("get_weather", "hail");
        small.learn("get_weather", "sleet");
        assertThat(names(small.search(survivor, RetrievalFilter.all(), 1)))
                .as("served again after " + evicted + ", so it outlives it")
                .containsExactly("get_weather");
        assertThat(small.search(evicted, RetrievalFilter.all(), 1)).isEmpty();
        small.close();
    }

    /** An index keeping {@code kept} served requests per tool, whose weather tool served {@code requests} in order. */
    private static Bm25ToolIndex weatherServed(int kept, String... requests) {
        Bm25ToolIndex index = Bm25ToolIndex.create(
                RetrievalConfig.defaults().toBuilder().maxExamplesPerTool(kept).build(), new UsageStatistics());
        index.added(tool("get_weather", "lucy", "Weather forecast"));
        for (String request : requests) {
            index.learn("get_weather", request);
        }
        return index;
    }

    @Test
    void a_removed_tool_is_no_longer_found() {
        registry.register(tool("get_weather", "lucy", "Weather forecast"));
        registry.unregister("get_weather");

        assertThat(index.search("weather", RetrievalFilter.all(), 3)).isEmpty();
    }

    private static List<String> names(List<ScoredTool> hits) {
        return hits.stream().map(ScoredTool::name).toList();
    }

    static Tool tool(String name, String provider, String description) {
        return Tool.builder(name)
                .description(description)
                .provider(provider)
                .handler((caller, args) -> ToolResult.success("ok"))
                .build();
    }
}
