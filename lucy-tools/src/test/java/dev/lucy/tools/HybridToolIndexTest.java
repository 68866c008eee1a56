package dev.lucy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lucy.core.spi.Embeddings;
import dev.lucy.core.spi.ToolResult;
import dev.lucy.testkit.fake.ConceptEmbeddings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HybridToolIndexTest {
    private final ConceptEmbeddings embeddings = ConceptEmbeddings.builder()
            .concept("weather", "forecast", "rain", "sunny", "temperature")
            .concept("email", "mail", "inbox")
            .concept("calendar", "meeting", "schedule")
            .build();
    private final ToolRegistry registry = new ToolRegistry();
    private final HybridToolIndex index =
            HybridToolIndex.following(registry, RetrievalConfig.defaults(), embeddings, HybridConfig.defaults());

    @AfterEach
    void close() {
        index.close();
    }

    private static Tool tool(String name, String provider, String description) {
        return Tool.builder(name)
                .description(description)
                .provider(provider)
                .handler((caller, args) -> ToolResult.success("{}"))
                .build();
    }

    private List<String> names(String request, RetrievalFilter filter, int k) {
        return index.search(request, filter, k).stream().map(ScoredTool::name).toList();
    }

    @Test
    void with_no_served_requests_a_request_sharing_no_word_finds_the_tool_by_meaning() {
        registry.register(tool("get_forecast", "weather", "Current conditions and the forecast for a city"));
        registry.register(tool("send_mail", "google", "Sends an email from the user's inbox"));

        assertThat(names("will it rain in Lisbon tomorrow?", RetrievalFilter.all(), 1))
                .containsExactly("get_forecast");
        // BM25 alone shares no word with the request
        try (Bm25ToolIndex keywords = Bm25ToolIndex.create(RetrievalConfig.defaults(), registry.usage())) {
            registry.tools().forEach(keywords::added);
            assertThat(keywords.search("will it rain in Lisbon tomorrow?", RetrievalFilter.all(), 1))
                    .isEmpty();
        }
    }

    @Test
    void a_request_about_one_thing_a_tool_does_finds_it_by_the_sentence_that_says_so() {
        // nearest view alone: the whole description names three things, so its vector is only partly about the weather
        HybridConfig nearestView =
                HybridConfig.defaults().toBuilder().viewMeanWeight(0).build();
        List<Tool> tools = List.of(
                tool("assistant", "office", "Sends an email and books a meeting. Shows the forecast."),
                tool("planner", "office", "Plans a meeting around the forecast"));

        assertThat(first(nearestView, embeddings, tools, List.of(), "will it rain tomorrow?"))
                .isEqualTo("assistant");
    }

    @Test
    void a_tool_about_the_request_throughout_passes_one_whose_single_sentence_echoes_it() {
        // vectors only, names aside: the assistant's last sentence is all weather (1.0), its other views are half or
        // none of it (mean 0.53); every view of the outlook is half weather (0.71)
        HybridConfig vectorsOnly = HybridConfig.defaults().toBuilder()
                .keywordWeight(0)
                .nameView(false)
                .build();
        List<Tool> tools = List.of(
                tool("assistant", "office", "Sends an email and books a meeting. Shows the forecast."),
                tool("outlook", "office", "Rain and sun for the week, with a meeting planner"));
        String request = "will it rain tomorrow?";

        assertThat(first(vectorsOnly, embeddings, tools, List.of(), request)).isEqualTo("outlook");
        assertThat(first(vectorsOnly.toBuilder().viewMeanWeight(0).build(), embeddings, tools, List.of(), request))
                .isEqualTo("assistant");
    }

    @Test
    void a_description_splits_into_its_sentences() {
        assertThat(HybridToolIndex.sentences("Books flights. Converts currencies!  Is it open? v1.2 ok"))
                .containsExactly("Books flights.", "Converts currencies!", "Is it open?", "v1.2 ok");
        assertThat(HybridToolIndex.sentences("One sentence without an end"))
                .containsExactly("One sentence without an end");
        assertThat(HybridToolIndex.sentences("")).isEmpty();
    }

    @Test
    void each_view_of_a_tool_is_phrased_as_a_request_and_its_name_has_one_of_its_own() {
        Tool tool = tool("book_flight", "travel", "Books flights. Converts currencies.");

        assertThat(HybridToolIndex.texts(tool, HybridConfig.defaults()))
                .containsExactly(
                        "Can you help me? book flight. Books flights. Converts currencies.",
                        "Can you help me? Books flights.",
                        "Can you help me? Converts currencies.",
                        "Can you help me? book flight");
        assertThat(HybridToolIndex.texts(
                        tool,
                        HybridConfig.defaults().toBuilder()
                                .viewPrefix("")
                                .nameView(false)
                                .build()))
                .containsExactly(
                        "book flight. Books flights. Converts currencies.", "Books flights.", "Converts currencies.");
    }

    /**
     * The tool an index with {@code config} over {@code vectors} ranks first for {@code request}, once {@code tools} are
     * registered and it has learnt each served request ({@code served}: a tool's name, then a request it served).
     */
    private static String first(
            HybridConfig config, Embeddings vectors, List<Tool> tools, List<String> served, String request) {
        ToolRegistry registry = new ToolRegistry();
        try (HybridToolIndex index = HybridToolIndex.following(registry, RetrievalConfig.defaults(), vectors, config)) {
            tools.forEach(registry::register);
            for (int i = 0; i + 1 < served.size(); i += 2) {
                index.learn(served.get(i), served.get(i + 1));
            }
            return index.search(request, RetrievalFilter.all(), 2).getFirst().name();
        }
    }

    @Test
    void a_tool_whose_description_is_about_other_things_is_found_by_its_name() {
        // vectors alone: the words would find send_mail by its name in any case; the name counts in the mean view
        HybridConfig vectorsOnly =
                HybridConfig.defaults().toBuilder().keywordWeight(0).build();
        List<Tool> tools = List.of(
                // its whole text names mail, a meeting and the forecast; its sentence, only the last two
                tool("send_mail", "google", "Writes to the attendees of a meeting about the forecast"),
                tool("planner", "google", "Plans a meeting from the inbox"));
        String request = "a mail to Ana";

        assertThat(first(vectorsOnly, embeddings, tools, List.of(), request)).isEqualTo("send_mail");
        assertThat(first(vectorsOnly.toBuilder().nameView(false).build(), embeddings, tools, List.of(), request))
                .isEqualTo("planner");
    }

    @Test
    void what_a_tool_served_leads_a_view_of_another_tool_that_is_a_little_nearer() {
        ConceptEmbeddings concepts = ConceptEmbeddings.builder()
                .concept("forecast")
                .concept("mail", "inbox")
                .concept("meeting")
                .concept("route")
                .build();
        // vectors only, each tool at its nearest view (its mean view would lower the planner further)
        HybridConfig vectorsOnly = HybridConfig.defaults().toBuilder()
                .keywordWeight(0)
                .viewMeanWeight(0)
                .build();
        List<Tool> tools = List.of(
                tool("lookup", "crm", "Looks up a record"),
                // three of the request's concepts and one more: similarity 0.87
                tool("planner", "office", "Plans a meeting around the forecast, the inbox and the route"));
        // two of the request's three: similarity 0.82
        List<String> served = List.of("lookup", "the forecast for a meeting");
        String request = "the forecast, a mail and a meeting";

        assertThat(first(vectorsOnly, concepts, tools, served, request)).isEqualTo("lookup");
        assertThat(first(vectorsOnly.toBuilder().servedBonus(0).build(), concepts, tools, served, request))
                .isEqualTo("planner");
    }

    @Test
    void conversational_filler_in_a_request_does_not_choose_tools_by_their_words() {
        // words only: the filler would otherwise match a description written in the same register
        HybridConfig wordsOnly =
                HybridConfig.defaults().toBuilder().vectorWeight(0).build();
        List<Tool> tools = List.of(
                tool("translate_text", "lang", "Translates text between languages"),
                tool("ask_anything", "chat", "Anything you could want: please just ask me"));
        String request = "Could you please translate this for me?";

        assertThat(first(wordsOnly, embeddings, tools, List.of(), request)).isEqualTo("translate_text");
        assertThat(first(wordsOnly.toBuilder().fillerWords(Set.of()).build(), embeddings, tools, List.of(), request))
                .isEqualTo("ask_anything");
    }

    @Test
    void the_keyword_request_drops_filler_words_in_any_case_and_keeps_the_rest() {
        assertThat(HybridToolIndex.keywordRequest(
                        "Hey, could you PLEASE find me flights to Lisbon? I'm in a hurry",
                        HybridConfig.DEFAULT_FILLER_WORDS))
                .isEqualTo("find flights to Lisbon in a hurry ");
        assertThat(HybridToolIndex.keywordRequest("can you help me", HybridConfig.DEFAULT_FILLER_WORDS))
                .isEmpty();
        assertThat(HybridToolIndex.keywordRequest("can you help me", Set.of())).isEqualTo("can you help me");
    }

    @Test
    void the_keyword_request_of_a_long_paste_stops_where_bm25_stops_reading() {
        String paste = "please find flights ".repeat(50_000); // a megabyte
        String keywords = HybridToolIndex.keywordRequest(paste, HybridConfig.DEFAULT_FILLER_WORDS);

        int max = Bm25ToolIndex.MAX_REQUEST_CHARS;
        assertThat(keywords.length()).isBetween(max, max + "flights ".length());
        assertThat(keywords).startsWith("find flights find flights ");
    }

    @Test
    void a_tool_both_rankings_place_first_beats_tools_only_one_ranking_finds() {
        registry.register(tool("create_event", "google", "Creates a calendar event"));
        registry.register(tool("list_meetings", "google", "Lists the meetings of a day"));
        registry.register(tool("send_mail", "google", "Sends an email"));

        List<String> found = names("schedule a calendar event with Ana", RetrievalFilter.all(), 3);

        assertThat(found.getFirst()).isEqualTo("create_event");
        assertThat(found).contains("list_meetings");
    }

    @Test
    void the_provider_filter_holds_for_tools_found_by_meaning() {
        registry.register(tool("get_forecast", "weather", "Current conditions and the forecast"));
        registry.register(tool("sunny_days", "other", "Counts the sunny days of a year"));

        assertThat(names("will it rain tomorrow?", RetrievalFilter.providers(Set.of("other")), 5))
                .containsExactly("sunny_days");
        assertThat(names("will it rain tomorrow?", RetrievalFilter.providers(Set.of()), 5))
                .isEmpty();
        assertThat(names("will it rain tomorrow?", RetrievalFilter.all().and(n -> !n.equals("get_forecast")), 5))
                .containsExactly("sunny_days");
    }

    @Test
    void the_provider_filter_holds_for_tools_found_by_the_requests_they_served() {
        registry.register(tool("lookup", "crm", "Looks up a record"));
        registry.register(tool("send_mail", "google", "Sends an email"));
        index.learn("lookup", "forecast for the mail");

        assertThat(names("what's the temperature", RetrievalFilter.all(), 5)).contains("lookup");
        assertThat(names("what's the temperature", RetrievalFilter.providers(Set.of("google")), 5))
                .doesNotContain("lookup");
        assertThat(names("what's the temperature", RetrievalFilter.all().and(n -> !n.equals("lookup")), 5))
                .doesNotContain("lookup");
    }

    @Test
    void a_removed_tool_is_not_found_by_meaning() {
        Tool forecast = tool("get_forecast", "weather", "Current conditions and the forecast");
        registry.register(forecast);
        index.learn("get_forecast", "is it sunny in Porto");

        registry.unregister(forecast.name());

        assertThat(names("will it rain tomorrow?", RetrievalFilter.all(), 5)).isEmpty();
    }

    @Test
    void served_requests_teach_the_vector_ranking_too() {
        HybridConfig wordsOnlyLearning =
                HybridConfig.defaults().toBuilder().learnVectors(false).build();
        ToolRegistry control = new ToolRegistry();
        try (HybridToolIndex unlearned =
                HybridToolIndex.following(control, RetrievalConfig.defaults(), embeddings, wordsOnlyLearning)) {
            for (ToolRegistry r : List.of(registry, control)) {
                r.register(tool("lookup", "crm", "Looks up a record"));
                r.register(tool("send_mail", "google", "Sends an email"));
            }
            String request = "what's the temperature in my inbox";
            assertThat(names(request, RetrievalFilter.all(), 2)).first().isEqualTo("send_mail");

            // shares no word with the request, but means the same: only its vector can help
            index.learn("lookup", "forecast for the mail");
            unlearned.learn("lookup", "forecast for the mail");

            assertThat(names(request, RetrievalFilter.all(), 2)).first().isEqualTo("lookup");
            assertThat(unlearned.search(request, RetrievalFilter.all(), 2))
                    .first()
                    .extracting(ScoredTool::name)
                    .isEqualTo("send_mail");
        }
    }
}
