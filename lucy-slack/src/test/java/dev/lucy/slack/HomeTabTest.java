package dev.lucy.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HomeTabTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(HomeTab tab) throws Exception {
        return JSON.readTree(tab.json());
    }

    @Test
    void writes_a_home_view_with_sections_buttons_and_escaped_text() throws Exception {
        HomeTab tab = HomeTab.builder()
                .header("What I remember about you")
                .item(HomeTab.Item.of(
                        HomeTab.escape("You prefer <tables> & \"charts\""),
                        HomeTab.Button.of("forget", "Forget", "fact-1").asDanger()))
                .divider()
                .context("How to use me")
                .buttons(List.of(HomeTab.Button.of("a", "A", "1"), HomeTab.Button.of("b", "B", "2")))
                .build();

        JsonNode view = parse(tab);
        assertThat(view.path("type").asText()).isEqualTo("home");
        assertThat(tab.blocks()).isEqualTo(5);
        JsonNode item = view.path("blocks").get(1);
        assertThat(item.path("text").path("text").asText()).isEqualTo("You prefer &lt;tables&gt; &amp; \"charts\"");
        assertThat(item.path("accessory").path("value").asText()).isEqualTo("fact-1");
        assertThat(item.path("accessory").path("style").asText()).isEqualTo("danger");
        assertThat(view.path("blocks").get(4).path("elements")).hasSize(2);
    }

    @Test
    void cuts_a_long_list_with_and_n_more_and_long_text_within_slacks_limits() throws Exception {
        List<Integer> many = IntStream.range(0, 30).boxed().toList();
        HomeTab tab = HomeTab.builder()
                .header("h".repeat(400))
                .list(many, 10, i -> HomeTab.Item.of("x".repeat(5_000)), "none")
                .list(List.<Integer>of(), 10, i -> HomeTab.Item.of("never"), "Nothing yet.")
                .build();

        JsonNode blocks = parse(tab).path("blocks");
        assertThat(blocks).hasSize(1 + 10 + 1 + 1);
        assertThat(blocks.get(0).path("text").path("text").asText()).hasSize(HomeTab.MAX_HEADER_CHARS);
        assertThat(blocks.get(1).path("text").path("text").asText()).hasSize(HomeTab.MAX_SECTION_CHARS);
        assertThat(blocks.get(11).path("elements").get(0).path("text").asText()).isEqualTo("and 20 more");
        assertThat(blocks.get(12).path("text").path("text").asText()).isEqualTo("Nothing yet.");
    }

    @Test
    void never_holds_more_blocks_than_a_view_may_and_says_the_rest_was_cut() throws Exception {
        HomeTab.Builder builder = HomeTab.builder();
        IntStream.range(0, 150).forEach(i -> builder.section("line " + i));

        HomeTab tab = builder.build();

        JsonNode blocks = parse(tab).path("blocks");
        assertThat(blocks).hasSize(HomeTab.MAX_BLOCKS);
        assertThat(blocks.get(HomeTab.MAX_BLOCKS - 1)
                        .path("elements")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo(HomeTab.CUT_NOTE);
    }
}
